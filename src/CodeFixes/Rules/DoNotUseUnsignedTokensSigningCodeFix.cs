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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT002: signs the token with the configured key through the runtime library:
/// <c>new SigningCredentials(SigningKeys.LoadHmacKey(configuration), SecurityAlgorithms.HmacSha256)</c> becomes the
/// missing <c>signingCredentials</c> argument of <c>new JwtSecurityToken(...)</c> / <c>CreateEncodedJwt(...)</c>, or the
/// <c>SigningCredentials</c> of a <c>SecurityTokenDescriptor</c> initializer. Offered only when
/// <c>JwtAnalyzers.Runtime.SigningKeys</c> resolves and an <c>IConfiguration</c> is in scope (a fix never invents a key).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotUseUnsignedTokensSigningCodeFix))]
[Shared]
public sealed class DoNotUseUnsignedTokensSigningCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotUseUnsignedTokens);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null
            || semanticModel.Compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.SigningKeys") is not { } signingKeys
            || semanticModel.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SigningCredentials") is not { } signingCredentials
            || semanticModel.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityAlgorithms") is not { } securityAlgorithms)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind) || kind != SignatureFixKinds.AddSigningCredentials
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || ConfigurationInScope.Find(semanticModel, node.SpanStart, context.CancellationToken) is not { } configuration)
            {
                continue;
            }

            var generator = Microsoft.CodeAnalysis.Editing.SyntaxGenerator.GetGenerator(context.Document);
            SyntaxNode Type(INamedTypeSymbol symbol) => generator.TypeExpression(symbol).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var credentials = ((ExpressionSyntax)generator.ObjectCreationExpression(
                    Type(signingCredentials),
                    generator.InvocationExpression(generator.MemberAccessExpression(Type(signingKeys), "LoadHmacKey"), configuration.WithoutTrivia()),
                    generator.MemberAccessExpression(Type(securityAlgorithms), "HmacSha256")))
                .WithAdditionalAnnotations(Formatter.Annotation);

            SyntaxNode? oldNode = null;
            SyntaxNode? newNode = null;
            if (node.FirstAncestorOrSelf<ArgumentSyntax>() is { } nullArgument && nullArgument.Expression.IsKind(SyntaxKind.NullLiteralExpression))
            {
                oldNode = nullArgument.Expression;
                newNode = credentials.WithTriviaFrom(nullArgument.Expression);
            }
            else if (node.FirstAncestorOrSelf<ExpressionSyntax>(e => e is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax) is { } call
                     && semanticModel.GetOperation(call, context.CancellationToken) is { } operation)
            {
                var arguments = operation switch
                {
                    Microsoft.CodeAnalysis.Operations.IObjectCreationOperation creation => creation.Arguments,
                    Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation => invocation.Arguments,
                    _ => ImmutableArray<Microsoft.CodeAnalysis.Operations.IArgumentOperation>.Empty,
                };
                var argumentList = call switch
                {
                    BaseObjectCreationExpressionSyntax creationSyntax => creationSyntax.ArgumentList,
                    InvocationExpressionSyntax invocationSyntax => invocationSyntax.ArgumentList,
                    _ => null,
                };
                if (arguments.Any(a => a.Parameter?.Name == "signingCredentials" && a.ArgumentKind == Microsoft.CodeAnalysis.Operations.ArgumentKind.DefaultValue) && argumentList is not null)
                {
                    oldNode = argumentList;
                    newNode = argumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.NameColon("signingCredentials"), default, credentials));
                }
                else if (arguments.FirstOrDefault(a => a.Value.Type?.Name == "SecurityTokenDescriptor") is { } descriptor
                         && DescriptorInitializer(descriptor.Value.Syntax, semanticModel) is { } initializer)
                {
                    oldNode = initializer;
                    newNode = initializer.AddExpressions(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("SigningCredentials"), credentials))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                }
            }

            if (oldNode is null || newNode is null)
            {
                continue;
            }

            var (from, to) = (oldNode, newNode);
            context.RegisterCodeFix(
                CodeAction.Create("Sign with the key from configuration (SigningKeys.LoadHmacKey)",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(from, to))),
                    RuleIdentifiers.DoNotUseUnsignedTokens + ".SignWithConfiguredKey"),
                diagnostic);
        }
    }

    /// <summary>The initializer of <c>new SecurityTokenDescriptor { ... }</c>, written inline or as the initial value of a local.</summary>
    private static InitializerExpressionSyntax? DescriptorInitializer(SyntaxNode expression, SemanticModel semanticModel)
    {
        if (expression is BaseObjectCreationExpressionSyntax { Initializer: { } inline })
        {
            return inline;
        }

        if (expression is IdentifierNameSyntax identifier && semanticModel.GetSymbolInfo(identifier).Symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax { Initializer: { } declared } })
        {
            return declared;
        }

        return null;
    }
}
