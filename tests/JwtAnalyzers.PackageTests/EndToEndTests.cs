using System.Text.Json;

namespace JwtAnalyzers.PackageTests;

/// <summary>
/// Installs the packed JwtAnalyzers from a local folder feed into a fresh project (see <see cref="ConsumerProject"/>)
/// and builds it the way a user would.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class EndToEndTests(PackagesFixture packages)
{
    private ConsumerProject Consumer => packages.Consumer;

    [Fact]
    public async Task Build_ReportsTheWarningsInTheOutputAndInSarif()
    {
        Consumer.WriteEditorConfig();
        var sarifPath = Path.Combine(Consumer.Directory, "build.sarif");

        // The comma belongs to the value: quoted, so MSBuild does not read "version=2.1" as a second property.
        var result = await Consumer.BuildAsync($"-p:ErrorLog=\"{sarifPath},version=2.1\"");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ConsumerProject.ExpectedRuleIds.Select(id => ("warning", id)).ToHashSet(),
            ConsumerProject.JwtDiagnostics(result.Output));

        using var sarif = JsonDocument.Parse(File.ReadAllText(sarifPath));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (Id: r.GetProperty("ruleId").GetString()!, Level: r.GetProperty("level").GetString()!))
            .Where(r => r.Id.StartsWith("JWT", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(ConsumerProject.ExpectedRuleIds.Select(id => (id, "warning")).ToHashSet(), results);

        // Each reported rule is described in the log with its help link.
        var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Where(r => r.GetProperty("id").GetString()!.StartsWith("JWT", StringComparison.Ordinal))
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("helpUri").GetString());
        foreach (var id in ConsumerProject.ExpectedRuleIds)
        {
            Assert.EndsWith($"/docs/rules/{id}.md", rules[id]);
        }
    }

    [Fact]
    public async Task EditorConfigSeverityError_FailsTheBuild()
    {
        Consumer.WriteEditorConfig("dotnet_diagnostic.JWT003.severity = error");

        var result = await Consumer.BuildAsync();

        Assert.True(result.ExitCode != 0, result.ToString());
        var diagnostics = ConsumerProject.JwtDiagnostics(result.Output);
        Assert.Contains(("error", "JWT003"), diagnostics);
        Assert.Contains(("warning", "JWT004"), diagnostics);
        Assert.DoesNotContain(("warning", "JWT003"), diagnostics);
    }

    [Fact]
    public async Task AllErrorsMode_FailsTheBuildWithEveryRuleAsError()
    {
        Consumer.WriteEditorConfig();

        var result = await Consumer.BuildAsync("-p:JwtAnalyzersMode=AllErrors");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Equal(
            ConsumerProject.ExpectedRuleIds.Select(id => ("error", id)).ToHashSet(),
            ConsumerProject.JwtDiagnostics(result.Output));
    }

    [Fact]
    public async Task EditorConfig_OverridesThePreset()
    {
        // The presets are global configs with a low global_level: the user's .editorconfig wins.
        Consumer.WriteEditorConfig("dotnet_diagnostic.JWT003.severity = warning", "dotnet_diagnostic.JWT004.severity = none");

        var result = await Consumer.BuildAsync("-p:JwtAnalyzersMode=AllErrors");

        var diagnostics = ConsumerProject.JwtDiagnostics(result.Output);
        Assert.Contains(("warning", "JWT003"), diagnostics);
        Assert.Contains(("error", "JWT009"), diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.Id == "JWT004");
    }

    [Fact]
    public async Task NoneMode_ReportsNoJwtDiagnostics()
    {
        Consumer.WriteEditorConfig();

        var result = await Consumer.BuildAsync("-p:JwtAnalyzersMode=None");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(ConsumerProject.JwtDiagnostics(result.Output));
    }

    [Fact]
    public async Task UnknownMode_FailsWithAMessageListingTheModes()
    {
        Consumer.WriteEditorConfig();

        var result = await Consumer.BuildAsync("-p:JwtAnalyzersMode=Paranoid");

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("error JWTPKG001: JwtAnalyzersMode is 'Paranoid'; use one of Default, AllWarnings, AllErrors, Strict, None.", result.Output);
    }

    [Theory]
    [InlineData(null, "Default")]
    [InlineData("Default", "Default")]
    [InlineData("AllWarnings", "AllWarnings")]
    [InlineData("allerrors", "AllErrors")]
    [InlineData("Strict", "Strict")]
    [InlineData("None", "None")]
    public async Task Mode_SelectsExactlyOnePreset(string? mode, string preset)
    {
        var items = await Consumer.GetItemsAsync("GlobalAnalyzerConfigFiles", mode is null ? [] : [$"JwtAnalyzersMode={mode}"]);

        var presets = items.Where(i => Path.GetFileName(i).StartsWith("JwtAnalyzers.", StringComparison.Ordinal)).ToArray();
        var selected = Assert.Single(presets);
        Assert.EndsWith($"presets{Path.DirectorySeparatorChar}JwtAnalyzers.{preset}.globalconfig", selected);
        Assert.Contains(Path.Combine("jwtanalyzers", packages.Version), selected);
        Assert.True(File.Exists(selected), selected);
    }

    [Fact]
    public async Task AppSettings_AreAdditionalFilesUnlessOptedOut()
    {
        var included = await Consumer.GetItemsAsync("AdditionalFiles");
        var excluded = await Consumer.GetItemsAsync("AdditionalFiles", "JwtAnalyzersIncludeAppSettings=false");

        Assert.Contains("appsettings.json", included);
        Assert.DoesNotContain("appsettings.json", excluded);
    }
}
