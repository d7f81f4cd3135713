using System;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// The revocation store (the <c>IDistributedCache</c>, for example Redis) could not be reached. Validation turns it into
/// a rejection with reason <see cref="JwtValidationReasons.RevocationUnavailable"/> unless fail-open is configured.
/// </summary>
public sealed class TokenRevocationStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The store's exception.</param>
    public TokenRevocationStoreUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
