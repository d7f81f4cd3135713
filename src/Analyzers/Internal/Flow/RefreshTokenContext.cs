using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// Decides whether a token being issued is a refresh token: the enclosing method, the variable, field or property that
/// receives the token (or its descriptor), or a string constant inside the issuing expression (a claim value, the token
/// type) says "refresh" as a whole word.
/// </summary>
internal static class RefreshTokenContext
{
    private const string Word = "refresh";

    /// <param name="site">The operation being judged (an <c>Expires</c> value, an <c>Encode()</c> call).</param>
    /// <param name="issuing">The expression that creates the token or its descriptor, when known.</param>
    /// <param name="receiver">A local, field or property the descriptor or token is kept in, when known.</param>
    public static bool IsRefresh(IOperation site, IOperation? issuing, ISymbol? receiver = null)
    {
        if (receiver is not null && SensitiveClaimNames.HasWord(receiver.Name, Word))
        {
            return true;
        }

        if (site.SemanticModel?.GetEnclosingSymbol(site.Syntax.SpanStart) is { } enclosing)
        {
            for (var symbol = enclosing; symbol is not null and not INamespaceOrTypeSymbol; symbol = symbol.ContainingSymbol)
            {
                var name = symbol is IMethodSymbol { AssociatedSymbol: { } associated } ? associated.Name : symbol.Name;
                if (SensitiveClaimNames.HasWord(name, Word))
                {
                    return true;
                }
            }
        }

        if (issuing is null)
        {
            return false;
        }

        if (ReceivingSymbol(issuing) is { } holder && SensitiveClaimNames.HasWord(holder.Name, Word))
        {
            return true;
        }

        foreach (var descendant in issuing.DescendantsAndSelf())
        {
            if (descendant.ConstantValue is { HasValue: true, Value: string text } && text.Length < 200 && SensitiveClaimNames.HasWord(text, Word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The local, field or property <paramref name="value"/> is stored in (declaration or assignment), if any.</summary>
    public static ISymbol? ReceivingSymbol(IOperation value)
    {
        var current = value;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return declarator.Symbol;
            case IFieldInitializerOperation fieldInitializer when fieldInitializer.InitializedFields.Length == 1:
                return fieldInitializer.InitializedFields[0];
            case IPropertyInitializerOperation propertyInitializer when propertyInitializer.InitializedProperties.Length == 1:
                return propertyInitializer.InitializedProperties[0];
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                return assignment.Target switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation property => property.Property,
                    _ => null,
                };
            default:
                return null;
        }
    }
}
