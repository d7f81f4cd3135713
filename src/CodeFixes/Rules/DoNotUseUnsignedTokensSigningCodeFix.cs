using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT002 (<c>JWT002.AddSigningCredentials</c>): signs an unsigned token through the runtime library. The credentials are
/// <c>SafeTokenIssuer.CredentialsFromConfiguration(configuration)</c> (key and algorithm of section <c>Jwt</c>) when an
/// <c>IConfiguration</c> is reachable, else <c>new SigningCredentials(SigningKeys.FromEnvironment("JWT_SIGNING_KEY"),
/// SecurityAlgorithms.HmacSha256)</c>; the title says which to set. They become the missing <c>signingCredentials</c>
/// argument of <c>new JwtSecurityToken(...)</c> / <c>CreateEncodedJwt(...)</c>, the credentials of
/// <c>JsonWebTokenHandler.CreateToken(payload)</c> and <c>new JwtHeader()</c>, or the <c>SigningCredentials</c> of a
/// <c>SecurityTokenDescriptor</c> created in view. Offered only when JwtAnalyzers.Runtime is referenced.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotUseUnsignedTokensSigningCodeFix))]
[Shared]
public sealed class DoNotUseUnsignedTokensSigningCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotUseUnsignedTokens);

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Kind is not (JwtFixKind.AddSigningCredentials or JwtFixKind.None))
        {
            return;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (RuntimeSyntax.Resolve(model.Compilation, RuntimeSyntax.SafeTokenIssuer, "CredentialsFromConfiguration") is null
            || Plan(candidate, model, cancellationToken) is not { } plan)
        {
            return;
        }

        var configuration = ConfigurationInScope.Find(model, plan.Target.SpanStart, cancellationToken);
        offers.Add(JwtFixKind.AddSigningCredentials, configuration is not null
            ? $"Sign with the key from configuration '{RuntimeSyntax.SigningKeyPath}' (SafeTokenIssuer.CredentialsFromConfiguration)"
            : $"Sign with the key from environment variable '{RuntimeSyntax.SigningKeyVariable}' (SigningKeys.FromEnvironment)");
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var model = session.SemanticModel;
        if (Plan(candidate, model, session.CancellationToken) is not { } plan || !session.FirstTime(plan.Target))
        {
            return Task.CompletedTask;
        }

        var configuration = ConfigurationInScope.Find(model, plan.Target.SpanStart, session.CancellationToken);
        ExpressionSyntax credentials = configuration is not null
            ? RuntimeSyntax.CredentialsFromConfiguration(configuration)
            : SyntaxFactory.ObjectCreationExpression(
                RuntimeSyntax.TypeName("Microsoft.IdentityModel.Tokens.SigningCredentials"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(RuntimeSyntax.KeyFromEnvironment(RuntimeSyntax.SigningKeyVariable)),
                    SyntaxFactory.Argument(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        RuntimeSyntax.Type("Microsoft.IdentityModel.Tokens.SecurityAlgorithms"), SyntaxFactory.IdentifierName("HmacSha256"))),
                })),
                null);
        session.Editor.ReplaceNode(plan.Target, plan.Rewrite(credentials.WithAdditionalAnnotations(Formatter.Annotation)).WithAdditionalAnnotations(Formatter.Annotation));
        return Task.CompletedTask;
    }

    private sealed class EditPlan
    {
        public EditPlan(SyntaxNode target, Func<ExpressionSyntax, SyntaxNode> rewrite)
        {
            Target = target;
            Rewrite = rewrite;
        }

        public SyntaxNode Target { get; }

        public Func<ExpressionSyntax, SyntaxNode> Rewrite { get; }
    }

    private static EditPlan? Plan(FixCandidate candidate, SemanticModel model, CancellationToken cancellationToken)
    {
        var node = candidate.Node;

        // new JwtSecurityToken(..., signingCredentials: null) / CreateEncodedJwt(..., null, ...)
        if (node.FirstAncestorOrSelf<ArgumentSyntax>() is { } nullArgument && nullArgument.Expression.IsKind(SyntaxKind.NullLiteralExpression))
        {
            return new EditPlan(nullArgument.Expression, c => c.WithTriviaFrom(nullArgument.Expression));
        }

        if (node.FirstAncestorOrSelf<ExpressionSyntax>(e => e is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax) is not { } call
            || model.GetOperation(call, cancellationToken) is not { } operation)
        {
            return null;
        }

        var (method, arguments) = operation switch
        {
            IObjectCreationOperation creation => (creation.Constructor, creation.Arguments),
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            _ => (null, ImmutableArray<IArgumentOperation>.Empty),
        };
        var argumentList = call switch
        {
            BaseObjectCreationExpressionSyntax creationSyntax => creationSyntax.ArgumentList,
            InvocationExpressionSyntax invocationSyntax => invocationSyntax.ArgumentList,
            _ => null,
        };
        if (method is null)
        {
            return null;
        }

        // The signingCredentials parameter left to its default.
        if (argumentList is not null && arguments.Any(a => a.Parameter?.Name == "signingCredentials" && a.ArgumentKind == ArgumentKind.DefaultValue))
        {
            return new EditPlan(argumentList, c => argumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.NameColon("signingCredentials"), default, c)));
        }

        var credentialsType = model.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SigningCredentials");
        var descriptorType = model.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor");

        // JsonWebTokenHandler.CreateToken(payload) -> CreateToken(payload, credentials); new JwtHeader() -> new JwtHeader(credentials).
        if (credentialsType is not null && argumentList is not null && HasOverloadAddingCredentials(method, arguments.Length, credentialsType))
        {
            return new EditPlan(argumentList, c => argumentList.AddArguments(SyntaxFactory.Argument(c)));
        }

        // A SecurityTokenDescriptor created in view.
        if (descriptorType is not null
            && arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Value.WalkDownConversion().Type, descriptorType)) is { } descriptor
            && DescriptorCreation(descriptor.Value.WalkDownConversion().Syntax, model, cancellationToken) is { } descriptorCreation)
        {
            return new EditPlan(descriptorCreation, c =>
            {
                var assignment = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("SigningCredentials"), c);
                if (descriptorCreation.Initializer is { } initializer)
                {
                    return descriptorCreation.WithInitializer(initializer.AddExpressions(assignment));
                }

                var added = descriptorCreation.WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment)));
                return added is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } objectCreation
                    ? objectCreation.WithArgumentList(null).WithType(objectCreation.Type.WithTrailingTrivia(SyntaxFactory.ElasticSpace))
                    : added;
            });
        }

        return null;
    }

    /// <summary>The same method (or constructor) has an overload that takes the same arguments plus signing credentials.</summary>
    private static bool HasOverloadAddingCredentials(IMethodSymbol method, int argumentCount, INamedTypeSymbol credentialsType)
    {
        if (method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, credentialsType)) || method.Parameters.Length != argumentCount)
        {
            return false;
        }

        var overloads = method.MethodKind == MethodKind.Constructor ? method.ContainingType.InstanceConstructors : method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToImmutableArray();
        return overloads.Any(o => o.Parameters.Length == argumentCount + 1
                                  && SymbolEqualityComparer.Default.Equals(o.Parameters[argumentCount].Type, credentialsType)
                                  && o.Parameters.Take(argumentCount).Select(p => p.Type).SequenceEqual(method.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default));
    }

    /// <summary><c>new SecurityTokenDescriptor { ... }</c>, written inline or as the initial value of a local.</summary>
    private static BaseObjectCreationExpressionSyntax? DescriptorCreation(SyntaxNode expression, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (expression is BaseObjectCreationExpressionSyntax inline)
        {
            return inline;
        }

        if (expression is IdentifierNameSyntax identifier && semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
            && local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].SyntaxTree == expression.SyntaxTree
            && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax declared })
        {
            return declared;
        }

        return null;
    }
}
