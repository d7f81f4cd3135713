using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT002 (<c>JWT002.RemoveNoneElement</c>): removes <c>"none"</c> from the accepted algorithms wherever the analyzer
/// found it: an array or collection initializer (inline or in a helper), a collection expression, or an
/// <c>.Append("none")</c> / <c>.Prepend("none")</c> / <c>.Concat(new[] { "none" })</c> call (the call is dropped).
/// Not offered when <c>"none"</c> is the only element of an initializer (an empty list would accept every algorithm).
/// Needs no runtime.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotUseUnsignedTokensCodeFix))]
[Shared]
public sealed class DoNotUseUnsignedTokensCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotUseUnsignedTokens);

    internal override Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Kind == JwtFixKind.RemoveNoneElement && Target(candidate.Node) is not null)
        {
            offers.Add(JwtFixKind.RemoveNoneElement, "Remove \"none\" from the accepted algorithms");
        }

        return Task.CompletedTask;
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        switch (Target(candidate.Node))
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call:
                session.Editor.ReplaceNode(call, access.Expression.WithTriviaFrom(call));
                break;
            case { } element:
                session.Editor.RemoveNode(element, IsLast(element) ? SyntaxRemoveOptions.KeepTrailingTrivia : SyntaxRemoveOptions.KeepNoTrivia);
                break;
        }

        return Task.CompletedTask;
    }

    /// <summary>The element to remove, or the <c>Append</c>/<c>Prepend</c>/<c>Concat</c> call to drop.</summary>
    private static SyntaxNode? Target(SyntaxNode node)
    {
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        if (node is not ExpressionSyntax element)
        {
            return null;
        }

        switch (element.Parent)
        {
            case InitializerExpressionSyntax initializer when initializer.Expressions.Count > 1:
                return element;
            case InitializerExpressionSyntax { Parent: ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax or CollectionExpressionSyntax } single
                when single.Parent?.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax concat } } && IsSequenceCall(concat, "Concat"):
                return concat;
            case ExpressionElementSyntax { Parent: CollectionExpressionSyntax collection } expressionElement:
                if (collection.Elements.Count > 1)
                {
                    return expressionElement;
                }

                return collection.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax concatCollection } } && IsSequenceCall(concatCollection, "Concat")
                    ? concatCollection
                    : null;
            case ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax call } } when IsSequenceCall(call, "Append", "Prepend"):
                return call;
            default:
                return null;
        }
    }

    private static bool IsSequenceCall(InvocationExpressionSyntax call, params string[] names)
        => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && names.Contains(name) && call.ArgumentList.Arguments.Count == 1;

    /// <summary>The last element loses the separator before it; its trailing space is kept so the brace stays spaced.</summary>
    private static bool IsLast(SyntaxNode element)
        => element.Parent?.ChildNodes().LastOrDefault() == element;
}
