using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using JwtAnalyzers.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

const int WarmupTrees = 301;
var total = Stopwatch.StartNew();
var analyzers = DiscoverAnalyzers(options.Rules, out var enabledRules, out var notRun);
if (analyzers.IsEmpty)
{
    Console.Error.WriteLine("No analyzer matches --rules.");
    return 2;
}

if (options.Floor)
{
    analyzers = analyzers
        .Add(new MeasuredAnalyzer(new FloorAnalyzer(), "(floor)", nameof(FloorAnalyzer)))
        .Add(new MeasuredAnalyzer(new SharedFloorAnalyzer(), "(floor:shared)", nameof(SharedFloorAnalyzer)));
}

if (options.Breakdown)
{
    analyzers = analyzers.Select(PhaseBreakdown.Wrap).ToImmutableArray();
}

var references = ReferenceSet.Load();
var measurement = new Measurement(options, analyzers, enabledRules);

var projects = new List<(string Title, MeasuredProject Project)>();
string subject;
if (options.ProjectFolder is { } folder)
{
    var project = Measurement.Folder(folder, references.WithJwt, out var fileCount, out var implicitUsings);
    subject = $"folder {folder}: {fileCount} .cs files{(implicitUsings ? " + the Web SDK's implicit usings" : "")}, {project.AdditionalFiles.Length} appsettings file(s)";
    projects.Add((project.Name, project));
}
else
{
    subject = $"generated project of {options.Files} files, {options.JwtShare.ToString("P0", CultureInfo.InvariantCulture)} of them using JWT APIs";
    if (options.MeasureJwt)
    {
        projects.Add((
            $"{options.JwtShare:P0} JWT files, JWT libraries referenced",
            Measurement.Generated("WithJwt", Dumped("WithJwt", ProjectGenerator.Generate(options.Files, options.JwtShare, withJwt: true)), ProjectGenerator.AppSettings(true), references.WithJwt)));
    }

    if (options.MeasurePlain)
    {
        projects.Add((
            "ASP.NET Core, no JWT library, no JWT code",
            Measurement.Generated("WithoutJwt", Dumped("WithoutJwt", ProjectGenerator.Generate(options.Files, options.JwtShare, withJwt: false)), ProjectGenerator.AppSettings(false), references.WithoutJwt)));
    }
}

Console.WriteLine($"JwtAnalyzers benchmark: {subject}");
Console.WriteLine($"  {analyzers.Length} analyzers, {options.Warmup} warm-up + {options.Runs} measured run(s) per kind of code, {(options.Concurrent ? "concurrent" : "sequential")} compiler and analyzers");
Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}");
Console.WriteLine($"  references: {references.FrameworkSource} + JWT libraries from NuGet");
foreach (var line in notRun)
{
    Console.WriteLine($"  {line}");
}

var results = new List<(string Title, MeasuredProject Project, List<RunResult> Runs)>();
foreach (var (title, project) in projects)
{
    Console.WriteLine();
    Console.WriteLine($"{title}: {project.Trees.Length} syntax trees, {project.References.Count} references");
    var runs = new List<RunResult>();
    // Warm-up: JIT-compiles the compiler and the analyzers. On a generated project the first 300 files exercise the
    // same code paths as all of them (every file kind occurs), at a fraction of the time.
    var warmupProject = options.ProjectFolder is null && project.Trees.Length > WarmupTrees
        ? project with { Trees = project.Trees.Take(WarmupTrees).ToImmutableArray() }
        : project;
    for (var n = -options.Warmup; n < options.Runs; n++)
    {
        PhaseBreakdown.Record(options.Breakdown && n >= 0 ? project.Name : null);
        var run = await measurement.RunAsync(n < 0 ? warmupProject : project);
        var label = n < 0 ? "warm-up" : $"run {n + 1}";
        Console.WriteLine($"  {label,-8} compiler GetDiagnostics {Phase(run.Diagnostics)}{(options.MeasureEmit ? $", Emit {Phase(run.Emit)}" : string.Empty)} | analyzer pass {Phase(run.AnalyzerPass)}, analyzer telemetry {run.AllAnalyzersMs(cpu: false),6:F0} ms, GC pauses {run.AnalyzerPassGcPauseMs,5:F0} ms ({run.AnalyzerPassGen2Collections} gen-2)"
            + (run.WithoutCollections == false ? " [no-GC region not held]" : string.Empty));
        if (n < 0)
        {
            continue;
        }

        // What the whole project holds (the warm-up may cover only part of it): printed once, after the first run.
        if (n == 0)
        {
            if (run.CompilerErrors > 0)
            {
                Console.WriteLine($"  warning: the code has {run.CompilerErrors} compiler error(s); first: {string.Join(" | ", run.FirstErrors.Select(d => d.ToString()))}");
            }

            if (run.AnalyzerExceptions > 0)
            {
                Console.WriteLine($"  warning: {run.AnalyzerExceptions} analyzer exception(s) (AD0001); first: {run.FirstAnalyzerException}");
            }

            if (run.ReportedPerRule.Count > 0)
            {
                Console.WriteLine($"  reported: {string.Join(", ", run.ReportedPerRule.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} x{p.Value}"))}");
            }
        }

        runs.Add(run);
    }

    results.Add((title, project, runs));
}

var report = Report(options, subject, analyzers, results);
Console.WriteLine();
Console.WriteLine(report);
if (options.Breakdown)
{
    Console.WriteLine($"Per callback (--breakdown; stopwatch inside each callback, per project, per measured run):");
    Console.WriteLine();
    Console.WriteLine(PhaseBreakdown.Report(options.Runs));
}

Console.WriteLine($"Benchmark took {total.Elapsed.TotalSeconds:F0} s.");
if (options.MarkdownFile is { } markdownFile)
{
    await File.WriteAllTextAsync(markdownFile, report);
}

return 0;

static ImmutableArray<MeasuredAnalyzer> DiscoverAnalyzers(IReadOnlySet<string>? rules, out List<string> enabledRules, out List<string> notRun)
{
    enabledRules = [];
    notRun = [];
    var result = ImmutableArray.CreateBuilder<MeasuredAnalyzer>();
    // By assembly name, not by one of its types: the rule classes are renamed and moved as the code base evolves.
    var types = Assembly.Load(new AssemblyName("JwtAnalyzers")).GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal);
    foreach (var type in types)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
        var descriptors = analyzer.SupportedDiagnostics;
        var ids = descriptors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        if (rules is not null && !ids.Any(rules.Contains))
        {
            continue;
        }

        if (rules is not null)
        {
            enabledRules.AddRange(ids.Where(rules.Contains));
        }

        // The driver skips an analyzer whose every diagnostic is off, as a build does: report it, don't time it.
        if (descriptors.All(d => !d.IsEnabledByDefault && !(rules?.Contains(d.Id) ?? false)))
        {
            notRun.Add($"{string.Join("/", ids)} ({type.Name}) is off by default and is not run, as in a build (--rules {ids[0]} turns it on)");
            continue;
        }

        result.Add(new MeasuredAnalyzer(analyzer, string.Join("/", ids), type.Name));
    }

    return result.ToImmutable().Sort((a, b) => string.CompareOrdinal(a.RuleIds + a.Name, b.RuleIds + b.Name));
}

static string Phase(PhaseTime time) => $"{time.WallMs,6:F0} ms ({time.CpuMs,6:F0} ms CPU)";

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    if (sorted.Length == 0)
    {
        return 0;
    }

    var middle = sorted.Length / 2;
    return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

static string Report(BenchmarkOptions options, string subject, ImmutableArray<MeasuredAnalyzer> analyzers, List<(string Title, MeasuredProject Project, List<RunResult> Runs)> results)
{
    var baselineName = options.BaselineIsEmit ? "Emit" : "GetDiagnostics";
    var cpu = options.CpuTiming;
    double Baseline(RunResult r) => r.CompilerMs(options.BaselineIsEmit, cpu);
    static string Percent(double part, double whole) => whole <= 0 ? "-" : (part / whole).ToString("0.00%", CultureInfo.InvariantCulture);

    var sb = new StringBuilder();
    sb.AppendLine($"Median of {options.Runs} run(s); {subject}; ratio = analyzer execution time / compiler {baselineName} time"
        + (cpu ? " (compiler: process CPU time of its sequential pass; analyzers: the driver's telemetry scaled by the CPU share of the analyzer pass)." : " (wall-clock times)."));
    sb.AppendLine();
    sb.Append("| Rule | Analyzer |");
    foreach (var (title, _, _) in results)
    {
        sb.Append($" {title}: ms | % |");
    }

    sb.AppendLine();
    sb.Append("|---|---|");
    foreach (var _ in results)
    {
        sb.Append("---:|---:|");
    }

    sb.AppendLine();
    foreach (var analyzer in analyzers)
    {
        sb.Append($"| {analyzer.RuleIds} | {analyzer.Name.Replace("Analyzer", string.Empty, StringComparison.Ordinal)} |");
        foreach (var (_, _, runs) in results)
        {
            var ms = Median(runs.Select(r => r.AnalyzerMs(analyzer, cpu)));
            sb.Append($" {ms:F1} | {Percent(ms, Median(runs.Select(Baseline)))} |");
        }

        sb.AppendLine();
    }

    sb.Append("| **all rules** | |");
    foreach (var (_, _, runs) in results)
    {
        var ms = Median(runs.Select(r => r.AllAnalyzersMs(cpu)));
        var ratio = Median(runs.Select(r => r.AllAnalyzersMs(cpu) / Baseline(r)));
        sb.Append($" **{ms:F1}** | **{ratio:0.00%}** |");
    }

    sb.AppendLine();
    sb.Append($"| compiler | {baselineName} |");
    foreach (var (_, _, runs) in results)
    {
        sb.Append($" {Median(runs.Select(Baseline)):F0} | 100% |");
    }

    sb.AppendLine();
    sb.AppendLine();
    foreach (var (title, project, runs) in results)
    {
        var totals = runs.Select(r => r.AllAnalyzersMs(cpu) / Baseline(r)).OrderBy(v => v).ToList();
        sb.AppendLine($"- {title} ({project.Trees.Length} trees): compiler GetDiagnostics {Median(runs.Select(r => r.Diagnostics.WallMs)):F0} ms wall / {Median(runs.Select(r => r.Diagnostics.CpuMs)):F0} ms CPU"
            + (options.MeasureEmit ? $", Emit {Median(runs.Select(r => r.Emit.WallMs)):F0} ms wall / {Median(runs.Select(r => r.Emit.CpuMs)):F0} ms CPU" : string.Empty)
            + $"; analyzer pass (driver + analyzers) {Median(runs.Select(r => r.AnalyzerPass.WallMs)):F0} ms wall, CPU share {Median(runs.Select(r => r.AnalyzerPass.CpuShare)):0%}; "
            + $"analyzer telemetry (unscaled) {Median(runs.Select(r => r.AllAnalyzersMs(cpu: false))):F0} ms; all rules {totals[0]:0.00%} .. {totals[^1]:0.00%} over the runs"
            + (runs[0].CompilerErrors > 0 ? $"; {runs[0].CompilerErrors} compiler errors in the code" : string.Empty)
            + (runs[0].AnalyzerExceptions > 0 ? $"; {runs[0].AnalyzerExceptions} analyzer exceptions" : string.Empty));
    }

    return sb.ToString();
}

// --dump: the generated files as they are measured, one folder per kind of code.
IReadOnlyList<SourceFile> Dumped(string name, IReadOnlyList<SourceFile> files)
{
    if (options.DumpFolder is { } dump)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(dump, name, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text);
        }

        Console.WriteLine($"  wrote {files.Count} files to {Path.Combine(dump, name)}");
    }

    return files;
}
