using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT014: inserts <c>if (!result.IsValid) throw new UnauthorizedAccessException(..., result.Exception);</c> right after
/// a <c>ValidateTokenAsync</c> result is stored, and removes <c>context.Success();</c> from <c>OnAuthenticationFailed</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotTrustUnvalidatedClaimsCodeFix))]
[Shared]
public sealed class DoNotTrustUnvalidatedClaimsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotTrustUnvalidatedClaims);

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
                case SignatureFixKinds.RemoveStatement
                    when node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { Parent: BlockSyntax or SwitchSectionSyntax } statement:
                    context.RegisterCodeFix(
                        CodeAction.Create("Remove the call: a failed authentication must stay failed",
                            ct => Task.FromResult(context.Document.WithSyntaxRoot(root.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia)!)),
                            RuleIdentifiers.DoNotTrustUnvalidatedClaims + ".RemoveSuccess"),
                        diagnostic);
                    break;

                case SignatureFixKinds.AddIsValidCheck
                    when node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { Parent: BlockSyntax block } declaration
                         && declaration.Declaration.Variables.Count == 1:
                    var name = declaration.Declaration.Variables[0].Identifier.ValueText;
                    var check = SyntaxFactory.ParseStatement(
                            $"if (!{name}.IsValid)\n{{\n    throw new System.UnauthorizedAccessException(\"The token is not valid.\", {name}.Exception);\n}}\n")
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    context.RegisterCodeFix(
                        CodeAction.Create("Check IsValid before using the result",
                            ct => Task.FromResult(context.Document.WithSyntaxRoot(root.InsertNodesAfter(declaration, new[] { check }))),
                            RuleIdentifiers.DoNotTrustUnvalidatedClaims + ".CheckIsValid"),
                        diagnostic);
                    break;
            }
        }
    }
}
