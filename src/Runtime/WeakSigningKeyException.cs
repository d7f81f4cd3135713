using System;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Thrown by <see cref="SigningKeys"/> when signing-key material is missing, malformed, too short for its algorithm,
/// well known, a placeholder, or otherwise guessable. The message says what is wrong and how to fix it; it never
/// contains the key material.
/// </summary>
public sealed class WeakSigningKeyException : Exception
{
    /// <summary>Creates the exception with a message that must not contain key material.</summary>
    /// <param name="message">What is wrong with the key and how to fix it.</param>
    public WeakSigningKeyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that must not contain key material.</summary>
    /// <param name="message">What is wrong with the key and how to fix it.</param>
    /// <param name="source">The configuration key or environment variable the key was read from, if any.</param>
    public WeakSigningKeyException(string message, string? source)
        : base(message)
    {
        KeySource = source;
    }

    /// <summary>
    /// The configuration key (for example <c>Jwt:SigningKey</c>) or environment variable the key was read from,
    /// or <see langword="null"/> when the key was passed directly.
    /// </summary>
    public string? KeySource { get; }
}
