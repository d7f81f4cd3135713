using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal.RuleHost;
using JwtAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers;

/// <summary>
/// The one analyzer the package registers with the compiler. It runs every rule of <see cref="CreateRules"/> and
/// shares their operation registrations: the driver calls it once per operation of a kind some rule asked for, and it
/// calls the rules that asked for that kind. Separately registered, the rules received about 213,000 driver callbacks
/// for a 500-file project, about 1% of the compiler's time before any rule did any work (README, "Performance").
/// <para>
/// A rule stays a <see cref="DiagnosticAnalyzer"/> of its own (its tests run it alone), but carries no
/// <see cref="DiagnosticAnalyzerAttribute"/>: the compiler loads only this host. A rule whose every diagnostic is off
/// for the compilation (<see cref="RuleSwitch"/>) is not started, as the driver would skip it.
/// </para>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JwtRuleHost : DiagnosticAnalyzer
{
    private const GeneratedCodeAnalysisFlags GeneratedCode = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

    private readonly ImmutableArray<DiagnosticAnalyzer> _rules;
    private readonly ImmutableArray<DiagnosticDescriptor> _supported;

    public JwtRuleHost()
        : this(CreateRules())
    {
    }

    /// <summary>A host of the given rules (the benchmark wraps each rule in a timer; tests host a subset).</summary>
    public JwtRuleHost(IEnumerable<DiagnosticAnalyzer> rules)
    {
        _rules = rules.ToImmutableArray();
        _supported = _rules.SelectMany(rule => rule.SupportedDiagnostics)
            .GroupBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .Select(group => group.First())
            .ToImmutableArray();
    }

    /// <summary>Every rule of the package, a new instance each.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateRules() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new DoNotDisableSignatureValidationAnalyzer(),
        new DoNotDisableSignatureValidationJwtNetAnalyzer(),
        new DoNotDisableSignatureValidationJoseJwtAnalyzer(),
        new DoNotUseUnsignedTokensAnalyzer(),
        new DoNotDisableLifetimeValidationAnalyzer(),
        new DoNotDisableAudienceValidationAnalyzer(),
        new DoNotDisableIssuerValidationAnalyzer(),
        new DoNotBypassSigningKeyValidationAnalyzer(),
        new UseStrongHmacKeyAnalyzer(),
        new DoNotHardCodeSigningKeysAnalyzer(),
        new KeepClockSkewSmallAnalyzer(),
        new KeepTokenLifetimesShortAnalyzer(),
        new DoNotStoreTokensInBrowserStorageAnalyzer(),
        new ProtectTokenCookiesAnalyzer(),
        new RequireHttpsMetadataAnalyzer(),
        new DoNotTrustUnvalidatedClaimsAnalyzer(),
        new PinAcceptedAlgorithmsAnalyzer(),
        new DoNotPutSensitiveDataInClaimsAnalyzer(),
        new DoNotLogRawTokensAnalyzer(),
        new InvalidOptionValueAnalyzer());

    /// <summary>The hosted rules.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Rules => _rules;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _supported;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode);

        var hosted = ImmutableArray.CreateBuilder<(ImmutableArray<DiagnosticDescriptor> Descriptors, RecordingAnalysisContext Registrations)>(_rules.Length);
        foreach (var rule in _rules)
        {
            var registrations = new RecordingAnalysisContext();
            rule.Initialize(registrations);
            if (!registrations.ConcurrentExecution || registrations.GeneratedCodeAnalysis != GeneratedCode)
            {
                throw new InvalidOperationException(rule.GetType().Name + " must enable concurrent execution and analyse and report generated code, as its host does.");
            }

            hosted.Add((rule.SupportedDiagnostics, registrations));
        }

        var rules = hosted.MoveToImmutable();
        context.RegisterCompilationStartAction(start =>
        {
            var dispatcher = new OperationDispatcher();
            var hostedStart = new HostedCompilationStartContext(start, dispatcher);
            foreach (var (descriptors, registrations) in rules)
            {
                if (RuleSwitch.IsOff(descriptors, start.Compilation, start.CancellationToken))
                {
                    continue;
                }

                foreach (var action in registrations.CompilationStartActions)
                {
                    action(hostedStart);
                }
            }

            dispatcher.RegisterWith(start);
        });
    }
}
