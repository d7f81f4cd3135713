using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Benchmarks;

#pragma warning disable RS1036, RS1041 // Not shipped analyzers: measuring sticks of this benchmark, never loaded by a compiler.
#pragma warning disable RS1017, RS2008 // Benchmark-only descriptors: ids given by the subclass, no release tracking.

/// <summary>
/// A reference point, measured with <c>--floor</c>: an analyzer that registers an empty callback on every invocation,
/// the cheapest thing a rule registered on <see cref="OperationKind.Invocation"/> can do. Its time is the floor that the
/// driver's dispatch and telemetry put under any such rule, whatever the rule does in the callback.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer() : EmptyCallbackAnalyzer("FLOOR", OperationKind.Invocation);

/// <summary>
/// A second reference point, measured with <c>--floor</c>: one analyzer with one empty callback on every operation kind
/// the rule set registers for (invocations, creations, assignments, anonymous objects, conditionals, type tests,
/// conversions, field references). Its time is the dispatch floor of a design in which the rules share their
/// registrations (one analyzer that dispatches to the rules by symbol) instead of registering one by one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class SharedFloorAnalyzer() : EmptyCallbackAnalyzer(
    "FLOOR2",
    OperationKind.Invocation,
    OperationKind.ObjectCreation,
    OperationKind.SimpleAssignment,
    OperationKind.AnonymousObjectCreation,
    OperationKind.Conditional,
    OperationKind.IsType,
    OperationKind.IsPattern,
    OperationKind.Conversion,
    OperationKind.FieldReference);

/// <summary>An analyzer with one empty callback on <paramref name="kinds"/>: it reports nothing and does nothing.</summary>
internal abstract class EmptyCallbackAnalyzer(string id, params OperationKind[] kinds) : DiagnosticAnalyzer
{
    private readonly DiagnosticDescriptor _rule = new(id, "Empty callback", "Empty callback", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(_rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterOperationAction(static _ => { }, kinds);
    }
}
#pragma warning restore RS1017, RS2008
#pragma warning restore RS1036, RS1041
