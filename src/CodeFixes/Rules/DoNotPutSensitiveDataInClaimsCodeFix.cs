using System.Collections.Generic;
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
/// Fix for JWT016 (<c>JWT016.RemoveClaim</c>): removes the sensitive claim — the array or collection
/// element, the <c>claims.Add(...)</c> statement, the dictionary entry, the <c>AddClaim(...)</c> call of a builder
/// chain, the anonymous member — and a local that only held the removed value.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotPutSensitiveDataInClaimsCodeFix))]
[Shared]
public sealed class DoNotPutSensitiveDataInClaimsCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotPutSensitiveDataInClaims);

    internal override Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Kind == JwtFixKind.RemoveClaim && Plan(candidate.Node) is not null)
        {
            offers.Add(JwtFixKind.RemoveClaim, "Remove the sensitive claim");
        }

        return Task.CompletedTask;
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        if (kind != JwtFixKind.RemoveClaim || Plan(candidate.Node) is not { } plan)
        {
            return Task.CompletedTask;
        }

        var editor = session.Editor;
        var cancellationToken = session.CancellationToken;

        // Locals read only inside the removed claim become unused: remove their declarations too (once in a Fix All).
        foreach (var declaration in UnusedLocalDeclarations(plan.Remove, editor.SemanticModel, cancellationToken))
        {
            if (session.FirstTime(declaration))
            {
                editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia);
            }
        }

        if (!session.FirstTime(plan.Remove))
        {
            return Task.CompletedTask;
        }

        if (plan.Replacement is { } replacement)
        {
            editor.ReplaceNode(plan.Remove, replacement.WithoutTrailingTrivia());
        }
        else
        {
            // The last element of a one-line list keeps the space before its closing brace.
            var isLastElement = plan.Remove.Parent is InitializerExpressionSyntax or AnonymousObjectCreationExpressionSyntax
                && plan.Remove.GetLastToken().GetNextToken().IsKind(SyntaxKind.CloseBraceToken);
            editor.RemoveNode(plan.Remove, isLastElement ? SyntaxRemoveOptions.KeepTrailingTrivia : SyntaxRemoveOptions.KeepNoTrivia);
        }

        return Task.CompletedTask;
    }

    /// <summary>What to do: remove <c>Remove</c>, or replace <c>Remove</c> with <c>Replacement</c> (a builder chain link).</summary>
    private sealed class RemovalPlan
    {
        public RemovalPlan(SyntaxNode remove, SyntaxNode? replacement = null)
        {
            Remove = remove;
            Replacement = replacement;
        }

        public SyntaxNode Remove { get; }

        public SyntaxNode? Replacement { get; }
    }

    private static RemovalPlan? Plan(SyntaxNode node)
    {
        if (node is ArgumentSyntax argument)
        {
            node = argument.Expression;
        }

        switch (node)
        {
            // An element of an array, collection or dictionary initializer: new Claim(...), ["k"] = v, { "k", v }.
            case ExpressionSyntax when node.Parent is InitializerExpressionSyntax:
                return new RemovalPlan(node);

            case AnonymousObjectMemberDeclaratorSyntax:
                return new RemovalPlan(node);

            // claims.Add(new Claim(...)); identity.AddClaim(new Claim(...));
            case ObjectCreationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } } } }:
                return new RemovalPlan(statement);

            // payload.Add("k", v); builder.AddClaim("k", v);
            case InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement }:
                return new RemovalPlan(statement);

            // new JwtBuilder()...AddClaim("k", v).Encode(): drop the link from the chain.
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, Parent: MemberAccessExpressionSyntax }:
                return new RemovalPlan(node, access.Expression);

            default:
                return null;
        }
    }

    private static IEnumerable<SyntaxNode> UnusedLocalDeclarations(SyntaxNode removed, SemanticModel model, CancellationToken cancellationToken)
    {
        var body = removed.Ancestors().FirstOrDefault(a => a is BlockSyntax { Parent: BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax });
        if (body is null)
        {
            yield break;
        }

        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var identifier in removed.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is not ILocalSymbol local || !seen.Add(local)
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement }
                || !IsFreeOfSideEffects(initializer))
            {
                continue;
            }

            var usedElsewhere = body.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(i => i.Identifier.ValueText == local.Name && !removed.Span.Contains(i.Span))
                .Any(i => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, local));
            if (!usedElsewhere)
            {
                yield return statement;
            }
        }
    }

    private static bool IsFreeOfSideEffects(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or LiteralExpressionSyntax => true,
        MemberAccessExpressionSyntax access => IsFreeOfSideEffects(access.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsFreeOfSideEffects(parenthesized.Expression),
        PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang => IsFreeOfSideEffects(bang.Operand),
        _ => false,
    };
}
