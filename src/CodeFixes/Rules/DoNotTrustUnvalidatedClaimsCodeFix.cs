using System.Collections.Immutable;
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
            case JwtFixKind.AddIsValidCheck when Declaration(candidate.Node) is not null:
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
                var name = declaration.Declaration.Variables[0].Identifier.ValueText;
                var check = SyntaxFactory.ParseStatement(
                        $"if (!{name}.IsValid)\n{{\n    throw new global::System.UnauthorizedAccessException(\"The token is not valid.\", {name}.Exception);\n}}\n")
                    .WithAdditionalAnnotations(Formatter.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation);
                session.Editor.InsertAfter(declaration, check);
                break;
        }

        return Task.CompletedTask;
    }

    private static StatementSyntax? RemovableStatement(SyntaxNode node)
        => node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { Parent: BlockSyntax or SwitchSectionSyntax } statement ? statement : null;

    private static LocalDeclarationStatementSyntax? Declaration(SyntaxNode node)
        => node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { Parent: BlockSyntax, Declaration.Variables.Count: 1 } declaration ? declaration : null;
}
