using System.Collections.Immutable;
using System.Linq;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>The possible values of a key expression, plus the names seen on the way (used to name the configuration key a fix moves the secret to).</summary>
internal sealed class KeyMaterial
{
    public KeyMaterial(ImmutableArray<KeyCandidate> candidates, string? memberName, string? memberContainer, string? configurationKey, string? environmentVariable)
    {
        Candidates = candidates;
        MemberName = memberName;
        MemberContainer = memberContainer;
        ConfigurationKey = configurationKey;
        EnvironmentVariable = environmentVariable;
    }

    public ImmutableArray<KeyCandidate> Candidates { get; }

    /// <summary>The field, constant or property the literal went through (closest to the literal), if any.</summary>
    public string? MemberName { get; }

    /// <summary>The name of the type declaring <see cref="MemberName"/>.</summary>
    public string? MemberContainer { get; }

    /// <summary>The constant key of a configuration read seen in the expression (<c>config["Jwt:Key"] ?? "dev"</c>).</summary>
    public string? ConfigurationKey { get; }

    /// <summary>The constant name of an environment variable read seen in the expression.</summary>
    public string? EnvironmentVariable { get; }

    /// <summary>True when the key may be a non-empty value built from literals.</summary>
    public bool IsHardCoded => Candidates.Any(c => c.Source == KeySource.Literal && !c.IsEmpty);
}
