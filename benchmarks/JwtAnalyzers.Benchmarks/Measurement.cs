using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Benchmarks;

/// <summary>A project to measure: parsed once, compiled afresh in every run.</summary>
internal sealed record MeasuredProject(
    string Name,
    ImmutableArray<SyntaxTree> Trees,
    IReadOnlyList<MetadataReference> References,
    ImmutableArray<AdditionalText> AdditionalFiles,
    OutputKind OutputKind = OutputKind.DynamicallyLinkedLibrary);

/// <summary>One analyzer with the rule ids it reports (from <see cref="DiagnosticAnalyzer.SupportedDiagnostics"/>).</summary>
internal sealed record MeasuredAnalyzer(DiagnosticAnalyzer Analyzer, string RuleIds, string Name)
{
    /// <summary>A --floor reference analyzer, not a rule.</summary>
    public bool IsFloor => RuleIds.StartsWith("(floor", StringComparison.Ordinal);
}

/// <summary>Wall-clock and process CPU time of one phase.</summary>
internal readonly record struct PhaseTime(double WallMs, double CpuMs)
{
    /// <summary>The share of one core the process got during the phase (1 on an idle machine when sequential).</summary>
    public double CpuShare => WallMs <= 0 ? 1 : Math.Min(1, CpuMs / WallMs);
}

/// <summary>The figures of one run over one project.</summary>
internal sealed record RunResult(
    PhaseTime Diagnostics,
    PhaseTime Emit,
    PhaseTime AnalyzerPass,
    IReadOnlyDictionary<MeasuredAnalyzer, double> TelemetryMs,
    int CompilerErrors,
    IReadOnlyList<Diagnostic> FirstErrors,
    IReadOnlyDictionary<string, int> ReportedPerRule,
    int AnalyzerExceptions,
    string? FirstAnalyzerException,
    double AnalyzerPassGcPauseMs,
    int AnalyzerPassGen2Collections)
{
    /// <summary>With --no-gc-pauses: true when both passes ran without a collection; null otherwise.</summary>
    public bool? WithoutCollections { get; init; }

    /// <summary>The compiler's time: process CPU time of the pass when <paramref name="cpu"/>, else wall-clock time.</summary>
    public double CompilerMs(bool emit, bool cpu)
    {
        var phase = emit ? Emit : Diagnostics;
        return cpu ? phase.CpuMs : phase.WallMs;
    }

    /// <summary>
    /// An analyzer's time: the driver's telemetry (wall-clock time inside its callbacks); when <paramref name="cpu"/>,
    /// scaled by the share of a core the process got during the analyzer pass, so that time the operating system gave
    /// to other processes on a shared machine is not charged to the analyzer, just as it is not charged to the compiler.
    /// </summary>
    public double AnalyzerMs(MeasuredAnalyzer analyzer, bool cpu)
        => TelemetryMs[analyzer] * (cpu ? AnalyzerPass.CpuShare : 1);

    /// <summary>All rules: the --floor reference analyzers are not among them.</summary>
    public double AllAnalyzersMs(bool cpu) => TelemetryMs.Keys.Where(a => !a.IsFloor).Sum(a => AnalyzerMs(a, cpu));
}

/// <summary>
/// Runs the compiler and the analyzers over a project. Every pass gets a fresh <see cref="CSharpCompilation"/> over the
/// same (already parsed) syntax trees, so no pass profits from what another one bound. Each pass is timed by wall clock
/// and by the process's CPU time; the analyzers' time is the driver's own telemetry (<c>logAnalyzerExecutionTime: true</c>): the time spent
/// inside each analyzer's callbacks, which excludes the driver's work (binding, building operation trees) that any
/// analyzer package shares.
/// </summary>
internal sealed class Measurement
{
    private readonly BenchmarkOptions _options;
    private readonly ImmutableArray<MeasuredAnalyzer> _analyzers;
    private readonly CSharpCompilationOptions _compilationOptions;

    public Measurement(BenchmarkOptions options, ImmutableArray<MeasuredAnalyzer> analyzers, IEnumerable<string> enabledRules)
    {
        _options = options;
        _analyzers = analyzers;
        _compilationOptions = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: options.Concurrent)
            .WithSpecificDiagnosticOptions(enabledRules.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn)));
    }

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest, DocumentationMode.None);

    public async Task<RunResult> RunAsync(MeasuredProject project)
    {
        Collect();
        var compilation = NewCompilation(project);
        var noGc = StartNoGcRegion();
        var timer = PhaseTimer.Start();
        var diagnostics = compilation.GetDiagnostics();
        var diagnosticsTime = timer.Stop();
        noGc = EndNoGcRegion(noGc);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        compilation = null;

        var emitTime = default(PhaseTime);
        if (_options.MeasureEmit)
        {
            Collect();
            var emitCompilation = NewCompilation(project);
            timer = PhaseTimer.Start();
            using var peStream = new MemoryStream();
            emitCompilation.Emit(peStream);
            emitTime = timer.Stop();
        }

        Collect();
        var exceptions = 0;
        string? firstException = null;
        // The references are bound and their namespaces merged first (the compiler's work, which a build or the IDE has
        // done before analyzers run: binding any using directive merges the global namespace): otherwise whichever
        // analyzer first asks for a type pays for binding 300 assemblies (about 7 ms at 500 files).
        var toAnalyze = NewCompilation(project);
        _ = toAnalyze.SourceModule.ReferencedAssemblySymbols;
        _ = toAnalyze.GlobalNamespace.GetMembers();
        var analyzed = toAnalyze.WithAnalyzers(
            _analyzers.Select(a => a.Analyzer).ToImmutableArray(),
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(project.AdditionalFiles),
                onAnalyzerException: (exception, analyzer, _) =>
                {
                    Interlocked.Increment(ref exceptions);
                    firstException ??= $"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}";
                },
                concurrentAnalysis: _options.Concurrent,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false));
        // The driver analyses its own copy of the compilation (with an event queue): its references and global namespace
        // are set up here, as the compiler does before it binds anything of a real build's compilation.
        _ = analyzed.Compilation.GlobalNamespace.GetMembers();
        MergeUsedNamespaces(analyzed.Compilation, project.Trees);
        // The garbage collector's pauses inside the pass land in the telemetry of whichever analyzer runs at that
        // moment (a blocking gen-2 collection can take 100 ms): printed so that a run's figures can be read with them.
        var noGcAnalyzers = StartNoGcRegion();
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2Before = GC.CollectionCount(2);
        timer = PhaseTimer.Start();
        var reported = await analyzed.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        var analyzerPassTime = timer.Stop();
        var gcPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        noGcAnalyzers = EndNoGcRegion(noGcAnalyzers);
        var perAnalyzer = new Dictionary<MeasuredAnalyzer, double>();
        foreach (var analyzer in _analyzers)
        {
            var telemetry = await analyzed.GetAnalyzerTelemetryInfoAsync(analyzer.Analyzer, CancellationToken.None).ConfigureAwait(false);
            perAnalyzer[analyzer] = telemetry.ExecutionTime.TotalMilliseconds;
        }

        var perRule = reported.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new RunResult(diagnosticsTime, emitTime, analyzerPassTime, perAnalyzer, errors.Count, errors.Take(5).ToList(), perRule, exceptions, firstException, gcPauseMs, gen2)
        {
            WithoutCollections = _options.NoGcPauses ? noGc && noGcAnalyzers : null,
        };
    }

    /// <summary>
    /// --no-gc-pauses: the pass runs in a no-GC region (up to 6 GB allocated without a collection), so that neither the
    /// compiler nor any analyzer is charged for a pause caused by another's allocations. False when not asked for or not
    /// granted.
    /// </summary>
    private bool StartNoGcRegion()
    {
        if (!_options.NoGcPauses)
        {
            return false;
        }

        Collect();
        try
        {
            return GC.TryStartNoGCRegion(6L << 30);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Ends the region; true when the whole pass ran in it (it ends by itself when the budget is exceeded).</summary>
    private static bool EndNoGcRegion(bool started)
    {
        if (!started)
        {
            return false;
        }

        if (System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.NoGCRegion)
        {
            return false;
        }

        GC.EndNoGCRegion();
        Collect();
        return true;
    }

    /// <summary>
    /// Merges the namespaces the project's <c>using</c> directives name, as the compiler's binding of those directives
    /// does before any body is analysed: otherwise the first analyzer that asks for a type of
    /// <c>Microsoft.Extensions.Logging</c> pays for merging <c>Microsoft</c> across 250 assemblies (about 15 ms).
    /// Namespaces the project never names are still merged by whoever asks for them.
    /// </summary>
    private static void MergeUsedNamespaces(Compilation compilation, IEnumerable<SyntaxTree> trees)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            foreach (var directive in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
            {
                if (directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name is { } name)
                {
                    names.Add(name.ToString());
                }
            }
        }

        foreach (var name in names)
        {
            INamespaceSymbol? ns = compilation.GlobalNamespace;
            foreach (var segment in name.Split('.'))
            {
                ns = ns?.GetMembers(segment).OfType<INamespaceSymbol>().FirstOrDefault();
            }
        }
    }

    private CSharpCompilation NewCompilation(MeasuredProject project)
        => CSharpCompilation.Create(project.Name, project.Trees, project.References, _compilationOptions.WithOutputKind(project.OutputKind));

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public static MeasuredProject Generated(string name, IReadOnlyList<SourceFile> files, string appSettings, IReadOnlyList<MetadataReference> references)
        => new(
            name,
            files.AsParallel().AsOrdered().Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text, Encoding.UTF8), ParseOptions, f.Path)).ToImmutableArray(),
            references,
            ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText("appsettings.json", appSettings)));

    /// <summary>A real folder: every .cs file outside bin/ and obj/, appsettings*.json as additional files.</summary>
    public static MeasuredProject Folder(string folder, IReadOnlyList<MetadataReference> references, out int fileCount, out bool addedImplicitUsings)
    {
        static bool Skipped(string path)
        {
            var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return parts.Any(p => p is "bin" or "obj" or ".git" or "node_modules");
        }

        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(p => !Skipped(Path.GetRelativePath(folder, p)))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        fileCount = sources.Count;
        var trees = sources.AsParallel().AsOrdered()
            .Select(p => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(p), Encoding.UTF8), ParseOptions, p))
            .ToList();

        // SDK-style projects usually rely on implicit usings: add the Web SDK's when a project file asks for them.
        addedImplicitUsings = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Skipped(Path.GetRelativePath(folder, p)))
            .Any(p => File.ReadAllText(p).Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase));
        if (addedImplicitUsings)
        {
            var globalUsings = ProjectGenerator.Generate(0, 0, withJwt: false)[0];
            trees.Add(CSharpSyntaxTree.ParseText(globalUsings.Text, ParseOptions, globalUsings.Path));
        }

        var additional = Directory.EnumerateFiles(folder, "appsettings*.json", SearchOption.AllDirectories)
            .Where(p => !Skipped(Path.GetRelativePath(folder, p)))
            .Select(p => (AdditionalText)new InMemoryAdditionalText(p, File.ReadAllText(p)))
            .ToImmutableArray();
        // An application with top-level statements (Program.cs of a web app) compiles as an executable.
        var outputKind = trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any())
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        return new MeasuredProject(Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)), trees.ToImmutableArray(), references, additional, outputKind);
    }

    private readonly struct PhaseTimer
    {
        private readonly long _startTicks;
        private readonly TimeSpan _startCpu;

        private PhaseTimer(long startTicks, TimeSpan startCpu)
        {
            _startTicks = startTicks;
            _startCpu = startCpu;
        }

        public static PhaseTimer Start() => new(Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

        public PhaseTime Stop()
            => new(Stopwatch.GetElapsedTime(_startTicks).TotalMilliseconds, (Environment.CpuUsage.TotalTime - _startCpu).TotalMilliseconds);
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
