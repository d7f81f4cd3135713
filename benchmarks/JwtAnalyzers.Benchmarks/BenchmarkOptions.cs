using System.Globalization;

namespace JwtAnalyzers.Benchmarks;

/// <summary>Command-line options of the benchmark (see <see cref="Usage"/>).</summary>
internal sealed class BenchmarkOptions
{
    public const string Usage = """
        JwtAnalyzers benchmark: the analyzers' execution time (the Roslyn driver's telemetry) against the compiler's own
        pass over the same compilation, in one process, per rule and in total, median of several runs.

        dotnet run -c Release --project benchmarks/JwtAnalyzers.Benchmarks -- [options]

          --files N            generated project size in files (default 2000)
          --jwt-share X        share of the files that use JWT APIs, 0..1 (default 0.1)
          --runs N             measured runs per kind of code (default 5); the median is reported
          --warmup N           unmeasured runs first (default 1)
          --code K             jwt | plain | both (default both): the generated project with JWT libraries and code,
                               the same project without them ("ASP.NET Core referenced, no JWT library"), or both
          --project DIR        measure a real folder of .cs files instead (bin/ and obj/ skipped; appsettings*.json
                               passed as additional files; references: the .NET and ASP.NET Core reference assemblies
                               plus every JWT library this project restores)
          --rules A,B          only the analyzers that report these ids (a rule that is off by default is turned on
                               when named here)
          --baseline B         diagnostics | emit (default diagnostics): the compiler pass the ratio is taken of:
                               GetDiagnostics() (declaration and method-body binding, all compiler diagnostics) or
                               Emit() to a memory stream (binding, lowering and code generation)
          --emit               also time Emit() (implied by --baseline emit)
          --timing T           cpu | wall (default cpu; always wall with --concurrent). cpu: the compiler's time is
                               the process CPU time of its pass and each analyzer's telemetry is scaled by the share
                               of a core the process got during the analyzer pass, so that on a shared, busy machine
                               time given to other processes counts for neither side. wall: raw wall-clock times
          --concurrent         concurrent compiler build and concurrent analyzer execution (default: both
                               sequential, so that analyzer time, a sum of callback times, and compiler time are
                               measured alike)
          --floor              also measure an analyzer with an empty callback on every invocation: the floor
                               under any rule registered on OperationKind.Invocation, and one with one empty
                               callback on every operation kind the rules use: the floor of rules that share
                               their registrations (neither is part of the total)
          --breakdown          also time every callback of every analyzer by kind (compilation start, each
                               registered operation kind, additional files, compilation end) with a stopwatch,
                               and print ms and calls per measured run: where inside a rule the time goes
          --markdown FILE      also write the result tables to FILE
          --no-gc-pauses       run the compiler pass and the analyzer pass each in a no-GC region (up to 6 GB
                               allocated without a collection): no analyzer is charged for a pause that another's
                               allocations caused. Needs the memory; the run line says when a region did not hold
          --dump DIR           also write the generated projects' files to DIR/WithJwt and DIR/WithoutJwt (to read
                               them, or to measure them again with --project)
          --help               this text
        """;

    public int Files { get; private set; } = 2000;

    public double JwtShare { get; private set; } = 0.1;

    public int Runs { get; private set; } = 5;

    public int Warmup { get; private set; } = 1;

    public bool MeasureJwt { get; private set; } = true;

    public bool MeasurePlain { get; private set; } = true;

    public string? ProjectFolder { get; private set; }

    public IReadOnlySet<string>? Rules { get; private set; }

    public bool BaselineIsEmit { get; private set; }

    public bool Concurrent { get; private set; }

    public bool CpuTiming => _cpuTiming && !Concurrent;

    private bool _cpuTiming = true;

    public bool MeasureEmit => _emit || BaselineIsEmit;

    private bool _emit;

    public string? MarkdownFile { get; private set; }

    public bool ShowHelp { get; private set; }

    public bool Floor { get; private set; }

    /// <summary>--breakdown: time every callback of every analyzer by kind (compilation start, operation kinds, ...).</summary>
    public bool Breakdown { get; private set; }

    public string? DumpFolder { get; private set; }

    public bool NoGcPauses { get; private set; }

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var n = 0; n < args.Length; n++)
        {
            string Value()
            {
                if (n + 1 >= args.Length)
                {
                    throw new ArgumentException($"{args[n]} needs a value.");
                }

                return args[++n];
            }

            int PositiveInt(string name, string text)
                => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
                    ? v
                    : throw new ArgumentException($"{name} takes a whole number >= 0, not '{text}'.");

            switch (args[n])
            {
                case "--files":
                    options.Files = PositiveInt("--files", Value());
                    break;
                case "--jwt-share":
                    var share = Value();
                    options.JwtShare = double.TryParse(share, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0 and <= 1
                        ? s
                        : throw new ArgumentException($"--jwt-share takes a number between 0 and 1, not '{share}'.");
                    break;
                case "--runs":
                    options.Runs = Math.Max(1, PositiveInt("--runs", Value()));
                    break;
                case "--warmup":
                    options.Warmup = PositiveInt("--warmup", Value());
                    break;
                case "--code":
                    var code = Value();
                    (options.MeasureJwt, options.MeasurePlain) = code switch
                    {
                        "jwt" => (true, false),
                        "plain" => (false, true),
                        "both" => (true, true),
                        _ => throw new ArgumentException($"--code takes jwt, plain or both, not '{code}'."),
                    };
                    break;
                case "--project":
                    var folder = Value();
                    options.ProjectFolder = Directory.Exists(folder) ? Path.GetFullPath(folder) : throw new ArgumentException($"--project: folder '{folder}' does not exist.");
                    break;
                case "--rules":
                    options.Rules = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(r => r.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
                    break;
                case "--baseline":
                    var baseline = Value();
                    options.BaselineIsEmit = baseline switch
                    {
                        "emit" => true,
                        "diagnostics" => false,
                        _ => throw new ArgumentException($"--baseline takes diagnostics or emit, not '{baseline}'."),
                    };
                    break;
                case "--timing":
                    var timing = Value();
                    options._cpuTiming = timing switch
                    {
                        "cpu" => true,
                        "wall" => false,
                        _ => throw new ArgumentException($"--timing takes cpu or wall, not '{timing}'."),
                    };
                    break;
                case "--emit":
                    options._emit = true;
                    break;
                case "--concurrent":
                    options.Concurrent = true;
                    break;
                case "--breakdown":
                    options.Breakdown = true;
                    break;
                case "--floor":
                    options.Floor = true;
                    break;
                case "--markdown":
                    options.MarkdownFile = Value();
                    break;
                case "--no-gc-pauses":
                    options.NoGcPauses = true;
                    break;
                case "--dump":
                    options.DumpFolder = Value();
                    break;
                case "--help" or "-h" or "-?":
                    options.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[n]}'.");
            }
        }

        return options;
    }
}
