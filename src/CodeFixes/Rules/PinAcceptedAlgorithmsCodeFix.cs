using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT015: adds <c>ValidAlgorithms = new[] { SecurityAlgorithms.X }</c> with the algorithms of the configured keys, or
/// the expected <c>JwsAlgorithm</c> (from the key's type: <c>byte[]</c> HS256, <c>RSA</c> RS256, <c>ECDsa</c> ES256) to
/// jose-jwt's <c>JWT.Decode(token, key)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PinAcceptedAlgorithmsCodeFix))]
[Shared]
public sealed class PinAcceptedAlgorithmsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.PinAcceptedAlgorithms);

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
                || !diagnostic.Properties.TryGetValue(SignatureFixKinds.AlgorithmsKey, out var algorithms) || string.IsNullOrEmpty(algorithms)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                continue;
            }

            switch (kind)
            {
                case SignatureFixKinds.PinValidAlgorithms
                    when node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { Initializer: { } initializer } creation:
                    context.RegisterCodeFix(
                        CodeAction.Create($"Pin ValidAlgorithms to {algorithms}", ct => PinAsync(context.Document, initializer, algorithms!.Split(','), ct),
                            RuleIdentifiers.PinAcceptedAlgorithms + ".Pin"),
                        diagnostic);
                    break;

                case SignatureFixKinds.AddExpectedAlgorithm
                    when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: 2 } invocation:
                    context.RegisterCodeFix(
                        CodeAction.Create($"Expect JwsAlgorithm.{algorithms}", ct => AddAlgorithmAsync(context.Document, invocation, algorithms!, ct),
                            RuleIdentifiers.PinAcceptedAlgorithms + ".ExpectAlgorithm"),
                        diagnostic);
                    break;
            }
        }
    }

    private static async Task<Document> PinAsync(Document document, InitializerExpressionSyntax initializer, string[] algorithms, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var securityAlgorithms = editor.SemanticModel.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityAlgorithms");
        if (securityAlgorithms is null)
        {
            return document;
        }

        var generator = editor.Generator;
        var elements = algorithms.Select(a => (ExpressionSyntax)generator.MemberAccessExpression(
            generator.TypeExpression(securityAlgorithms).WithAdditionalAnnotations(Simplifier.Annotation), a));
        var array = SyntaxFactory.ImplicitArrayCreationExpression(
            SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, SyntaxFactory.SeparatedList(elements)));
        var assignment = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("ValidAlgorithms"), array)
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        var updated = initializer.WithExpressions(initializer.Expressions.Add(assignment));
        editor.ReplaceNode(initializer, updated.WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }

    private static async Task<Document> AddAlgorithmAsync(Document document, InvocationExpressionSyntax invocation, string algorithm, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var jwsAlgorithm = editor.SemanticModel.Compilation.GetBestTypeByMetadataName("Jose.JwsAlgorithm");
        if (jwsAlgorithm is null)
        {
            return document;
        }

        var generator = editor.Generator;
        var value = (ExpressionSyntax)generator.MemberAccessExpression(generator.TypeExpression(jwsAlgorithm).WithAdditionalAnnotations(Simplifier.Annotation), algorithm);
        editor.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(value)));
        return editor.GetChangedDocument();
    }
}
