using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>JWT002: removes <c>"none"</c> from a <c>ValidAlgorithms</c> collection (when other algorithms remain).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotUseUnsignedTokensCodeFix))]
[Shared]
public sealed class DoNotUseUnsignedTokensCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotUseUnsignedTokens);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind) || kind != SignatureFixKinds.RemoveNoneElement
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax element)
            {
                continue;
            }

            SyntaxNode? toRemove = element.Parent switch
            {
                InitializerExpressionSyntax initializer when initializer.Expressions.Count > 1 => element,
                ExpressionElementSyntax { Parent: CollectionExpressionSyntax collection } expressionElement when collection.Elements.Count > 1 => expressionElement,
                _ => null,
            };
            if (toRemove is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Remove \"none\" from ValidAlgorithms",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(toRemove, IsLast(toRemove) ? SyntaxRemoveOptions.KeepTrailingTrivia : SyntaxRemoveOptions.KeepNoTrivia)!)),
                    RuleIdentifiers.DoNotUseUnsignedTokens + ".RemoveNone"),
                diagnostic);
        }
    }

    /// <summary>The last element loses the separator before it; its trailing space is kept so the brace stays spaced.</summary>
    private static bool IsLast(SyntaxNode element)
        => element.Parent?.ChildNodes().LastOrDefault() == element;
}
