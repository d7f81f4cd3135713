using System.Text.RegularExpressions;

namespace JwtAnalyzers.PackageTests;

/// <summary>
/// A fresh ASP.NET Core project outside the repository that installs JwtAnalyzers (PrivateAssets=all) and
/// JwtAnalyzers.Runtime from the local folder feed. Its nuget.config ADDS the feed to the machine's sources (no
/// &lt;clear/&gt;), so Microsoft.AspNetCore.Authentication.JwtBearer still comes from the configured NuGet source.
/// </summary>
public sealed partial class ConsumerProject
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The diagnostics <see cref="InsecureProgram"/> must produce with the default severities.</summary>
    public static readonly string[] ExpectedRuleIds = ["JWT003", "JWT004", "JWT009", "JWT013"];

    public const string InsecureProgram = """
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.IdentityModel.Tokens;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = "https://login.example.com";
                options.RequireHttpsMetadata = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateLifetime = false,
                    ValidateAudience = false,
                    ClockSkew = TimeSpan.FromHours(1),
                };
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/", () => "hello");
        app.Run();
        """;

    private ConsumerProject(string directory) => Directory = directory;

    public string Directory { get; }

    public string EditorConfigPath => Path.Combine(Directory, ".editorconfig");

    public static async Task<ConsumerProject> CreateAsync(string directory, string feedDirectory, string version)
    {
        System.IO.Directory.CreateDirectory(directory);

        // Isolation from whatever lies above the temporary folder: these stop the upward searches of MSBuild and
        // of .editorconfig.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="jwtanalyzers-local-feed" value="{feedDirectory}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="JwtAnalyzers" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="JwtAnalyzers.Runtime" Version="{version}" />
                <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="10.0.15" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), InsecureProgram);
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), """{ "Jwt": { "Issuer": "https://login.example.com" } }""");

        var project = new ConsumerProject(directory);
        project.WriteEditorConfig();

        var restore = await DotNet.RunAsync(directory, BuildTimeout, "restore", "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        return project;
    }

    /// <summary>Writes the project's root .editorconfig with the given lines under <c>[*.cs]</c>.</summary>
    public void WriteEditorConfig(params string[] csharpSettings)
    {
        File.WriteAllText(EditorConfigPath, "root = true\n\n[*.cs]\n" + string.Join('\n', csharpSettings) + "\n");
    }

    /// <summary>
    /// A full rebuild without restore: every build compiles, so its diagnostics are reported even when a previous
    /// build left up-to-date outputs.
    /// </summary>
    public Task<DotNetResult> BuildAsync(params string[] extraArguments) =>
        DotNet.RunAsync(Directory, BuildTimeout,
            ["build", "--no-restore", "--no-incremental", "-nodeReuse:false", "-p:UseAppHost=false", .. extraArguments]);

    /// <summary>
    /// An incremental build without restore, as a user runs it: CoreCompile is skipped when MSBuild finds its inputs
    /// up to date, and its diagnostics are then not printed again.
    /// </summary>
    public Task<DotNetResult> BuildIncrementalAsync(params string[] extraArguments) =>
        DotNet.RunAsync(Directory, BuildTimeout,
            ["build", "--no-restore", "-nodeReuse:false", "-p:UseAppHost=false", .. extraArguments]);

    /// <summary>Evaluates the project (no build) and returns the identities of the items of a type.</summary>
    public async Task<string[]> GetItemsAsync(string itemType, params string[] properties)
    {
        var result = await DotNet.RunAsync(Directory, BuildTimeout,
            ["msbuild", "Consumer.csproj", $"-getItem:{itemType}", "-nodeReuse:false", .. properties.Select(p => "-p:" + p)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return IdentityRegex().Matches(result.Output).Select(m => m.Groups[1].Value.Replace("\\\\", "\\")).ToArray();
    }

    /// <summary>The distinct (severity, id) pairs of the JWT diagnostics in a build output, e.g. ("warning", "JWT003").</summary>
    public static HashSet<(string Severity, string Id)> JwtDiagnostics(string output) =>
        DiagnosticRegex().Matches(output).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToHashSet();

    [GeneratedRegex("""
        "Identity":\s*"([^"]*)"
        """)]
    private static partial Regex IdentityRegex();

    [GeneratedRegex(@": (warning|error) (JWT\d{3}):")]
    private static partial Regex DiagnosticRegex();
}
