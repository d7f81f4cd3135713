using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace JwtAnalyzers.PackageTests;

/// <summary>Opens the two packed .nupkg files and checks exactly what they contain.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PackageContentTests(PackagesFixture packages)
{
    private static readonly string[] Presets = ["Default", "AllWarnings", "AllErrors", "Strict", "None"];

    [Fact]
    public void AnalyzerPackage_ContainsOnlyAnalyzersBuildPropsPresetsAndReadme()
    {
        using var package = PackagesFixture.Open(packages.AnalyzerPackagePath);
        string[] expected =
        [
            "README.md",
            "analyzers/dotnet/cs/JwtAnalyzers.CodeFixes.dll",
            "analyzers/dotnet/cs/JwtAnalyzers.dll",
            "build/JwtAnalyzers.props",
            "buildTransitive/JwtAnalyzers.props",
            .. Presets.Select(p => $"presets/JwtAnalyzers.{p}.globalconfig"),
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), ContentFiles(package));
        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>nuget.org shows the packed README outside the repository: a relative link there leads nowhere.</summary>
    [Fact]
    public void PackageReadmes_HaveOnlyAbsoluteLinks()
    {
        foreach (var path in new[] { packages.AnalyzerPackagePath, packages.RuntimePackagePath, packages.StoragePackagePath })
        {
            using var package = PackagesFixture.Open(path);
            var readme = ReadText(package.GetEntry("README.md") ?? throw new InvalidOperationException($"{path}: README.md missing"));
            var relative = System.Text.RegularExpressions.Regex.Matches(readme, @"\]\(([^)\s]+)\)")
                .Select(m => m.Groups[1].Value)
                .Where(target => !target.StartsWith("https://", StringComparison.Ordinal) && !target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith('#'))
                .ToArray();
            Assert.True(relative.Length == 0, $"{Path.GetFileName(path)}: relative links in README.md: {string.Join(", ", relative)}");
        }
    }

    [Fact]
    public void AnalyzerPackage_IsDevelopmentDependencyWithoutDependencies()
    {
        using var package = PackagesFixture.Open(packages.AnalyzerPackagePath);
        var metadata = Nuspec(package, "JwtAnalyzers.nuspec");

        Assert.Equal("JwtAnalyzers", Value(metadata, "id"));
        Assert.Equal(packages.Version, Value(metadata, "version"));
        Assert.Equal("true", Value(metadata, "developmentDependency"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName is "dependency" or "frameworkReference");
    }

    [Fact]
    public void AnalyzerPackage_AssembliesLoadInRoslyn48Hosts()
    {
        using var package = PackagesFixture.Open(packages.AnalyzerPackagePath);

        var analyzer = AssemblyReferences(package, "analyzers/dotnet/cs/JwtAnalyzers.dll");
        var codeFixes = AssemblyReferences(package, "analyzers/dotnet/cs/JwtAnalyzers.CodeFixes.dll");

        // A newer Microsoft.CodeAnalysis than the host's makes the analyzers fail to load (CS8032).
        foreach (var (name, version) in analyzer.Concat(codeFixes).Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)))
        {
            Assert.True(version <= new Version(4, 8, 0, 0), $"{name} {version} is newer than Roslyn 4.8.0");
        }

        Assert.Contains(analyzer, r => r.Name == "Microsoft.CodeAnalysis.CSharp");
        // RS1038: the analyzer assembly must load in the command-line compiler, which has no Workspaces.
        Assert.DoesNotContain(analyzer, r => r.Name.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal)
            || r.Name.StartsWith("Microsoft.CodeAnalysis.CSharp.Workspaces", StringComparison.Ordinal));
    }

    [Fact]
    public void AnalyzerPackage_PresetsAndPropsAreTheSourceFiles()
    {
        using var package = PackagesFixture.Open(packages.AnalyzerPackagePath);
        var source = Path.Combine(PackagesFixture.RepoRoot, "src", "Package");

        foreach (var entry in package.Entries.Where(e => e.FullName.StartsWith("presets/", StringComparison.Ordinal) || e.FullName.EndsWith(".props", StringComparison.Ordinal)))
        {
            Assert.Equal(File.ReadAllText(Path.Combine(source, entry.FullName)), ReadText(entry));
        }
    }

    [Fact]
    public void RuntimePackage_ContainsLibraryWithXmlDocsAndReadme()
    {
        using var package = PackagesFixture.Open(packages.RuntimePackagePath);
        string[] expected =
        [
            "README.md",
            "lib/net8.0/JwtAnalyzers.Runtime.dll",
            "lib/net8.0/JwtAnalyzers.Runtime.xml",
        ];

        Assert.Equal(expected, ContentFiles(package));
        var metadata = Nuspec(package, "JwtAnalyzers.Runtime.nuspec");
        Assert.Equal("JwtAnalyzers.Runtime", Value(metadata, "id"));
        Assert.Equal(packages.Version, Value(metadata, "version"));
        Assert.Null(Value(metadata, "developmentDependency"));
    }

    [Fact]
    public void RuntimePackage_DependsOnExactlyItsPackageReferences()
    {
        using var package = PackagesFixture.Open(packages.RuntimePackagePath);
        var metadata = Nuspec(package, "JwtAnalyzers.Runtime.nuspec");

        var groups = metadata.Descendants().Where(e => e.Name.LocalName == "group" && e.Parent?.Name.LocalName == "dependencies").ToList();
        var group = Assert.Single(groups);
        Assert.Equal("net8.0", (string?)group.Attribute("targetFramework"));
        var dependencies = group.Elements()
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!))
            .OrderBy(d => d.Item1, StringComparer.Ordinal)
            .ToArray();

        var expected = ExpectedRuntimeDependencies()
            .Append(("JwtAnalyzers.Runtime.Storage", packages.Version))
            .OrderBy(d => d.Item1, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, dependencies);
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "frameworkReference" && (string?)e.Attribute("name") == "Microsoft.AspNetCore.App");
    }

    [Fact]
    public void StoragePackage_IsUsableWithoutAspNetCore()
    {
        // The token store must work in Blazor WebAssembly: no ASP.NET Core framework reference, no IdentityModel.
        using var package = PackagesFixture.Open(packages.StoragePackagePath);
        string[] expected =
        [
            "README.md",
            "lib/net8.0/JwtAnalyzers.Runtime.Storage.dll",
            "lib/net8.0/JwtAnalyzers.Runtime.Storage.xml",
        ];
        Assert.Equal(expected, ContentFiles(package));

        var metadata = Nuspec(package, "JwtAnalyzers.Runtime.Storage.nuspec");
        Assert.Equal("JwtAnalyzers.Runtime.Storage", Value(metadata, "id"));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "frameworkReference");
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToArray();
        // Options: ValidateOnStart, the start-up check that no later registration replaces the scoped store (issue 12).
        Assert.Equal(["Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options"], dependencies.Order(StringComparer.Ordinal));

        var dll = package.Entries.Single(e => e.FullName == "lib/net8.0/JwtAnalyzers.Runtime.Storage.dll");
        using var stream = new MemoryStream();
        using (var entry = dll.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToArray();
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal) || r == "Microsoft.JSInterop");
    }

    /// <summary>The PackageReferences of src/Runtime with their central (or overridden) versions.</summary>
    private static (string Id, string Version)[] ExpectedRuntimeDependencies()
    {
        var project = XDocument.Load(Path.Combine(PackagesFixture.RepoRoot, "src", "Runtime", "JwtAnalyzers.Runtime.csproj"));
        var central = XDocument.Load(Path.Combine(PackagesFixture.RepoRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

        return project.Descendants("PackageReference")
            .Where(e => (string?)e.Attribute("PrivateAssets") != "all")
            .Select(e => (string)e.Attribute("Include")!)
            .Select(id => (id, (string?)project.Descendants("PackageReference").First(e => (string)e.Attribute("Include")! == id).Attribute("VersionOverride") ?? central[id]))
            .OrderBy(d => d.id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Package entries without the OPC plumbing every .nupkg has.</summary>
    private static string[] ContentFiles(ZipArchive package) => package.Entries
        .Select(e => e.FullName)
        .Where(name => !name.StartsWith("_rels/", StringComparison.Ordinal)
            && !name.StartsWith("package/", StringComparison.Ordinal)
            && name != "[Content_Types].xml"
            && !name.EndsWith(".nuspec", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static XElement Nuspec(ZipArchive package, string name)
    {
        var document = XDocument.Parse(ReadText(package.GetEntry(name) ?? throw new InvalidOperationException($"{name} missing")));
        return document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string ReadText(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static List<(string Name, Version Version)> AssemblyReferences(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path) ?? throw new InvalidOperationException($"{path} missing");
        using var buffer = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences
            .Select(handle => reader.GetAssemblyReference(handle))
            .Select(r => (reader.GetString(r.Name), r.Version))
            .ToList();
    }
}
