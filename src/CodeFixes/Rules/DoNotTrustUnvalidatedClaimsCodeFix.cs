using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT014 in-place repairs (no runtime needed): <c>JWT014.AddIsValidCheck</c> inserts
/// <c>if (!result.IsValid) throw new UnauthorizedAccessException(..., result.Exception);</c> right after a
/// <c>ValidateTokenAsync</c> result is stored, before its claims are used; <c>JWT014.RemoveStatement</c> removes
/// <c>context.Success();</c> from a failure handler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotTrustUnvalidatedClaimsCodeFix))]
[Shared]
public sealed class DoNotTrustUnvalidatedClaimsCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotTrustUnvalidatedClaims);

    internal override Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        switch (candidate.Kind)
        {
            case JwtFixKind.RemoveStatement when RemovableStatement(candidate.Node) is not null:
                offers.Add(JwtFixKind.RemoveStatement, "Remove the call: a failed authentication must stay failed");
                break;
            case JwtFixKind.AddIsValidCheck when Declaration(candidate.Node) is not null || Inline(candidate.Node) is not null:
                offers.Add(JwtFixKind.AddIsValidCheck, "Check IsValid before using the result");
                break;
        }

        return Task.CompletedTask;
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        switch (kind)
        {
            case JwtFixKind.RemoveStatement when RemovableStatement(candidate.Node) is { } statement:
                session.Editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
                break;
            case JwtFixKind.AddIsValidCheck when Declaration(candidate.Node) is { } declaration && session.FirstTime(declaration):
                session.Editor.InsertAfter(declaration, Guard(declaration.Declaration.Variables[0].Identifier.ValueText));
                break;
            case JwtFixKind.AddIsValidCheck when Inline(candidate.Node) is { } inline && session.FirstTime(inline.Anchor):
                Hoist(session, inline);
                break;
        }

        return Task.CompletedTask;
    }

    /// <summary><c>if (!result.IsValid) { throw new UnauthorizedAccessException(..., result.Exception); }</c></summary>
    private static StatementSyntax Guard(string name)
        => SyntaxFactory.ParseStatement(
                $"if (!{name}.IsValid)\n{{\n    throw new global::System.UnauthorizedAccessException(\"The token is not valid.\", {name}.Exception);\n}}\n")
            .WithAdditionalAnnotations(Formatter.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation);

    /// <summary>
    /// <c>return (await handler.ValidateTokenAsync(token, p)).ClaimsIdentity;</c> (or an expression-bodied member that
    /// does the same): the awaited result goes into a local declared just before the statement, the guard follows, and
    /// the statement reads the local. Only when nothing in the statement is evaluated before the validation call, so the
    /// order of evaluation does not change: see <see cref="Inline"/>.
    /// </summary>
    private static void Hoist(FixSession session, InlineValidation inline)
    {
        var member = inline.Anchor.FirstAncestorOrSelf<MemberDeclarationSyntax>() as SyntaxNode ?? inline.Anchor;
        var taken = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var name = new[] { "result", "validation", "validationResult" }.FirstOrDefault(n => !taken.Contains(n))
                   ?? Enumerable.Range(2, 100).Select(i => "result" + i).First(n => !taken.Contains(n));
        var declaration = SyntaxFactory.ParseStatement($"var {name} = {inline.Await.WithoutTrivia().ToFullString()};\n").WithAdditionalAnnotations(Formatter.Annotation);
        var editor = session.Editor;
        if (inline.Anchor is StatementSyntax statement)
        {
            editor.InsertBefore(statement, new[] { declaration, Guard(name) });
            editor.ReplaceNode(inline.Parenthesized, SyntaxFactory.IdentifierName(name).WithTriviaFrom(inline.Parenthesized));
            return;
        }

        // An expression body becomes a block: the declaration, the guard, then the expression (returned unless the member returns nothing).
        var arrow = (ArrowExpressionClauseSyntax)inline.Anchor;
        var expression = arrow.Expression.ReplaceNode(inline.Parenthesized, SyntaxFactory.IdentifierName(name).WithTriviaFrom(inline.Parenthesized));
        var method = session.SemanticModel.GetDeclaredSymbol(arrow.Parent!, session.CancellationToken) as IMethodSymbol;
        var returnsNothing = method is null || method.ReturnsVoid
                             || (method.IsAsync && (SymbolEqualityComparer.Default.Equals(method.ReturnType, KnownSymbols.Get(session.SemanticModel.Compilation).Bcl.Task)
                                                    || SymbolEqualityComparer.Default.Equals(method.ReturnType, KnownSymbols.Get(session.SemanticModel.Compilation).Bcl.ValueTask)));
        // Parsed as text so that the line breaks are real ones (elastic ones after a block get a blank line from the formatter).
        var body = ((BlockSyntax)SyntaxFactory.ParseStatement(
                "{\n" + declaration.ToFullString() + Guard(name).ToFullString() + (returnsNothing ? string.Empty : "return ") + expression.WithoutTrivia().ToFullString() + ";\n}"))
            .WithAdditionalAnnotations(Formatter.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation);
        switch (arrow.Parent)
        {
            case MethodDeclarationSyntax declared:
                editor.ReplaceNode(declared, declared.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body.WithTrailingTrivia(declared.SemicolonToken.TrailingTrivia)).WithAdditionalAnnotations(Formatter.Annotation));
                break;
            case LocalFunctionStatementSyntax local:
                editor.ReplaceNode(local, local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body.WithTrailingTrivia(local.SemicolonToken.TrailingTrivia)).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }
    }

    private sealed class InlineValidation
    {
        public InlineValidation(AwaitExpressionSyntax awaited, ParenthesizedExpressionSyntax parenthesized, SyntaxNode anchor)
        {
            Await = awaited;
            Parenthesized = parenthesized;
            Anchor = anchor;
        }

        public AwaitExpressionSyntax Await { get; }

        public ParenthesizedExpressionSyntax Parenthesized { get; }

        /// <summary>The statement (in a block) before which the result is stored, or the expression body of a method or local function.</summary>
        public SyntaxNode Anchor { get; }
    }

    /// <summary>
    /// <c>(await x.ValidateTokenAsync(...)).ClaimsIdentity</c> where storing the result first changes nothing else: from the
    /// member access up to the statement, the validation is the first thing evaluated (the first argument of a call or
    /// creation on a plain receiver, the right side of an assignment to a plain target, a returned or initializing value).
    /// </summary>
    private static InlineValidation? Inline(SyntaxNode node)
    {
        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Parent: AwaitExpressionSyntax { Parent: ParenthesizedExpressionSyntax { Parent: MemberAccessExpressionSyntax access } parenthesized } awaited }
            || access.Expression != parenthesized)
        {
            return null;
        }

        SyntaxNode current = access;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case MemberAccessExpressionSyntax member when member.Expression == current:
                case CastExpressionSyntax:
                case ParenthesizedExpressionSyntax:
                case ArgumentListSyntax:
                case EqualsValueClauseSyntax:
                case VariableDeclaratorSyntax:
                case VariableDeclarationSyntax { Variables.Count: 1 }:
                case LocalDeclarationStatementSyntax:
                    break;
                case ArgumentSyntax argument when argument.Parent is ArgumentListSyntax list && list.Arguments.TakeWhile(a => a != argument).All(a => IsPlain(a.Expression)):
                    break;
                case InvocationExpressionSyntax invocation when invocation.ArgumentList == current && IsPlain(invocation.Expression):
                    break;
                case BaseObjectCreationExpressionSyntax creation when creation.ArgumentList == current && creation.Initializer is null:
                    break;
                case AssignmentExpressionSyntax assignment when assignment.Right == current && IsPlain(assignment.Left):
                    break;
                case ExpressionStatementSyntax or ReturnStatementSyntax or LocalDeclarationStatementSyntax when parent.Parent is BlockSyntax:
                    return new InlineValidation(awaited, parenthesized, parent);
                case ArrowExpressionClauseSyntax arrow when arrow.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax:
                    return new InlineValidation(awaited, parenthesized, arrow);
                default:
                    return null;
            }

            if (parent is LocalDeclarationStatementSyntax)
            {
                return parent.Parent is BlockSyntax ? new InlineValidation(awaited, parenthesized, parent) : null;
            }

            current = parent;
        }

        return null;
    }

    /// <summary>Evaluating it has no effect that storing the validation result first could reorder: names, member accesses of names, literals, <c>this</c>.</summary>
    private static bool IsPlain(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or GenericNameSyntax or LiteralExpressionSyntax or ThisExpressionSyntax or PredefinedTypeSyntax => true,
        MemberAccessExpressionSyntax member => IsPlain(member.Expression),
        _ => false,
    };

    private static StatementSyntax? RemovableStatement(SyntaxNode node)
        => node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { Parent: BlockSyntax or SwitchSectionSyntax } statement ? statement : null;

    /// <summary><c>var result = await handler.ValidateTokenAsync(...);</c>: the result itself is stored in a local.</summary>
    private static LocalDeclarationStatementSyntax? Declaration(SyntaxNode node)
        => node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is
           {
               Parent: AwaitExpressionSyntax
               {
                   Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } declaration } } },
               },
           }
            ? declaration
            : null;
}
