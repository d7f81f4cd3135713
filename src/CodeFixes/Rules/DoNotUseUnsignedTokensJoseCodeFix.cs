using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT002 for jose-jwt: <c>JWT.Encode(payload, null, JwsAlgorithm.none)</c> becomes
/// <c>JWT.Encode(payload, SigningKeys.LoadHmacKeyBytes(configuration), JwsAlgorithm.HS256)</c>: the runtime's signing
/// path, with the key read (and checked) from configuration key <c>Jwt:SigningKey</c>. Offered only when
/// JwtAnalyzers.Runtime resolves and an <c>IConfiguration</c> is in scope; a fix never invents a key.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotUseUnsignedTokensJoseCodeFix))]
[Shared]
public sealed class DoNotUseUnsignedTokensJoseCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "JWT002.SignJoseWithConfiguredKey";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotUseUnsignedTokens);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null
            || semanticModel.Compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.SigningKeys") is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind) || kind != SignatureFixKinds.SignJoseWithConfiguredKey
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || FindKeyArgument(invocation, semanticModel, context.CancellationToken) is null
                || ConfigurationInScope.Find(semanticModel, invocation.SpanStart, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Sign with HS256 and the key from configuration 'Jwt:SigningKey' (JwtAnalyzers.Runtime)",
                    ct => FixAsync(context.Document, diagnostic.Location.SourceSpan, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static ArgumentSyntax? FindKeyArgument(InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (semanticModel.GetOperation(invocation, cancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation operation)
        {
            return null;
        }

        var key = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
        return key?.Syntax as ArgumentSyntax;
    }

    private static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var noneNode = root.FindNode(span, getInnermostNodeForTie: true);
        var noneExpression = noneNode as MemberAccessExpressionSyntax ?? noneNode.FirstAncestorOrSelf<MemberAccessExpressionSyntax>();
        var invocation = noneNode.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (noneExpression is null || invocation is null
            || FindKeyArgument(invocation, editor.SemanticModel, cancellationToken) is not { } keyArgument
            || ConfigurationInScope.Find(editor.SemanticModel, invocation.SpanStart, cancellationToken) is not { } configuration)
        {
            return document;
        }

        var signingKeys = SyntaxFactory.ParseExpression("global::JwtAnalyzers.Runtime.SigningKeys")
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var loadKey = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, signingKeys, SyntaxFactory.IdentifierName("LoadHmacKeyBytes")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(configuration.WithoutTrivia()))));

        editor.ReplaceNode(keyArgument.Expression, loadKey.WithTriviaFrom(keyArgument.Expression));
        editor.ReplaceNode(noneExpression.Name, SyntaxFactory.IdentifierName("HS256").WithTriviaFrom(noneExpression.Name));
        var changed = editor.GetChangedDocument();
        return await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
