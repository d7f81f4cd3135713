using System.IO.Compression;
using System.Reflection;

namespace JwtAnalyzers.PackageTests;

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackagesFixture>
{
    public const string Name = "Packages";
}

/// <summary>
/// Packs JwtAnalyzers, JwtAnalyzers.Runtime and JwtAnalyzers.Runtime.Storage once for all tests, with a version unique to this run
/// (0.0.0-e2e.&lt;ticks&gt;) so that the NuGet cache never serves a stale copy, into a temporary local folder feed.
/// Then creates a fresh consumer project (<see cref="ConsumerProject"/>) that installs them from that feed, and
/// restores it once; the tests build it with --no-restore. Everything is deleted at the end, including the
/// unique version's folders in the NuGet cache.
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(5);

    public static string RepoRoot { get; } = GetMetadata("RepoRoot");

    public string Version { get; } = $"0.0.0-e2e.{DateTime.UtcNow.Ticks}";

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "jwtanalyzers-packagetests-" + Guid.NewGuid().ToString("N")[..12]);

    public string FeedDirectory => Path.Combine(WorkDirectory, "feed");

    public string AnalyzerPackagePath => Path.Combine(FeedDirectory, $"JwtAnalyzers.{Version}.nupkg");

    public string RuntimePackagePath => Path.Combine(FeedDirectory, $"JwtAnalyzers.Runtime.{Version}.nupkg");

    public string StoragePackagePath => Path.Combine(FeedDirectory, $"JwtAnalyzers.Runtime.Storage.{Version}.nupkg");

    public ConsumerProject Consumer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);

        // The analyzer pack shares no project with the runtime packs, so they run side by side. Packing the runtime
        // does not pack the storage project it references, so that one is packed after it (it is already built).
        var packs = await Task.WhenAll(
            PackAsync(Path.Combine("src", "Package", "JwtAnalyzers.Package.csproj")),
            PackAsync(Path.Combine("src", "Runtime", "JwtAnalyzers.Runtime.csproj")));
        var storagePack = await PackAsync(Path.Combine("src", "Runtime.Storage", "JwtAnalyzers.Runtime.Storage.csproj"));
        Assert.True(storagePack.ExitCode == 0, storagePack.ToString());
        Assert.True(File.Exists(StoragePackagePath), $"{StoragePackagePath} was not produced.\n{storagePack}");
        foreach (var pack in packs)
        {
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }

        Assert.True(File.Exists(AnalyzerPackagePath), $"{AnalyzerPackagePath} was not produced.\n{packs[0]}");
        Assert.True(File.Exists(RuntimePackagePath), $"{RuntimePackagePath} was not produced.\n{packs[1]}");

        Consumer = await ConsumerProject.CreateAsync(Path.Combine(WorkDirectory, "consumer"), FeedDirectory, Version);
    }

    public Task DisposeAsync()
    {
        TryDelete(WorkDirectory);
        var packageRoot = GetMetadata("NuGetPackageRoot");
        if (packageRoot.Length > 0)
        {
            TryDelete(Path.Combine(packageRoot, "jwtanalyzers", Version));
            TryDelete(Path.Combine(packageRoot, "jwtanalyzers.runtime", Version));
            TryDelete(Path.Combine(packageRoot, "jwtanalyzers.runtime.storage", Version));
        }

        return Task.CompletedTask;
    }

    public static ZipArchive Open(string packagePath) => ZipFile.OpenRead(packagePath);

    /// <summary>
    /// Packs in the configuration this test project was built in (Debug for the README's <c>dotnet test</c>): the
    /// projects were built by that same command, so the pack's build is an up-to-date check instead of a second,
    /// Release, compile of the analyzers and the runtime. The package layout does not depend on the configuration.
    /// </summary>
    private Task<DotNetResult> PackAsync(string project) =>
        DotNet.RunAsync(RepoRoot, PackTimeout,
            "pack", project, "-c", Configuration, "-o", FeedDirectory, $"-p:PackageVersion={Version}", "-nodeReuse:false");

    private static string Configuration => GetMetadata("Configuration") is { Length: > 0 } configuration ? configuration : "Debug";

    private static string GetMetadata(string key) =>
        typeof(PackagesFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value ?? "";

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder does not invalidate the results.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
