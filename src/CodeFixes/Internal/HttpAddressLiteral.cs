using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// JWT013 <c>UseHttps</c>: the piece of source text where an <c>http://</c> authority or metadata address starts, so
/// that only its scheme is rewritten. Followed from the assigned expression through parentheses, the left operand of
/// <c>+</c>, and constants, <c>readonly</c> fields and <c>const</c> locals with one initializer (in any document of the
/// project): a string literal (regular, verbatim, single-line raw) or the first text part of an interpolated string.
/// The analyzer has already checked that the host is constant and not loopback.
/// </summary>
internal static class HttpAddressLiteral
{
    private const string Http = "http://";

    /// <summary>The token that starts with <c>http://</c> and the symbol it was reached through (null for the expression itself).</summary>
    public static (SyntaxToken Token, ISymbol? Through)? Find(SemanticModel model, ExpressionSyntax expression, CancellationToken cancellationToken)
        => Find(model, expression, null, 0, cancellationToken);

    private static (SyntaxToken Token, ISymbol? Through)? Find(SemanticModel model, ExpressionSyntax expression, ISymbol? through, int depth, CancellationToken cancellationToken)
    {
        if (depth > 4)
        {
            return null;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Find(model, parenthesized.Expression, through, depth, cancellationToken);

            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) && Prefix(literal.Token) >= 0:
                return (literal.Token, through);

            case InterpolatedStringExpressionSyntax interpolated
                when interpolated.Contents.Count > 0 && interpolated.Contents[0] is InterpolatedStringTextSyntax text
                     && text.TextToken.ValueText.StartsWith(Http, StringComparison.OrdinalIgnoreCase)
                     && text.TextToken.Text.StartsWith(Http, StringComparison.OrdinalIgnoreCase):
                return (text.TextToken, through);

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                return Find(model, binary.Left, through, depth, cancellationToken);

            case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
                if (symbol is not (IFieldSymbol { IsConst: true } or IFieldSymbol { IsReadOnly: true } or ILocalSymbol { IsConst: true })
                    || symbol.DeclaringSyntaxReferences.Length != 1
                    || symbol.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
                {
                    return null;
                }

                // A readonly field assigned again in a constructor has more than its initializer: not followed.
                if (symbol is IFieldSymbol { IsConst: false } && symbol.ContainingType.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken).DescendantNodes()
                        .OfType<AssignmentExpressionSyntax>().Any(a => (a.Left as SimpleNameSyntax ?? (a.Left as MemberAccessExpressionSyntax)?.Name)?.Identifier.ValueText == symbol.Name)))
                {
                    return null;
                }

                var initializerModel = initializer.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(initializer.SyntaxTree);
                return Find(initializerModel, initializer, through ?? symbol, depth + 1, cancellationToken);

            default:
                return null;
        }
    }

    /// <summary>The same token with <c>https://</c> instead of <c>http://</c>.</summary>
    public static SyntaxToken WithHttps(SyntaxToken token)
    {
        if (token.IsKind(SyntaxKind.InterpolatedStringTextToken))
        {
            return SyntaxFactory.Token(token.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken,
                "https://" + token.Text.Substring(Http.Length), "https://" + token.ValueText.Substring(Http.Length), token.TrailingTrivia);
        }

        var prefix = Prefix(token);
        return SyntaxFactory.ParseToken(token.Text.Substring(0, prefix) + "https://" + token.Text.Substring(prefix + Http.Length))
            .WithLeadingTrivia(token.LeadingTrivia).WithTrailingTrivia(token.TrailingTrivia);
    }

    /// <summary>Where the value starts in the literal's text (after <c>"</c>, <c>@"</c> or a single-line <c>"""</c>) when it starts with http://; else -1.</summary>
    private static int Prefix(SyntaxToken token)
    {
        if (!token.ValueText.StartsWith(Http, StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        var text = token.Text;
        var prefix = token.Kind() switch
        {
            SyntaxKind.StringLiteralToken => text.StartsWith("@\"", StringComparison.Ordinal) ? 2 : 1,
            SyntaxKind.SingleLineRawStringLiteralToken => CountQuotes(text),
            _ => -1,
        };
        return prefix > 0 && text.Length >= prefix + Http.Length && string.Equals(text.Substring(prefix, Http.Length), Http, StringComparison.OrdinalIgnoreCase) ? prefix : -1;
    }

    private static int CountQuotes(string text)
    {
        var count = 0;
        while (count < text.Length && text[count] == '"')
        {
            count++;
        }

        return count;
    }
}
