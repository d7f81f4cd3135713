namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>A string value the evaluator knows (or knows it does not know).</summary>
internal readonly struct StringCandidate
{
    public StringCandidate(KeySource source, string? value, string? seed)
    {
        Source = source;
        Value = value;
        Seed = seed;
    }

    public KeySource Source { get; }

    public string? Value { get; }

    public string? Seed { get; }

    public static StringCandidate Unknown { get; } = new(KeySource.Unknown, null, null);
}
