using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// In-place repairs of JWT001 for Jwt.Net: <c>verify: false</c> / <c>WithVerifySignature(false)</c> become <c>true</c>,
/// <c>DoNotVerifySignature()</c> becomes <c>MustVerifySignature()</c>, <c>.MustVerifySignature()</c> is inserted before
/// <c>JwtBuilder.Decode</c>, and <c>ValidationParameters.None</c> becomes <c>ValidationParameters.Default</c>. The
/// IdentityModel-style assignments (<c>ValidateSignature = false</c>) are repaired by <see cref="DoNotDisableSignatureValidationCodeFix"/>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotDisableSignatureValidationJwtNetCodeFix))]
[Shared]
public sealed class DoNotDisableSignatureValidationJwtNetCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotDisableSignatureValidation);

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
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            switch (kind)
            {
                case SignatureFixKinds.SetArgumentTrue when node.FirstAncestorOrSelf<ArgumentSyntax>() is { } argument:
                    context.RegisterCodeFix(
                        CodeAction.Create("Verify the signature (pass true)",
                            ct => ReplaceAsync(context.Document, argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(argument.Expression), ct),
                            RuleIdentifiers.DoNotDisableSignatureValidation + ".JwtNet.VerifyTrue"),
                        diagnostic);
                    break;

                case SignatureFixKinds.UseMustVerifySignature
                    when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax access }:
                    context.RegisterCodeFix(
                        CodeAction.Create("Use MustVerifySignature()",
                            ct => ReplaceAsync(context.Document, access.Name, SyntaxFactory.IdentifierName("MustVerifySignature").WithTriviaFrom(access.Name), ct),
                            RuleIdentifiers.DoNotDisableSignatureValidation + ".JwtNet.MustVerify"),
                        diagnostic);
                    break;

                case SignatureFixKinds.InsertMustVerifySignature
                    when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax decodeAccess }:
                    var mustVerify = SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, decodeAccess.Expression.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("MustVerifySignature")));
                    var newAccess = decodeAccess.WithExpression(mustVerify.WithTrailingTrivia(decodeAccess.Expression.GetTrailingTrivia()));
                    context.RegisterCodeFix(
                        CodeAction.Create("Call MustVerifySignature() before Decode",
                            ct => ReplaceAsync(context.Document, decodeAccess, newAccess, ct),
                            RuleIdentifiers.DoNotDisableSignatureValidation + ".JwtNet.InsertMustVerify"),
                        diagnostic);
                    break;

                case SignatureFixKinds.UseDefaultValidationParameters:
                    SyntaxNode? target = node switch
                    {
                        MemberAccessExpressionSyntax member => member.Name,
                        IdentifierNameSyntax identifier => identifier,
                        _ => null,
                    };
                    if (target is SimpleNameSyntax name && name.Identifier.ValueText == "None")
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create("Use ValidationParameters.Default",
                                ct => ReplaceAsync(context.Document, name, SyntaxFactory.IdentifierName("Default").WithTriviaFrom(name), ct),
                                RuleIdentifiers.DoNotDisableSignatureValidation + ".JwtNet.DefaultParameters"),
                            diagnostic);
                    }

                    break;
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, SyntaxNode oldNode, SyntaxNode newNode, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode));
    }
}
