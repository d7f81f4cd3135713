using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Benchmarks;

/// <summary>
/// What the analyzers cost in a build: all JwtAnalyzers rules over a generated project of 200 files, (a) in a project
/// that references IdentityModel and ASP.NET Core authentication and contains JWT configuration code, and (b) in a
/// project that references no JWT library, where every analyzer should stop at compilation start. The baseline is the
/// compiler's own binding of the same files (GetDiagnostics), which any build pays anyway.
/// Run: dotnet run -c Release --project benchmarks/JwtAnalyzers.Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
public class AnalyzerOverheadBenchmarks
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(JwtAnalyzers.Rules.DoNotDisableLifetimeValidationAnalyzer).Assembly
        .GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private CSharpCompilation _withJwt = null!;
    private CSharpCompilation _withoutJwt = null!;

    [Params(200)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var aspNetDirectory = Path.Combine(runtimeDirectory, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(runtimeDirectory));
        var bcl = Directory.GetFiles(runtimeDirectory, "*.dll").Where(IsManaged).Select(f => MetadataReference.CreateFromFile(f)).ToList();
        var aspNet = Directory.Exists(aspNetDirectory) ? Directory.GetFiles(aspNetDirectory, "*.dll").Where(IsManaged).Select(f => MetadataReference.CreateFromFile(f)).ToList() : [];
        var jwt = new[]
        {
            typeof(Microsoft.IdentityModel.Tokens.TokenValidationParameters).Assembly.Location,
            typeof(System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler).Assembly.Location,
            typeof(Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler).Assembly.Location,
            typeof(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions).Assembly.Location,
            typeof(Microsoft.IdentityModel.Logging.IdentityModelEventSource).Assembly.Location,
            typeof(Microsoft.IdentityModel.Abstractions.IIdentityLogger).Assembly.Location,
        }.Select(f => MetadataReference.CreateFromFile(f));

        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        _withJwt = CSharpCompilation.Create("WithJwt", Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(JwtFile(i), parse)), bcl.Concat(aspNet).Concat(jwt), options);
        _withoutJwt = CSharpCompilation.Create("WithoutJwt", Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(PlainFile(i), parse)), bcl, options);
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    /// <summary>The analyzer driver with one analyzer that does nothing: what any analyzer package costs before its own work.</summary>
    private static readonly ImmutableArray<DiagnosticAnalyzer> EmptyAnalyzer = ImmutableArray.Create<DiagnosticAnalyzer>(new NoOpAnalyzer());

    [Benchmark(Baseline = true)]
    public async Task<int> DriverOnly_WithJwt()
        => (await _withJwt.RemoveAllSyntaxTrees().AddSyntaxTrees(_withJwt.SyntaxTrees).WithAnalyzers(EmptyAnalyzer).GetAllDiagnosticsAsync()).Length;

    [Benchmark]
    public async Task<int> CompilerAndAnalyzers_WithJwt()
        => (await _withJwt.RemoveAllSyntaxTrees().AddSyntaxTrees(_withJwt.SyntaxTrees).WithAnalyzers(Analyzers).GetAllDiagnosticsAsync()).Length;

    [Benchmark]
    public async Task<int> DriverOnly_WithoutJwt()
        => (await _withoutJwt.RemoveAllSyntaxTrees().AddSyntaxTrees(_withoutJwt.SyntaxTrees).WithAnalyzers(EmptyAnalyzer).GetAllDiagnosticsAsync()).Length;

    [Benchmark]
    public async Task<int> CompilerAndAnalyzers_WithoutJwt()
        => (await _withoutJwt.RemoveAllSyntaxTrees().AddSyntaxTrees(_withoutJwt.SyntaxTrees).WithAnalyzers(Analyzers).GetAllDiagnosticsAsync()).Length;

    private static string JwtFile(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.IdentityModel.Tokens;
        namespace App{{i}};
        public sealed class Service{{i}}
        {
            private readonly List<string> _items = new();
            public int Count(string prefix) => _items.Count(x => x.StartsWith(prefix, StringComparison.Ordinal));
            public void Configure(IServiceCollection services, SecurityKey key)
            {
                services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.Authority = "https://login.example.com";
                    o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = "https://login.example.com",
                        ValidAudience = "api{{i}}",
                        IssuerSigningKey = key,
                        ValidateLifetime = {{(i % 10 == 0 ? "false" : "true")}},
                        ClockSkew = TimeSpan.FromMinutes({{i % 7}}),
                    };
                });
            }
            public IEnumerable<int> Numbers() { for (var n = 0; n < {{i}}; n++) { if (n % 3 == 0) yield return n * 2; } }
        }
        """;

    private static string PlainFile(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        namespace App{{i}};
        public sealed class Options{{i}} { public bool ValidateLifetime { get; set; } public TimeSpan ClockSkew { get; set; } public string? Authority { get; set; } }
        public sealed class Service{{i}}
        {
            private readonly List<string> _items = new();
            public int Count(string prefix) => _items.Count(x => x.StartsWith(prefix, StringComparison.Ordinal));
            public Options{{i}} Make() => new() { ValidateLifetime = false, ClockSkew = TimeSpan.FromDays(1), Authority = "http://x" };
            public IEnumerable<int> Numbers() { for (var n = 0; n < {{i}}; n++) { if (n % 3 == 0) yield return n * 2; } }
        }
        """;

    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(AnalyzerOverheadBenchmarks).Assembly).Run(args);
}

[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("NOOP001", "No-op", "No-op", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(_ => { });
    }
}
