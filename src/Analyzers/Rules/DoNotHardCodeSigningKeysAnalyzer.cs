using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Keys;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT008: a signing key built from literals in source (any length, including literal fallbacks such as
/// <c>config["Jwt:Key"] ?? "dev-secret"</c>), and JWT secrets committed in <c>appsettings*.json</c> (read from
/// AdditionalFiles). Test projects are skipped unless <c>JWT008.include_test_code = true</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotHardCodeSigningKeysAnalyzer : DiagnosticAnalyzer
{
    public const string IncludeTestCodeOption = "include_test_code";
    public const string AppSettingsKeysOption = "appsettings_keys";

    /// <summary>Configuration paths (case-insensitive; <c>*</c> = any characters within a section, <c>**</c> = any sections) whose string values are JWT secrets.</summary>
    internal static readonly ImmutableArray<string> DefaultAppSettingsKeys = ImmutableArray.Create(
        "Jwt*:Key",
        "Jwt*:Secret",
        "Jwt*:SecretKey",
        "Jwt*:SigningKey",
        "Jwt*:IssuerSigningKey",
        "Jwt*:SymmetricKey",
        "Jwt*:SymmetricSecurityKey",
        "Jwt*:HmacKey",
        "Jwt*:TokenKey",
        "Jwt*:Token*:Secret",
        "Jwt*:Token*:Key",
        "**:JwtKey",
        "**:JwtSecret",
        "**:JwtSecretKey",
        "**:JwtSigningKey",
        "**:TokenKey",
        "**:TokenSecret",
        "**:TokenSigningKey",
        "**:Jwt_Secret",
        "**:Jwt_Key",
        "AppSettings:Secret",
        "Token*:Secret",
        "Token*:SecretKey",
        "Token*:SigningKey",
        "Authentication:Schemes:*:SigningKeys:*:Value");

    private static readonly ImmutableArray<string> TestFrameworkAssemblies = ImmutableArray.Create(
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "TUnit.Core");

    private static readonly Regex AppSettingsFileName = new(@"^appsettings(\..*)?\.json$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotHardCodeSigningKeys,
        title: "Do not hard-code JWT signing keys",
        messageFormat: "The signing key for '{0}' is hard-coded {1}: load it from a secret store (user-secrets, environment, key vault) and rotate it",
        description: "A signing key written in source code or in a committed appsettings file is readable by everyone with access to the repository, its history, build logs or the shipped binaries, and lets them mint valid tokens for any user. Load the key at run time from a secret store (dotnet user-secrets in development, environment variables or a key vault in production) and rotate any key that was ever committed.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var isTestProject = IsTestProject(start.Compilation);

            // appsettings*.json: registered only when the project passes such a file (the package props do), whether
            // or not a JWT library is referenced: the configuration may serve another project.
            if (start.Options.AdditionalFiles.Any(f => AppSettingsFileName.IsMatch(System.IO.Path.GetFileName(f.Path))))
            {
                start.RegisterAdditionalFileAction(ctx => AnalyzeAppSettings(ctx, isTestProject));
            }

            if (SigningKeySinks.Create(start.Compilation) is not { } sinks)
            {
                return;
            }

            var symbols = KnownSymbols.Get(start.Compilation);
            start.RegisterOperationAction(ctx => Analyze(ctx, sinks, symbols, isTestProject), OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
        });
    }

    /// <summary>A project that references a test framework, or whose assembly is named like one (<c>*.Tests</c>, <c>*.UnitTests</c>...).</summary>
    internal static bool IsTestProject(Compilation compilation)
    {
        if (compilation.ReferencedAssemblyNames.Any(a => TestFrameworkAssemblies.Contains(a.Name, StringComparer.OrdinalIgnoreCase)))
        {
            return true;
        }

        var name = compilation.AssemblyName ?? string.Empty;
        return name.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".Test", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".UnitTests", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".IntegrationTests", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IncludeTestCode(AnalyzerConfigOptions options)
        => (options.TryGetValue(RuleIdentifiers.DoNotHardCodeSigningKeys + "." + IncludeTestCodeOption, out var value)
            || options.TryGetValue("dotnet_diagnostic." + RuleIdentifiers.DoNotHardCodeSigningKeys + "." + IncludeTestCodeOption, out value))
           && bool.TryParse(value.Trim(), out var include) && include;

    private static void Analyze(OperationAnalysisContext context, SigningKeySinks sinks, KnownSymbols symbols, bool isTestProject)
    {
        var tree = context.Operation.Syntax.SyntaxTree;
        if (isTestProject && !IncludeTestCode(context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree)))
        {
            return;
        }

        foreach (var sink in sinks.GetSinks(context.Operation))
        {
            var material = KeyEvaluator.Evaluate(sink.Key, symbols, sink.Kind == SigningKeySinkKind.JsonWebKeyValue);
            if (!material.IsHardCoded)
            {
                continue;
            }

            var how = material.Candidates.Any(c => c.Source != KeySource.Literal) ? "as a literal fallback" : "in source";
            context.ReportDiagnostic(Diagnostic.Create(Rule, sink.Key.Syntax.GetLocation(), SigningKeyNames.CreateFixProperties(material, sink), sink.ApiName, how));
        }
    }

    private static void AnalyzeAppSettings(AdditionalFileAnalysisContext context, bool isTestProject)
    {
        var file = context.AdditionalFile;
        var fileName = Path.GetFileName(file.Path);
        if (fileName is null || !AppSettingsFileName.IsMatch(fileName))
        {
            return;
        }

        var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(file);
        if (isTestProject && !IncludeTestCode(options) && !IncludeTestCode(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions))
        {
            return;
        }

        var text = file.GetText(context.CancellationToken);
        if (text is null)
        {
            return;
        }

        var patterns = GetPatterns(options, context.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
        foreach (var value in JsonSecretScanner.ReadStrings(text.ToString()))
        {
            if (IsPlaceholder(value.Value) || !patterns.Any(p => p.IsMatch(value.Path)))
            {
                continue;
            }

            var span = value.Span;
            if (span.End > text.Length)
            {
                continue;
            }

            var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, value.Path, "in " + fileName));
        }
    }

    private static List<Regex> GetPatterns(AnalyzerConfigOptions fileOptions, AnalyzerConfigOptions globalOptions)
    {
        var patterns = DefaultAppSettingsKeys.ToList();
        var key = RuleIdentifiers.DoNotHardCodeSigningKeys + "." + AppSettingsKeysOption;
        if (fileOptions.TryGetValue(key, out var extra) || globalOptions.TryGetValue(key, out extra))
        {
            patterns.AddRange(extra.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0));
        }

        return patterns.Select(ToRegex).ToList();
    }

    internal static Regex ToRegex(string pattern)
    {
        var builder = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**:" = any number of leading sections (including none).
                if (i + 2 < pattern.Length && pattern[i + 2] == ':')
                {
                    builder.Append("(?:.*:)?");
                    i += 2;
                }
                else
                {
                    builder.Append(".*");
                    i++;
                }
            }
            else if (pattern[i] == '*')
            {
                builder.Append("[^:]*");
            }
            else
            {
                builder.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        builder.Append('$');
        return new Regex(builder.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>Empty values and values that are obviously not a secret but a slot to fill in.</summary>
    internal static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        if ((trimmed.StartsWith("<", StringComparison.Ordinal) && trimmed.EndsWith(">", StringComparison.Ordinal))
            || (trimmed.StartsWith("{", StringComparison.Ordinal) && trimmed.EndsWith("}", StringComparison.Ordinal))
            || (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal))
            || trimmed.StartsWith("${", StringComparison.Ordinal)
            || trimmed.StartsWith("$(", StringComparison.Ordinal)
            || trimmed.StartsWith("#{", StringComparison.Ordinal)
            || (trimmed.StartsWith("%", StringComparison.Ordinal) && trimmed.EndsWith("%", StringComparison.Ordinal) && trimmed.Length > 2)
            || (trimmed.StartsWith("__", StringComparison.Ordinal) && trimmed.EndsWith("__", StringComparison.Ordinal) && trimmed.Length > 4))
        {
            return true;
        }

        return trimmed.IndexOf("user-secrets", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("user secrets", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("keyvault", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("key vault", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
