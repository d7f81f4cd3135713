using System.Reflection;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Benchmarks;

/// <summary>
/// The metadata references a generated (or given) project compiles against: the .NET and ASP.NET Core reference
/// assemblies of the installed SDK (<c>packs/Microsoft.NETCore.App.Ref</c>, <c>packs/Microsoft.AspNetCore.App.Ref</c>;
/// the runtime's shared framework folders when a pack is missing), plus the libraries this benchmark project restores
/// from NuGet, as a real project referencing them would.
/// </summary>
internal sealed class ReferenceSet
{
    /// <summary>Assemblies of the JWT libraries (and what they depend on), copied to the output folder by NuGet.</summary>
    private static readonly string[] JwtLibraryAssemblies =
    [
        "Microsoft.IdentityModel.Abstractions",
        "Microsoft.IdentityModel.Logging",
        "Microsoft.IdentityModel.Tokens",
        "Microsoft.IdentityModel.JsonWebTokens",
        "System.IdentityModel.Tokens.Jwt",
        "Microsoft.IdentityModel.Protocols",
        "Microsoft.IdentityModel.Protocols.OpenIdConnect",
        "Microsoft.AspNetCore.Authentication.JwtBearer",
        "Microsoft.AspNetCore.Authentication.OpenIdConnect",
        "JWT",
        "jose-jwt",
        "Newtonsoft.Json",
    ];

    /// <summary>Restored packages every ASP.NET Core project may carry, JWT or not.</summary>
    private static readonly string[] CommonPackageAssemblies = ["Microsoft.JSInterop"];

    private ReferenceSet(IReadOnlyList<MetadataReference> withJwt, IReadOnlyList<MetadataReference> withoutJwt, string frameworkSource)
    {
        WithJwt = withJwt;
        WithoutJwt = withoutJwt;
        FrameworkSource = frameworkSource;
    }

    /// <summary>Framework + JS interop + every JWT library.</summary>
    public IReadOnlyList<MetadataReference> WithJwt { get; }

    /// <summary>Framework + JS interop: "ASP.NET Core referenced, no JWT library".</summary>
    public IReadOnlyList<MetadataReference> WithoutJwt { get; }

    /// <summary>Where the framework references came from (printed with the results).</summary>
    public string FrameworkSource { get; }

    public static ReferenceSet Load()
    {
        var (framework, source) = FrameworkAssemblies();
        var outputFolder = AppContext.BaseDirectory;

        Dictionary<string, string> Add(Dictionary<string, string> byName, IEnumerable<string> names)
        {
            var result = new Dictionary<string, string>(byName, StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                var path = Path.Combine(outputFolder, name + ".dll");
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"'{path}' is missing: build the benchmark project (dotnet build -c Release benchmarks/JwtAnalyzers.Benchmarks) so NuGet copies the referenced libraries.");
                }

                // A package assembly replaces the framework's of the same name, as NuGet's conflict resolution does
                // when the package is newer (Microsoft.JSInterop).
                result[name] = path;
            }

            return result;
        }

        var withoutJwt = Add(framework, CommonPackageAssemblies);
        var withJwt = Add(withoutJwt, JwtLibraryAssemblies);
        return new ReferenceSet(ToReferences(withJwt), ToReferences(withoutJwt), source);
    }

    private static List<MetadataReference> ToReferences(Dictionary<string, string> byName)
        => byName.Values.OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();

    private static (Dictionary<string, string> Assemblies, string Source) FrameworkAssemblies()
    {
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeFolder, "..", "..", ".."));
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var netCore = RefPack(dotnetRoot, "Microsoft.NETCore.App.Ref", tfm);
        var aspNetCore = RefPack(dotnetRoot, "Microsoft.AspNetCore.App.Ref", tfm);
        var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string source;
        if (netCore is not null && aspNetCore is not null)
        {
            AddManaged(assemblies, netCore);
            AddManaged(assemblies, aspNetCore);
            source = $"reference packs {netCore} and {aspNetCore}";
        }
        else
        {
            // No targeting packs: compile against the implementation assemblies of the shared frameworks.
            var aspNetRuntime = Path.Combine(dotnetRoot, "shared", "Microsoft.AspNetCore.App", Path.GetFileName(runtimeFolder));
            AddManaged(assemblies, runtimeFolder);
            if (Directory.Exists(aspNetRuntime))
            {
                AddManaged(assemblies, aspNetRuntime);
            }

            source = $"shared frameworks {runtimeFolder} and {aspNetRuntime}";
        }

        return (assemblies, source);
    }

    private static string? RefPack(string dotnetRoot, string pack, string tfm)
    {
        var packFolder = Path.Combine(dotnetRoot, "packs", pack);
        if (!Directory.Exists(packFolder))
        {
            return null;
        }

        return Directory.GetDirectories(packFolder)
            .Select(d => (Folder: Path.Combine(d, "ref", tfm), Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0)))
            .Where(x => Directory.Exists(x.Folder) && x.Version.Major == Environment.Version.Major)
            .OrderByDescending(x => x.Version)
            .Select(x => x.Folder)
            .FirstOrDefault();
    }

    private static void AddManaged(Dictionary<string, string> assemblies, string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.dll"))
        {
            try
            {
                AssemblyName.GetAssemblyName(file);
            }
            catch (BadImageFormatException)
            {
                continue;
            }

            assemblies[Path.GetFileNameWithoutExtension(file)] = file;
        }
    }
}
