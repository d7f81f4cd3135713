using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// In-place repairs of JWT001 for Jwt.Net: <c>verify: false</c> / <c>WithVerifySignature(false)</c> become <c>true</c>
/// (<c>JWT001.SetArgumentTrue</c>), <c>DoNotVerifySignature()</c> becomes <c>MustVerifySignature()</c>
/// (<c>JWT001.UseMustVerifySignature</c>), <c>.MustVerifySignature()</c> is inserted before <c>JwtBuilder.Decode</c>
/// (<c>JWT001.InsertMustVerifySignature</c>), and <c>ValidationParameters.None</c> becomes
/// <c>ValidationParameters.Default</c> (<c>JWT001.UseDefaultValidationParameters</c>). The IdentityModel-style
/// assignments (<c>ValidateSignature = false</c>) are repaired by <see cref="DoNotDisableSignatureValidationCodeFix"/>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotDisableSignatureValidationJwtNetCodeFix))]
[Shared]
public sealed class DoNotDisableSignatureValidationJwtNetCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotDisableSignatureValidation);

    internal override Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        switch (candidate.Kind)
        {
            case JwtFixKind.SetArgumentTrue when candidate.Node.FirstAncestorOrSelf<ArgumentSyntax>() is not null:
                offers.Add(JwtFixKind.SetArgumentTrue, "Verify the signature (pass true)");
                break;
            case JwtFixKind.UseMustVerifySignature when candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax }:
                offers.Add(JwtFixKind.UseMustVerifySignature, "Use MustVerifySignature()");
                break;
            case JwtFixKind.InsertMustVerifySignature when candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax }:
                offers.Add(JwtFixKind.InsertMustVerifySignature, "Call MustVerifySignature() before Decode");
                break;
            case JwtFixKind.UseDefaultValidationParameters when NoneName(candidate.Node) is not null:
                offers.Add(JwtFixKind.UseDefaultValidationParameters, "Use ValidationParameters.Default");
                break;
        }

        return Task.CompletedTask;
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var editor = session.Editor;
        switch (kind)
        {
            case JwtFixKind.SetArgumentTrue:
                var argument = candidate.Node.FirstAncestorOrSelf<ArgumentSyntax>()!;
                editor.ReplaceNode(argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(argument.Expression));
                break;
            case JwtFixKind.UseMustVerifySignature:
                var access = (MemberAccessExpressionSyntax)candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>()!.Expression;
                editor.ReplaceNode(access.Name, SyntaxFactory.IdentifierName("MustVerifySignature").WithTriviaFrom(access.Name));
                break;
            case JwtFixKind.InsertMustVerifySignature:
                var decodeAccess = (MemberAccessExpressionSyntax)candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>()!.Expression;
                var mustVerify = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, decodeAccess.Expression.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("MustVerifySignature")));
                editor.ReplaceNode(decodeAccess.Expression, mustVerify.WithTrailingTrivia(decodeAccess.Expression.GetTrailingTrivia()));
                break;
            case JwtFixKind.UseDefaultValidationParameters:
                var name = NoneName(candidate.Node)!;
                editor.ReplaceNode(name, SyntaxFactory.IdentifierName("Default").WithTriviaFrom(name));
                break;
        }

        return Task.CompletedTask;
    }

    private static SimpleNameSyntax? NoneName(SyntaxNode node)
    {
        SyntaxNode? target = node switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            IdentifierNameSyntax identifier => identifier,
            _ => null,
        };
        return target is SimpleNameSyntax name && name.Identifier.ValueText == "None" ? name : null;
    }
}
