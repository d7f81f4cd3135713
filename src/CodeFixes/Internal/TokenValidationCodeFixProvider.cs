using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// The in-place repairs shared by the token-validation rules (JWT001, JWT003 to JWT006, JWT009, JWT013), one
/// <see cref="JwtFixKind"/> each, named by the analyzer in <see cref="DiagnosticPropertyKeys.FixKind"/>:
/// <list type="bullet">
/// <item><c>JWTnnn.SetTrue</c>: <c>ValidateLifetime = false</c> becomes <c>true</c> (only when the value the check
/// needs, an audience or an issuer, is present, in the parameters or as an <c>Authority</c> of the enclosing options:
/// a fix never invents one);</item>
/// <item><c>JWTnnn.RemoveAssignment</c>: the bypassing delegate is removed so the built-in validation applies;</item>
/// <item><c>JWTnnn.ClampTimeSpan</c>: <c>ClockSkew</c> is brought within the configured maximum;</item>
/// <item><c>JWTnnn.UseHttps</c>: an <c>http://</c> authority literal becomes <c>https://</c>.</item>
/// </list>
/// None needs JwtAnalyzers.Runtime.
/// </summary>
public abstract class TokenValidationCodeFixProvider : JwtCodeFixProvider
{
    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { } assignment
            || candidate.Property(DiagnosticPropertyKeys.MemberName) is not { } member)
        {
            return;
        }

        switch (candidate.Kind)
        {
            case JwtFixKind.SetTrue when candidate.Property(DiagnosticPropertyKeys.ValuePresent) != "false"
                                         || (member == "ValidateIssuer" && OptionsInView.SetsAuthority(assignment, await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false), cancellationToken)):
                // ValidateAudience = true with no audience would reject every token: then only the runtime rewrite
                // (which reads the value from configuration) is offered. An Authority supplies the issuer (never the
                // audience) through its metadata: ValidateIssuer (the member the analyzer named, by symbol) inside
                // JwtBearer / OpenID Connect options that also set Authority or MetadataAddress needs no value.
                offers.Add(JwtFixKind.SetTrue, $"Set '{member}' to true");
                break;

            case JwtFixKind.RemoveAssignment when CanRemove(assignment):
                offers.Add(JwtFixKind.RemoveAssignment, $"Remove '{member}' so the built-in validation applies");
                break;

            case JwtFixKind.ClampTimeSpan when MaximumSkew(candidate) is { } maximum:
                offers.Add(JwtFixKind.ClampTimeSpan, $"Set '{member}' to TimeSpan.{maximum.Method}({maximum.Amount})");
                break;

            case JwtFixKind.UseHttps:
                await OfferHttpsAsync(candidate, offers, assignment, member, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// <c>http://</c> becomes <c>https://</c> where the address is written: the literal assigned, or the constant,
    /// <c>readonly</c> field or interpolated string it comes from (in any document of the project).
    /// </summary>
    private static async Task OfferHttpsAsync(FixCandidate candidate, FixOffers offers, AssignmentExpressionSyntax assignment, string member, CancellationToken cancellationToken)
    {
        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (HttpAddressLiteral.Find(model, assignment.Right, cancellationToken) is not { } found
            || candidate.Document.Project.Solution.GetDocument(found.Token.SyntaxTree) is null)
        {
            return;
        }

        offers.Add(JwtFixKind.UseHttps, found.Through is { } through ? $"Use https:// for '{member}' (in '{through.Name}')" : $"Use https:// for '{member}'");
    }

    internal override async Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var assignment = candidate.Node.FirstAncestorOrSelf<AssignmentExpressionSyntax>()!;
        var editor = session.Editor;
        switch (kind)
        {
            case JwtFixKind.SetTrue:
                editor.ReplaceNode(assignment.Right, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right));
                break;
            case JwtFixKind.RemoveAssignment:
                SyntaxNode toRemove = assignment.Parent is ExpressionStatementSyntax statement ? statement : assignment;
                editor.RemoveNode(toRemove, SyntaxRemoveOptions.KeepNoTrivia);
                break;
            case JwtFixKind.ClampTimeSpan when MaximumSkew(candidate) is { } maximum:
                var call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.ParseExpression("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.IdentifierName(maximum.Method)),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(maximum.Amount))))));
                editor.ReplaceNode(assignment.Right, call.WithTriviaFrom(assignment.Right).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
                break;
            case JwtFixKind.UseHttps when HttpAddressLiteral.Find(session.SemanticModel, assignment.Right, session.CancellationToken) is { } found
                                           && session.OriginalSolution.GetDocument(found.Token.SyntaxTree) is { } document
                                           && found.Token.Parent is { } holder && session.FirstTime(holder):
                // The same constant can feed Authority and MetadataAddress: rewritten once.
                var holderEditor = await session.GetEditorAsync(document.Id).ConfigureAwait(false);
                holderEditor.ReplaceNode(holder, holder.ReplaceToken(found.Token, HttpAddressLiteral.WithHttps(found.Token)));
                break;
        }
    }

    private static (string Method, int Amount)? MaximumSkew(FixCandidate candidate)
        => long.TryParse(candidate.Property(DiagnosticPropertyKeys.MaximumSeconds), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? seconds >= 60 ? ("FromMinutes", 1) : ("FromSeconds", (int)seconds)
            : null;

    /// <summary>An initializer member or a statement of its own can be removed without breaking the code.</summary>
    private static bool CanRemove(AssignmentExpressionSyntax assignment)
        => assignment.Parent is InitializerExpressionSyntax
           || assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax };
}
