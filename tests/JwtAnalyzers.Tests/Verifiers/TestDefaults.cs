using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace JwtAnalyzers.Tests.Verifiers;

internal static class TestDefaults
{
    /// <summary>An empty reference set: references come from <see cref="TestReferences"/>, never from a download.</summary>
    private static readonly ReferenceAssemblies NoReferenceAssemblies = new("net10.0");

    public static void Apply(AnalyzerTest<DefaultVerifier> test)
    {
        test.ReferenceAssemblies = NoReferenceAssemblies;
        // Test sources are whole programs; top-level statements and usings are written out.
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
    }

    public static Project ApplyReferences(Project project, ImmutableArray<MetadataReference> references)
    {
        var parseOptions = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Latest);
        var compilationOptions = ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
        return project
            .WithParseOptions(parseOptions)
            .WithCompilationOptions(compilationOptions)
            .WithMetadataReferences(references);
    }

    public static void ApplyEditorConfig(SolutionState state, string? editorConfig)
    {
        if (editorConfig is null)
        {
            return;
        }

        var content = "is_global = true\n" + editorConfig;
        if (!state.AnalyzerConfigFiles.Any(f => f.filename == "/.globalconfig"))
        {
            state.AnalyzerConfigFiles.Add(("/.globalconfig", content));
        }
    }
}
