namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>Where the bytes of one possible key value come from.</summary>
internal enum KeySource
{
    /// <summary>Not known at compile time (configuration, environment, a parameter, an unknown call...).</summary>
    Unknown,

    /// <summary>Built only from literals in the source (string, byte array, base64/hex text, or a hash/padding of those).</summary>
    Literal,

    /// <summary>Generated at run time with a length known at compile time (<c>RandomNumberGenerator.GetBytes(16)</c>, <c>new byte[16]</c>).</summary>
    Generated,
}

/// <summary>One value a key expression may have.</summary>
internal readonly struct KeyCandidate
{
    public KeyCandidate(KeySource source, int? length, string? text, string? seed)
    {
        Source = source;
        Length = length;
        Text = text;
        Seed = seed;
    }

    public KeySource Source { get; }

    /// <summary>Length of the key in bytes, when known.</summary>
    public int? Length { get; }

    /// <summary>The literal text the key bytes are made of (before encoding), when known.</summary>
    public string? Text { get; }

    /// <summary>For a key derived from a literal (hashed, padded), the literal it was derived from.</summary>
    public string? Seed { get; }

    public bool IsEmpty => Length == 0 || (Text is not null && Text.Length == 0);

    public bool IsWellKnown => WellKnownSecrets.Contains(Text) || WellKnownSecrets.Contains(Seed);

    public static KeyCandidate Unknown { get; } = new(KeySource.Unknown, null, null, null);
}
