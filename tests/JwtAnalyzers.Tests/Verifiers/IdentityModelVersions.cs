using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Tests.Verifiers;

/// <summary>
/// Reference sets for the served IdentityModel majors: 6.33.0 (with Logging 7.5.0, the nearest served version),
/// 7.7.1, and 8.23.0 (the default set). Framework references are .NET 10, so the older libraries bind without CS1705.
/// </summary>
public static class IdentityModelVersions
{
    public static ImmutableArray<MetadataReference> For(string version) => version switch
    {
        "8.23.0" => TestReferences.Default,
        "7.7.1" => Build("7.7.1", "7.7.1"),
        "6.33.0" => Build("6.33.0", "7.5.0"),
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    public static TheoryData<string> Served => new() { "6.33.0", "7.7.1", "8.23.0" };

    private static ImmutableArray<MetadataReference> Build(string version, string loggingVersion)
    {
        var tfm = version.StartsWith('6') ? "net6.0" : "net8.0";
        return TestReferences.Framework
            .AddRange(TestReferences.FromPackage("Microsoft.IdentityModel.Abstractions", version, tfm))
            .AddRange(TestReferences.FromPackage("Microsoft.IdentityModel.Logging", loggingVersion, "net8.0"))
            .AddRange(TestReferences.FromPackage("Microsoft.IdentityModel.Tokens", version, tfm))
            .AddRange(TestReferences.FromPackage("Microsoft.IdentityModel.JsonWebTokens", version, tfm))
            .AddRange(TestReferences.FromPackage("System.IdentityModel.Tokens.Jwt", version, tfm));
    }
}
