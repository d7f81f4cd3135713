using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Options;
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

    private static readonly ImmutableArray<string> TestFrameworkAssemblies = ImmutableArray.Create(
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "TUnit.Core");

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
            if (AppSettingsSecrets.HasAppSettings(start.Options))
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

    private static void Analyze(OperationAnalysisContext context, SigningKeySinks sinks, KnownSymbols symbols, bool isTestProject)
    {
        var tree = context.Operation.Syntax.SyntaxTree;
        if (isTestProject && !RuleOptions.IncludeTestCode.Get(context.Options, tree))
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
        if (isTestProject && !RuleOptions.IncludeTestCode.Get(context.Options, context.AdditionalFile))
        {
            return;
        }

        foreach (var secret in AppSettingsSecrets.Scan(context.AdditionalFile, context.Options, context.CancellationToken))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, secret.Location, secret.Path, "in " + secret.FileName));
        }
    }
}
