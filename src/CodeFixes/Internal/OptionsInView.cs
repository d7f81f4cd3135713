using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>What the options around a validation setting also configure (the name is a syntax prefilter; the symbol decides).</summary>
internal static class OptionsInView
{
    /// <summary>
    /// The enclosing lambda (an <c>AddJwtBearer</c> / <c>Configure</c> callback) or method assigns the JwtBearer or
    /// OpenID Connect options' <c>Authority</c> or <c>MetadataAddress</c>: issuer and keys then come from the identity
    /// provider's metadata. A project's own <c>Authority</c> property is not the options'.
    /// </summary>
    public static bool SetsAuthority(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        var scope = (SyntaxNode?)node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() ?? node.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
        if (scope is null)
        {
            return false;
        }

        var authentication = KnownSymbols.Get(model.Compilation).Authentication;
        foreach (var descendant in scope.DescendantNodes())
        {
            if (descendant is AssignmentExpressionSyntax assignment
                && (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "Authority" or "MetadataAddress" }
                    || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Authority" or "MetadataAddress" })
                && model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is IPropertySymbol { ContainingType: { } options }
                && (options.IsOrInheritsFrom(authentication.JwtBearerOptions) || options.IsOrInheritsFrom(authentication.OpenIdConnectOptions)))
            {
                return true;
            }
        }

        return false;
    }
}
