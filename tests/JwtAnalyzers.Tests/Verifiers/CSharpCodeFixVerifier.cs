using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace JwtAnalyzers.Tests.Verifiers;

/// <summary>Thin wrapper over Microsoft.CodeAnalysis.Testing code-fix tests; Fix All (document, project, solution) runs too.</summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        => CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

    /// <summary>
    /// Applies the fix (equivalence key <paramref name="equivalenceKey"/>, or the first offered) and compares with
    /// <paramref name="fixedSource"/>. <paramref name="fixAllIterations"/>: how many Fix All passes reach it (one per
    /// equivalence key when a document mixes repairs, since each key names one repair).
    /// </summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null, bool withRuntime = false, int? fixAllIterations = null)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            References = withRuntime ? TestReferences.Default.AddRange(TestReferences.Runtime) : TestReferences.Default,
        };
        if (fixAllIterations is { } iterations)
        {
            test.NumberOfFixAllIterations = iterations;
        }

        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            TestDefaults.Apply(this);
        }

        public ImmutableArray<MetadataReference> References { get; set; } = TestReferences.Default;

        /// <summary>Contents of a <c>.editorconfig</c>-style global config, e.g. <c>JWT009.maximum_clock_skew = 60</c>.</summary>
        public string? EditorConfig
        {
            get => _editorConfig;
            set
            {
                _editorConfig = value;
                TestDefaults.ApplyEditorConfig(TestState, value);
            }
        }

        private string? _editorConfig;

        protected override Project ApplyCompilationOptions(Project project)
            => TestDefaults.ApplyReferences(base.ApplyCompilationOptions(project), References);

    }
}
