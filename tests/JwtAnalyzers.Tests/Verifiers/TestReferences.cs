using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Tests.Verifiers;

/// <summary>
/// The metadata references test compilations are built against: the .NET 10 and ASP.NET Core 10 reference packs that
/// ship with the SDK, plus the real library assemblies this test project restores (IdentityModel 8.23.0, JwtBearer and
/// OpenIdConnect 10.0.15, the runtime library). Deterministic and offline: nothing is downloaded at test time.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_libraries = new(LoadLibraries);
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_runtime = new(() => ImmutableArray.Create<MetadataReference>(
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "JwtAnalyzers.Runtime.dll")),
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "JwtAnalyzers.Runtime.Storage.dll"))));

    /// <summary>.NET 10 + ASP.NET Core 10 reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> Framework => s_framework.Value;

    /// <summary>IdentityModel 8.23.0, JwtBearer 10.0.15, OpenIdConnect 10.0.15.</summary>
    public static ImmutableArray<MetadataReference> IdentityModel => s_libraries.Value;

    /// <summary>The JwtAnalyzers.Runtime assembly (for code fixes that rewrite to it).</summary>
    public static ImmutableArray<MetadataReference> Runtime => s_runtime.Value;

    /// <summary>The default set: framework + IdentityModel/ASP.NET Core authentication libraries.</summary>
    public static ImmutableArray<MetadataReference> Default => Framework.AddRange(IdentityModel);

    /// <summary>Only the base class library (no ASP.NET Core, no JWT library): a console app or class library.</summary>
    public static ImmutableArray<MetadataReference> Bcl => s_bcl.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_bcl = new(() => Directory.GetFiles(FindPack("Microsoft.NETCore.App.Ref"), "*.dll")
        .OrderBy(f => f, StringComparer.Ordinal)
        .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
        .ToImmutableArray());

    /// <summary>Only the framework: a project that does not use any JWT library.</summary>
    public static ImmutableArray<MetadataReference> FrameworkOnly => Framework;

    /// <summary>Jwt.Net (NuGet <c>JWT</c>) 7.3.1, as referenced by this project.</summary>
    public static ImmutableArray<MetadataReference> JwtNet => FromOutput("JWT.dll");

    /// <summary>jose-jwt 5.3.0, as referenced by this project.</summary>
    public static ImmutableArray<MetadataReference> JoseJwt => FromOutput("jose-jwt.dll");

    /// <summary>Serilog 4.4.0 and NLog 6.2.2, as referenced by this project (logging sinks of JWT017).</summary>
    public static ImmutableArray<MetadataReference> LoggingLibraries => FromOutput("Serilog.dll", "NLog.dll");

    public static ImmutableArray<MetadataReference> FromOutput(params string[] fileNames)
        => fileNames.Select(n => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, n))).ToImmutableArray();

    /// <summary>
    /// The assemblies of a package version that the test project downloads (<c>PackageDownload</c>) without referencing,
    /// for example <c>FromPackage("JWT", "6.1.0", "netstandard2.0")</c>.
    /// </summary>
    public static ImmutableArray<MetadataReference> FromPackage(string id, string version, string targetFramework)
    {
        var directory = Path.Combine(NuGetPackageRoot, id.ToLowerInvariant(), version, "lib", targetFramework);
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Package {id} {version} ({targetFramework}) is not in the NuGet cache at '{directory}'. Add <PackageDownload Include=\"{id}\" Version=\"[{version}]\" /> to the test project and restore.");
        }

        return Directory.GetFiles(directory, "*.dll").OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    public static string NuGetPackageRoot
        => typeof(TestReferences).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
               .Cast<System.Reflection.AssemblyMetadataAttribute>()
               .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value
           ?? throw new InvalidOperationException("NuGetPackageRoot metadata missing from the test assembly.");

    public static string DotNetRoot
    {
        get
        {
            // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
            var coreLib = typeof(object).Assembly.Location;
            return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(coreLib)!, "..", "..", ".."));
        }
    }

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var directory = FindPack(pack);
            foreach (var file in Directory.GetFiles(directory, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
            {
                builder.Add(MetadataReference.CreateFromFile(file));
            }
        }

        return builder.ToImmutable();
    }

    private static string FindPack(string pack)
    {
        var packRoot = Path.Combine(DotNetRoot, "packs", pack);
        var candidates = Directory.Exists(packRoot)
            ? Directory.GetDirectories(packRoot)
                .Select(d => (Directory: Path.Combine(d, "ref", "net10.0"), Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)))
                .Where(c => Directory.Exists(c.Directory))
                .OrderByDescending(c => c.Version)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"The {pack} targeting pack for net10.0 was not found under '{packRoot}'. The tests need the .NET 10 SDK.");
        }

        return candidates[0].Directory;
    }

    private static ImmutableArray<MetadataReference> LoadLibraries()
    {
        string[] names =
        [
            "Microsoft.IdentityModel.Abstractions.dll",
            "Microsoft.IdentityModel.Logging.dll",
            "Microsoft.IdentityModel.Tokens.dll",
            "Microsoft.IdentityModel.JsonWebTokens.dll",
            "System.IdentityModel.Tokens.Jwt.dll",
            "Microsoft.IdentityModel.Protocols.dll",
            "Microsoft.IdentityModel.Protocols.OpenIdConnect.dll",
            "Microsoft.AspNetCore.Authentication.JwtBearer.dll",
            "Microsoft.AspNetCore.Authentication.OpenIdConnect.dll",
        ];
        return names.Select(n => (MetadataReference)MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, n))).ToImmutableArray();
    }
}
