using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Benchmarks;

/// <summary>
/// <c>--breakdown</c>: where inside each analyzer the time goes, by kind of callback (its compilation start, its
/// operation actions per registered kind, additional files, compilation end), with the number of calls. Each analyzer is
/// wrapped in <see cref="TimedAnalyzer"/>, which times every callback it registers with a stopwatch; the driver's
/// telemetry of the wrapper is the same as that of the analyzer. A stopwatch, not a sampler: the figures do not
/// depend on where the collector or the sampler stopped a thread.
/// </summary>
internal static class PhaseBreakdown
{
    private static readonly ConcurrentDictionary<(string Project, string Analyzer, string Phase), Counter> s_counters = new();
    private static string? s_project;

    /// <summary>Callbacks count toward <paramref name="project"/>; null during the warm-up, which is not counted.</summary>
    public static void Record(string? project)
    {
        s_project = project;
    }

    public static MeasuredAnalyzer Wrap(MeasuredAnalyzer analyzer)
        => analyzer with { Analyzer = new TimedAnalyzer(analyzer.Analyzer, analyzer.RuleIds + " " + analyzer.Name) };

    public static string Report(int runs)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Code | Rule | Analyzer | callback | ms per run | calls per run | µs per call | calls ≥ 10 µs | their ms |");
        sb.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var ((project, analyzer, phase), counter) in s_counters.OrderBy(p => p.Key.Project, StringComparer.Ordinal).ThenBy(p => p.Key.Analyzer, StringComparer.Ordinal).ThenByDescending(p => p.Value.Ticks))
        {
            var ms = counter.Ticks * 1000.0 / Stopwatch.Frequency / runs;
            var calls = (double)counter.Calls / runs;
            var parts = analyzer.Split(' ', 2);
            var slowMs = counter.SlowTicks * 1000.0 / Stopwatch.Frequency / runs;
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {project} | {parts[0]} | {parts[1]} | {phase} | {ms:F1} | {calls:F0} | {(calls == 0 ? 0 : ms * 1000 / calls):F1} | {(double)counter.SlowCalls / runs:F0} | {slowMs:F1} |");
        }

        // With --floor: what the rule set's operation callbacks cost before any rule does any work.
        foreach (var project in s_counters.Keys.Select(k => k.Project).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var counters = s_counters.Where(p => p.Key.Project == project).ToList();
            var floor = counters.FirstOrDefault(p => p.Key.Analyzer.StartsWith("(floor)", StringComparison.Ordinal) && p.Key.Phase.StartsWith("op ", StringComparison.Ordinal)).Value;
            if (floor is null || floor.Calls == 0)
            {
                continue;
            }

            var floorMicroseconds = floor.Ticks * 1_000_000.0 / Stopwatch.Frequency / floor.Calls;
            var ruleCallbacks = counters.Where(p => !p.Key.Analyzer.StartsWith("(floor", StringComparison.Ordinal) && p.Key.Phase.StartsWith("op ", StringComparison.Ordinal)).Sum(p => p.Value.Calls) / (double)runs;
            var registrations = counters.Count(p => !p.Key.Analyzer.StartsWith("(floor", StringComparison.Ordinal) && p.Key.Phase.StartsWith("op ", StringComparison.Ordinal));
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{project}: {registrations} operation registrations, {ruleCallbacks:F0} callbacks per run; at the floor's {floorMicroseconds:F2} µs per empty callback (stopwatch included) that is {ruleCallbacks * floorMicroseconds / 1000:F1} ms per run before any rule does any work.");
        }

        return sb.ToString();
    }

    private static void Add(string analyzer, string phase, long ticks)
    {
        if (s_project is not { } project)
        {
            return;
        }

        var counter = s_counters.GetOrAdd((project, analyzer, phase), static _ => new Counter());
        Interlocked.Add(ref counter.Ticks, ticks);
        Interlocked.Increment(ref counter.Calls);
        if (ticks >= s_slowTicks)
        {
            Interlocked.Add(ref counter.SlowTicks, ticks);
            Interlocked.Increment(ref counter.SlowCalls);
        }
    }

    private static Action<T> Time<T>(string analyzer, string phase, Action<T> action) => argument =>
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            action(argument);
        }
        finally
        {
            Add(analyzer, phase, Stopwatch.GetTimestamp() - start);
        }
    };

    private sealed class Counter
    {
        public long Ticks;
        public long Calls;

        /// <summary>Calls of 10 µs or more, and their time: whether a callback's time is many cheap calls or a few dear ones.</summary>
        public long SlowTicks;
        public long SlowCalls;
    }

    private static readonly long s_slowTicks = Stopwatch.Frequency / 100_000;

// Not a shipped analyzer: a measuring wrapper of this benchmark, which forwards every call (the wrapped analyzer
// enables concurrency and configures generated code itself; the wrapper is never discovered by attribute).
#pragma warning disable RS1001, RS1012, RS1025, RS1026, RS1036, RS1041
    private sealed class TimedAnalyzer(DiagnosticAnalyzer inner, string name) : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => inner.SupportedDiagnostics;

        public override void Initialize(AnalysisContext context) => inner.Initialize(new TimedContext(context, name));
    }

    private sealed class TimedContext(AnalysisContext inner, string name) : AnalysisContext
    {
        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => inner.RegisterCompilationStartAction(Time<CompilationStartAnalysisContext>(name, "compilation start", start => action(new TimedStart(start, name))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(Time(name, "compilation", action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(Time(name, "semantic model", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(Time(name, "symbol", action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(Time(name, "code block start", action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(Time(name, "code block", action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(Time(name, "syntax tree", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(Time(name, "syntax node", action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(Time(name, "op " + string.Join("/", operationKinds), action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(Time(name, "operation block start", action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(Time(name, "operation block", action));
    }

    private sealed class TimedStart(CompilationStartAnalysisContext inner, string name) : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(Time(name, "compilation end", action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(Time(name, "semantic model", action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => inner.RegisterSymbolAction(Time(name, "symbol", action), symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => inner.RegisterCodeBlockStartAction(Time(name, "code block start", action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(Time(name, "code block", action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(Time(name, "syntax tree", action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => inner.RegisterAdditionalFileAction(Time(name, "additional file", action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => inner.RegisterSyntaxNodeAction(Time(name, "syntax node", action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => inner.RegisterOperationAction(Time(name, "op " + string.Join("/", operationKinds), action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => inner.RegisterOperationBlockStartAction(Time(name, "operation block start", action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => inner.RegisterOperationBlockAction(Time(name, "operation block", action));

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => inner.RegisterSymbolStartAction(Time(name, "symbol start", action), symbolKind);
    }
}
