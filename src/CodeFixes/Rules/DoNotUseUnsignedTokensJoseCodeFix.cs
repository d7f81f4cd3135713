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
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT002 for jose-jwt (<c>JWT002.SignJoseWithConfiguredKey</c>): <c>JWT.Encode(payload, null, JwsAlgorithm.none)</c>
/// becomes <c>JWT.Encode(payload, SigningKeys.LoadHmacKeyBytes(configuration), JwsAlgorithm.HS256)</c> when an
/// <c>IConfiguration</c> is reachable, else <c>SigningKeys.BytesFromEnvironment("JWT_SIGNING_KEY")</c>: the runtime's
/// checked key, never an invented one. Offered only when JwtAnalyzers.Runtime resolves.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotUseUnsignedTokensJoseCodeFix))]
[Shared]
public sealed class DoNotUseUnsignedTokensJoseCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotUseUnsignedTokens);

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Kind != JwtFixKind.SignJoseWithConfiguredKey || candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
        {
            return;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (RuntimeSyntax.Resolve(model.Compilation, RuntimeSyntax.SigningKeys, "LoadHmacKeyBytes") is null
            || FindKeyArgument(invocation, model, cancellationToken) is null)
        {
            return;
        }

        offers.Add(JwtFixKind.SignJoseWithConfiguredKey, ConfigurationInScope.Find(model, invocation.SpanStart, cancellationToken) is not null
            ? $"Sign with HS256 and the key from configuration '{RuntimeSyntax.SigningKeyPath}' (JwtAnalyzers.Runtime)"
            : $"Sign with HS256 and the key from environment variable '{RuntimeSyntax.SigningKeyVariable}' (JwtAnalyzers.Runtime)");
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var model = session.SemanticModel;
        var noneExpression = candidate.Node as MemberAccessExpressionSyntax ?? candidate.Node.FirstAncestorOrSelf<MemberAccessExpressionSyntax>();
        var invocation = candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (noneExpression is null || invocation is null || FindKeyArgument(invocation, model, session.CancellationToken) is not { } keyArgument)
        {
            return Task.CompletedTask;
        }

        var configuration = ConfigurationInScope.Find(model, invocation.SpanStart, session.CancellationToken);
        var key = configuration is not null ? RuntimeSyntax.LoadHmacKeyBytes(configuration) : RuntimeSyntax.KeyBytesFromEnvironment(RuntimeSyntax.SigningKeyVariable);
        session.Editor.ReplaceNode(keyArgument.Expression, key.WithTriviaFrom(keyArgument.Expression));
        session.Editor.ReplaceNode(noneExpression.Name, SyntaxFactory.IdentifierName("HS256").WithTriviaFrom(noneExpression.Name));
        return Task.CompletedTask;
    }

    private static ArgumentSyntax? FindKeyArgument(InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
        => semanticModel.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
            ? operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key" && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax
            : null;
}
