using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace JwtAnalyzers.Tests.Verifiers;

/// <summary>Thin wrapper over Microsoft.CodeAnalysis.Testing with this project's references and defaults.</summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    /// <summary>Verifies that <paramref name="source"/> (with <c>[|...|]</c> / <c>{|JWTnnn:...|}</c> markup) gets exactly the marked diagnostics.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            TestDefaults.Apply(this);
        }

        /// <summary>The references of the test project (framework + libraries). Replace to test other library versions.</summary>
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
