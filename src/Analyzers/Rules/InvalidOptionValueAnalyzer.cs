using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT900: an option of the rule set is set to a value it cannot read (<c>JWT009.maximum_clock_skew = 5 minutes</c>).
/// The rule then uses its default, which is rarely what the author of the setting meant: say so instead of ignoring it.
/// Checked once per compilation over the global options and the options of every file; registers nothing when every
/// value is valid.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InvalidOptionValueAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.InvalidOptionValue,
        title: "Use a valid JwtAnalyzers option value",
        messageFormat: "The option '{0}' has the value '{1}', which is not valid: expected {2}; the rule uses its default ({3}) instead",
        description: "A JwtAnalyzers option in .editorconfig or a global config could not be read, so the rule it configures silently falls back to its default. Correct the value to the documented format.",
        category: RuleDescriptors.ConfigurationCategory,
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
#pragma warning disable RS1013 // The end action is registered only when there is an invalid value to report: nothing otherwise.
        context.RegisterCompilationStartAction(start =>
        {
            var provider = start.Options.AnalyzerConfigOptionsProvider;
            var invalid = new List<(IOptionDefinition Option, string Value)>();
            var seen = new HashSet<(string, string)>();
            var checkedSections = new HashSet<AnalyzerConfigOptions>();
            Check(provider.GlobalOptions, invalid, seen, checkedSections);
            foreach (var tree in start.Compilation.SyntaxTrees)
            {
                Check(provider.GetOptions(tree), invalid, seen, checkedSections);
            }

            foreach (var file in start.Options.AdditionalFiles)
            {
                Check(provider.GetOptions(file), invalid, seen, checkedSections);
            }

            if (invalid.Count == 0)
            {
                return;
            }

            start.RegisterCompilationEndAction(end =>
            {
                foreach (var (option, value) in invalid)
                {
                    end.ReportDiagnostic(Diagnostic.Create(Rule, Location.None, option.Key, value, option.Format, DefaultText(option)));
                }
            });
        });
#pragma warning restore RS1013
    }

    /// <summary>Every option key, with and without the <c>dotnet_diagnostic.</c> prefix.</summary>
    private static readonly Dictionary<string, IOptionDefinition> s_keys = BuildKeys();

    private static Dictionary<string, IOptionDefinition> BuildKeys()
    {
        var keys = new Dictionary<string, IOptionDefinition>(AnalyzerConfigOptions.KeyComparer);
        foreach (var option in RuleOptions.All)
        {
            keys[option.Key] = option;
            keys["dotnet_diagnostic." + option.Key] = option;
        }

        return keys;
    }

    /// <summary>
    /// Checks the keys a section sets (a handful) against the options (a table), once per distinct section object:
    /// trees that share a configuration share the check.
    /// </summary>
    private static void Check(AnalyzerConfigOptions config, List<(IOptionDefinition, string)> invalid, HashSet<(string, string)> seen, HashSet<AnalyzerConfigOptions> checkedSections)
    {
        if (!checkedSections.Add(config))
        {
            return;
        }

        IEnumerable<IOptionDefinition> candidates;
        try
        {
            candidates = config.Keys.Select(key => s_keys.TryGetValue(key, out var option) ? option : null).Where(o => o is not null).Distinct()!;
            candidates = candidates.ToList();
        }
        catch (System.NotImplementedException)
        {
            // A host whose options cannot list their keys (Keys is virtual and optional): ask for every option instead.
            candidates = RuleOptions.All;
        }

        foreach (var option in candidates)
        {
            if (OptionReader.Raw(config, option.Key) is { } raw
                && !option.IsValid(raw)
                && seen.Add((option.Key, raw)))
            {
                invalid.Add((option, raw));
            }
        }
    }

    private static string DefaultText(IOptionDefinition option) => option switch
    {
        OptionDefinition<System.TimeSpan> duration => KeepClockSkewSmallAnalyzer.Describe(duration.DefaultValue),
        OptionDefinition<bool> flag => flag.DefaultValue ? "true" : "false",
        OptionDefinition<int> number => number.DefaultValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "the built-in default",
    };
}
