using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using JwtAnalyzers.Tests.Verifiers;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>Builds a compilation from sources and finds operations in it, for tests of the analysis core.</summary>
internal static class CoreTestCompilation
{
    public static CSharpCompilation Create(params string[] sources)
        => CSharpCompilation.Create(
            "CoreTest",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: "File" + i + ".cs")),
            TestReferences.Default,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The value assigned to the property named <paramref name="property"/> (first assignment found, object initializers included).</summary>
    public static IOperation AssignedValue(Compilation compilation, string property)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var assignment in tree.GetRoot().DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == property
                    || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } && member == property)
                {
                    var operation = (ISimpleAssignmentOperation)model.GetOperation(assignment)!;
                    return operation.Value;
                }
            }
        }

        throw new InvalidOperationException("No assignment to " + property);
    }

    /// <summary>The argument of the first call of a method named <paramref name="method"/>.</summary>
    public static IOperation FirstArgument(Compilation compilation, string method, int index = 0)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(invocation) is IInvocationOperation operation && operation.TargetMethod.Name == method)
                {
                    return operation.Arguments[index].Value;
                }
            }
        }

        throw new InvalidOperationException("No call of " + method);
    }
}

internal static class CompilationTestExtensions
{
    /// <summary>A type declared in the test sources (never ambiguous).</summary>
    public static INamedTypeSymbol GetTypeByMetadataNameForTest(this Compilation compilation, string name)
        => compilation.GetSymbolsWithName(name, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
}
