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
    public async Task AllErrorsAfterANormalBuild_RecompilesAndFailsTheBuild()
    {
        // The gate must not pass on a stale compile: the preset is an input of CoreCompile (issue 13, item 6).
        Consumer.WriteEditorConfig();
        var normal = await Consumer.BuildIncrementalAsync();
        Assert.True(normal.ExitCode == 0, normal.ToString());

        var gate = await Consumer.BuildIncrementalAsync("-p:JwtAnalyzersMode=AllErrors");

        Assert.True(gate.ExitCode != 0, gate.ToString());
        Assert.Equal(
            ConsumerProject.ExpectedRuleIds.Select(id => ("error", id)).ToHashSet(),
            ConsumerProject.JwtDiagnostics(gate.Output));

        // And back: the default preset compiles again and reports warnings, not a stale failure or silence.
        var back = await Consumer.BuildIncrementalAsync();
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal(
            ConsumerProject.ExpectedRuleIds.Select(id => ("warning", id)).ToHashSet(),
            ConsumerProject.JwtDiagnostics(back.Output));
    }

    [Fact]
    public async Task UpToDateBuild_StillCompiles_WhenTheSarifPathIsAdded()
    {
        Consumer.WriteEditorConfig();
        var first = await Consumer.BuildIncrementalAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        var upToDate = await Consumer.BuildIncrementalAsync();
        Assert.True(upToDate.ExitCode == 0, upToDate.ToString());
        Assert.Empty(ConsumerProject.JwtDiagnostics(upToDate.Output));

        var sarifPath = Path.Combine(Consumer.Directory, "incremental.sarif");
        File.Delete(sarifPath);
        var withSarif = await Consumer.BuildIncrementalAsync($"-p:ErrorLog=\"{sarifPath},version=2.1\"");

        Assert.True(withSarif.ExitCode == 0, withSarif.ToString());
        Assert.True(File.Exists(sarifPath), "ErrorLog added to an up-to-date build was not written.\n" + withSarif);
        Assert.Contains("\"JWT003\"", File.ReadAllText(sarifPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppSettingsFindings_TakeTheirSeverityFromAGlobalConfig_NotFromCsSections()
    {
        // Roslyn applies .editorconfig sections only to diagnostics located in a syntax tree; a JWT008 finding in
        // appsettings*.json is located in an additional file, so only global configs (the presets are global configs)
        // and the project's WarningsAsErrors/NoWarn set its severity (issue 13, item 7; docs/rules/JWT008.md).
        var appSettings = Path.Combine(Consumer.Directory, "appsettings.Development.json");
        var globalConfig = Path.Combine(Consumer.Directory, ".globalconfig");
        File.WriteAllText(appSettings, """{ "Jwt": { "Key": "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7" } }""");
        try
        {
            Consumer.WriteEditorConfig("dotnet_diagnostic.JWT008.severity = error");
            var csSection = await Consumer.BuildAsync();
            Assert.True(csSection.ExitCode == 0, csSection.ToString());
            Assert.Equal(["warning"], AppSettingsJwt008(csSection.Output));

            Consumer.WriteEditorConfig();
            File.WriteAllText(globalConfig, "is_global = true\ndotnet_diagnostic.JWT008.severity = error\n");
            var error = await Consumer.BuildAsync();
            Assert.True(error.ExitCode != 0, error.ToString());
            Assert.Equal(["error"], AppSettingsJwt008(error.Output));

            File.WriteAllText(globalConfig, "is_global = true\ndotnet_diagnostic.JWT008.severity = none\n");
            var none = await Consumer.BuildAsync();
            Assert.True(none.ExitCode == 0, none.ToString());
            Assert.Empty(AppSettingsJwt008(none.Output));

            File.Delete(globalConfig);
            var preset = await Consumer.BuildAsync("-p:JwtAnalyzersMode=AllErrors");
            Assert.Equal(["error"], AppSettingsJwt008(preset.Output));
        }
        finally
        {
            File.Delete(appSettings);
            File.Delete(globalConfig);
            Consumer.WriteEditorConfig();
        }
    }

    private static string[] AppSettingsJwt008(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"appsettings\.Development\.json\(\d+,\d+\): (warning|error) JWT008:")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToArray();

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
