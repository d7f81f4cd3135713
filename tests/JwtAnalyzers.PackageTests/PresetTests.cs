using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.PackageTests;

/// <summary>The shipped severity presets against the rule ids and the descriptors of the analyzers in the source tree.</summary>
public sealed partial class PresetTests
{
    /// <summary>Rules that ship disabled by default: AllWarnings/AllErrors leave them off, Strict turns them on.</summary>
    private static readonly string[] DisabledByDefault = ["JWT015"];

    // The analyzer project is referenced; RuleIdentifiers is internal, so it is read by reflection.
    private static readonly Assembly AnalyzerAssembly = Assembly.Load("JwtAnalyzers");

    public static TheoryData<string> Presets => new() { "Default", "AllWarnings", "AllErrors", "Strict", "None" };

    private static string[] AllRuleIds => AnalyzerAssembly.GetType("JwtAnalyzers.RuleIdentifiers", throwOnError: true)!
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static IEnumerable<DiagnosticDescriptor> Descriptors => AnalyzerAssembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
        .Where(d => d.Id.StartsWith("JWT", StringComparison.Ordinal))
        .DistinctBy(d => d.Id);

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_IsAGlobalConfigWithALowLevelThatSetsEveryRule(string preset)
    {
        var text = ReadPreset(preset);

        Assert.Matches(new Regex(@"^is_global = true$", RegexOptions.Multiline), text);
        var level = int.Parse(Regex.Match(text, @"^global_level = (-?\d+)$", RegexOptions.Multiline).Groups[1].Value);
        // User global configs default to 100, and .editorconfig always beats global configs.
        Assert.True(level < 0, $"global_level {level} must stay below the user's configs");
        Assert.Equal(AllRuleIds, Severities(text).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Presets_GiveEachRuleTheSeverityTheirModePromises()
    {
        foreach (var id in AllRuleIds)
        {
            var disabled = DisabledByDefault.Contains(id);
            Assert.Equal("default", Severities(ReadPreset("Default"))[id]);
            Assert.Equal(disabled ? "default" : "warning", Severities(ReadPreset("AllWarnings"))[id]);
            Assert.Equal(disabled ? "default" : "error", Severities(ReadPreset("AllErrors"))[id]);
            Assert.Equal("warning", Severities(ReadPreset("Strict"))[id]);
            Assert.Equal("none", Severities(ReadPreset("None"))[id]);
        }
    }

    [Fact]
    public void DisabledByDefault_MatchesTheImplementedDescriptors()
    {
        var descriptors = Descriptors.ToList();
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            Assert.Contains(descriptor.Id, AllRuleIds);
            Assert.Equal(!descriptor.IsEnabledByDefault, DisabledByDefault.Contains(descriptor.Id));
        }
    }

    private static string ReadPreset(string preset) =>
        File.ReadAllText(Path.Combine(PackagesFixture.RepoRoot, "src", "Package", "presets", $"JwtAnalyzers.{preset}.globalconfig"));

    private static Dictionary<string, string> Severities(string text) => SeverityRegex().Matches(text)
        .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    [GeneratedRegex(@"^dotnet_diagnostic\.(\w+)\.severity = (\w+)$", RegexOptions.Multiline)]
    private static partial Regex SeverityRegex();
}
