using JwtAnalyzers.Internal;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// The in-place repairs shared by the token-validation rules. The analyzer says which repair applies through the
/// <see cref="DiagnosticPropertyKeys.FixKind"/> property:
/// <list type="bullet">
/// <item><c>SetTrue</c>: <c>ValidateLifetime = false</c> becomes <c>ValidateLifetime = true</c> (only when the value the
/// check needs, an audience or an issuer, is present: a fix never invents one);</item>
/// <item><c>RemoveAssignment</c>: the bypassing delegate is removed so the built-in validation applies;</item>
/// <item><c>ClampTimeSpan</c>: <c>ClockSkew</c> is brought within the configured maximum;</item>
/// <item><c>UseHttps</c>: an <c>http://</c> authority literal becomes <c>https://</c>.</item>
/// </list>
/// </summary>
public abstract class TokenValidationCodeFixProvider : CodeFixProvider
{
    /// <summary>
    /// One equivalence key for every in-place repair of a rule (<c>JWT003.InPlace</c>), so that Fix All repairs each
    /// occurrence the way that suits it in a single pass.
    /// </summary>
    public const string InPlaceSuffix = ".InPlace";

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { } assignment
                || !diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind)
                || !diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.MemberName, out var member)
                || member is null)
            {
                continue;
            }

            var id = diagnostic.Id;
            switch (kind)
            {
                case DiagnosticPropertyKeys.FixKindSetTrue:
                    if (diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.ValuePresent, out var present) && present == "false")
                    {
                        // ValidateAudience = true with no audience would reject every token: only the runtime rewrite
                        // (which reads the audience from configuration) is offered then.
                        break;
                    }

                    context.RegisterCodeFix(
                        CodeAction.Create($"Set '{member}' to true", ct => ReplaceValueAsync(context.Document, assignment, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression), ct), id + InPlaceSuffix),
                        diagnostic);
                    break;

                case DiagnosticPropertyKeys.FixKindRemoveAssignment when CanRemove(assignment):
                    context.RegisterCodeFix(
                        CodeAction.Create($"Remove '{member}' so the built-in validation applies", ct => RemoveAsync(context.Document, assignment, ct), id + InPlaceSuffix),
                        diagnostic);
                    break;

                case DiagnosticPropertyKeys.FixKindClampTimeSpan
                    when diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.MaximumSeconds, out var maxText)
                         && long.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var maxSeconds):
                    var (method, amount) = maxSeconds >= 60 ? ("FromMinutes", 1L) : ("FromSeconds", maxSeconds);
                    context.RegisterCodeFix(
                        CodeAction.Create($"Set '{member}' to TimeSpan.{method}({amount})", ct => ReplaceWithTimeSpanAsync(context.Document, assignment, method, amount, ct), id + InPlaceSuffix),
                        diagnostic);
                    break;

                case DiagnosticPropertyKeys.FixKindUseHttps when assignment.Right is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression):
                    var https = "https://" + literal.Token.ValueText.Substring("http://".Length);
                    context.RegisterCodeFix(
                        CodeAction.Create($"Use https:// for '{member}'", ct => ReplaceValueAsync(context.Document, assignment, SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(https)), ct), id + InPlaceSuffix),
                        diagnostic);
                    break;
            }
        }
    }

    /// <summary>An initializer member or a statement of its own can be removed without breaking the code.</summary>
    private static bool CanRemove(AssignmentExpressionSyntax assignment)
        => assignment.Parent is InitializerExpressionSyntax
           || assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax };

    private static async Task<Document> ReplaceValueAsync(Document document, AssignmentExpressionSyntax assignment, ExpressionSyntax value, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(assignment.Right, value.WithTriviaFrom(assignment.Right));
        return editor.GetChangedDocument();
    }

    private static async Task<Document> ReplaceWithTimeSpanAsync(Document document, AssignmentExpressionSyntax assignment, string method, long amount, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var timeSpan = SyntaxFactory.ParseExpression("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation);
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, timeSpan, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)amount))))));
        editor.ReplaceNode(assignment.Right, call.WithTriviaFrom(assignment.Right).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation));
        return editor.GetChangedDocument();
    }

    private static async Task<Document> RemoveAsync(Document document, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        SyntaxNode toRemove = assignment.Parent is ExpressionStatementSyntax statement ? statement : assignment;
        editor.RemoveNode(toRemove, SyntaxRemoveOptions.KeepNoTrivia);
        return editor.GetChangedDocument();
    }
}
