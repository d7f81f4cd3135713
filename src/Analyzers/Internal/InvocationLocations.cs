using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Internal;

internal static class InvocationLocations
{
    /// <summary>
    /// The location from the invoked member's name to the end of the call (<c>Decode(token)</c> in
    /// <c>builder.WithSecret(s).Decode(token)</c>), so that a long fluent chain is not underlined as a whole.
    /// </summary>
    public static Location GetNameLocation(this SyntaxNode invocation)
    {
        if (invocation is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
        {
            return Location.Create(call.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, call.Span.End));
        }

        if (invocation is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } conditional)
        {
            return Location.Create(conditional.SyntaxTree, TextSpan.FromBounds(binding.Name.SpanStart, conditional.Span.End));
        }

        return invocation.GetLocation();
    }

    /// <summary>For <c>new T(...) { ... }</c>: the location of <c>new T(...)</c> without the initializer.</summary>
    public static Location GetNameLocationOfCreation(this SyntaxNode creation)
    {
        switch (creation)
        {
            case ObjectCreationExpressionSyntax explicitCreation:
                var end = explicitCreation.ArgumentList?.Span.End ?? explicitCreation.Type.Span.End;
                return Location.Create(creation.SyntaxTree, TextSpan.FromBounds(explicitCreation.NewKeyword.SpanStart, end));
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                return Location.Create(creation.SyntaxTree, TextSpan.FromBounds(implicitCreation.NewKeyword.SpanStart, implicitCreation.ArgumentList.Span.End));
            default:
                return creation.GetLocation();
        }
    }
}
