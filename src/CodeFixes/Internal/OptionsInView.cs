using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>What the options around a validation setting also configure, read from syntax only (cheap at registration).</summary>
internal static class OptionsInView
{
    /// <summary>
    /// The enclosing lambda (an <c>AddJwtBearer</c> / <c>Configure</c> callback) or method assigns <c>Authority</c> or
    /// <c>MetadataAddress</c>: issuer and keys then come from the identity provider's metadata.
    /// </summary>
    public static bool SetsAuthority(SyntaxNode node)
    {
        var scope = (SyntaxNode?)node.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() ?? node.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>();
        if (scope is null)
        {
            return false;
        }

        foreach (var descendant in scope.DescendantNodes())
        {
            if (descendant is AssignmentExpressionSyntax assignment
                && (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "Authority" or "MetadataAddress" }
                    || assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Authority" or "MetadataAddress" }))
            {
                return true;
            }
        }

        return false;
    }
}
