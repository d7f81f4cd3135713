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

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT014 (<c>JWT014.ValidateInsteadOfRead</c>): replaces the parse-only read whose claims decide access
/// (<c>handler.ReadJwtToken(token)</c>, <c>new JsonWebToken(token)</c>...; the diagnostic's additional location) by
/// <c>SafeTokenValidation.ValidateFromConfiguration(token, configuration)</c>, or
/// <c>await SafeTokenValidation.ValidateFromConfigurationAsync(...)</c> in an async method: validation with the strict
/// parameters of configuration section <c>Jwt</c>, returning the principal or throwing a clear
/// <c>JwtValidationException</c>. Offered when JwtAnalyzers.Runtime resolves, an <c>IConfiguration</c> is reachable,
/// and the token is only used for what a principal also has (<c>.Claims</c>, <c>.FindFirst</c>...): decided from the
/// uses of the local in its method, never by compiling the document.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotTrustUnvalidatedClaimsValidateCodeFix))]
[Shared]
public sealed class DoNotTrustUnvalidatedClaimsValidateCodeFix : JwtCodeFixProvider
{
    public const string EquivalenceKey = "JWT014.ValidateInsteadOfRead";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotTrustUnvalidatedClaims);

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Kind != JwtFixKind.ValidateInsteadOfRead || candidate.AdditionalNode(0) is not ExpressionSyntax read)
        {
            return;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (RuntimeSyntax.Resolve(model.Compilation, RuntimeSyntax.SafeTokenValidation, "ValidateFromConfiguration") is null
            || TokenArgument(read) is null
            || ConfigurationInScope.Find(model, read.SpanStart, cancellationToken) is null
            || !PrincipalFits(read, model, cancellationToken))
        {
            return;
        }

        offers.Add(JwtFixKind.ValidateInsteadOfRead, IsAsyncContext(read)
            ? "Validate the token with await SafeTokenValidation.ValidateFromConfigurationAsync (JwtAnalyzers.Runtime)"
            : "Validate the token with SafeTokenValidation.ValidateFromConfiguration (JwtAnalyzers.Runtime)");
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        if (candidate.AdditionalNode(0) is not ExpressionSyntax read || !session.FirstTime(read)
            || TokenArgument(read) is not { } token
            || ConfigurationInScope.Find(session.SemanticModel, read.SpanStart, session.CancellationToken) is not { } configuration)
        {
            return Task.CompletedTask;
        }

        var isAsync = IsAsyncContext(read);
        ExpressionSyntax validate = RuntimeSyntax.ValidateFromConfiguration(token, configuration, isAsync);
        if (isAsync)
        {
            validate = SyntaxFactory.AwaitExpression(validate);
            if (read.Parent is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax)
            {
                validate = SyntaxFactory.ParenthesizedExpression(validate);
            }
        }

        session.Editor.ReplaceNode(read, validate.WithTriviaFrom(read));

        // JwtSecurityToken jwt = handler.ReadJwtToken(t);  ->  var jwt = ...;
        if (read.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Type: { IsVar: false } type } } })
        {
            session.Editor.ReplaceNode(type, SyntaxFactory.IdentifierName("var").WithTriviaFrom(type));
        }

        return Task.CompletedTask;
    }

    private static ExpressionSyntax? TokenArgument(ExpressionSyntax read) => read switch
    {
        InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation => invocation.ArgumentList.Arguments[0].Expression,
        BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation => creation.ArgumentList!.Arguments[0].Expression,
        _ => null,
    };

    private static bool IsAsyncContext(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A <c>ClaimsPrincipal</c> can stand where the token was: the read is the initializer of a local whose every use
    /// reads a member that <c>ClaimsPrincipal</c> also has (<c>.Claims</c>, <c>.FindFirst(...)</c>), or it is used that way
    /// directly. Looks at the enclosing member only.
    /// </summary>
    private static bool PrincipalFits(ExpressionSyntax read, SemanticModel model, CancellationToken cancellationToken)
    {
        var principal = model.Compilation.GetBestTypeByMetadataName("System.Security.Claims.ClaimsPrincipal");
        if (principal is null)
        {
            return false;
        }

        bool MemberFits(SyntaxNode use) => use.Parent is MemberAccessExpressionSyntax access && access.Expression == use
                                           && !principal.GetMembers(access.Name.Identifier.ValueText).IsEmpty;

        if (read.Parent is MemberAccessExpressionSyntax)
        {
            return MemberFits(read);
        }

        if (read.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || read.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
        {
            return false;
        }

        var uses = member.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, local))
            .ToList();
        return uses.Count > 0 && uses.All(MemberFits);
    }
}
