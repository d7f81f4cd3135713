using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Benchmarks;

/// <summary>
/// A reference point, measured with <c>--floor</c>: an analyzer that registers an empty callback on every invocation,
/// the cheapest thing a rule registered on <see cref="OperationKind.Invocation"/> can do. Its time is the floor that the
/// driver's dispatch and telemetry put under any such rule, whatever the rule does in the callback.
/// </summary>
#pragma warning disable RS1036, RS1041 // Not a shipped analyzer: a measuring stick of this benchmark, never loaded by a compiler.
#pragma warning disable RS2008 // No release tracking for a benchmark-only descriptor.
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("FLOOR", "Empty invocation callback", "Empty invocation callback", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
    }
}

/// <summary>
/// A second reference point, measured with <c>--floor</c>: one analyzer with one empty callback on every operation kind
/// the rule set registers for (invocations, creations, assignments, anonymous objects, conditionals, type tests,
/// conversions, field references). Its time is the dispatch floor of a design in which the rules share their
/// registrations (one analyzer that dispatches to the rules by symbol) instead of registering one by one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class SharedFloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("FLOOR2", "Empty shared callback", "Empty shared callback", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterOperationAction(
            static _ => { },
            OperationKind.Invocation,
            OperationKind.ObjectCreation,
            OperationKind.SimpleAssignment,
            OperationKind.AnonymousObjectCreation,
            OperationKind.Conditional,
            OperationKind.IsType,
            OperationKind.IsPattern,
            OperationKind.Conversion,
            OperationKind.FieldReference);
    }
}
#pragma warning restore RS2008
#pragma warning restore RS1036, RS1041
