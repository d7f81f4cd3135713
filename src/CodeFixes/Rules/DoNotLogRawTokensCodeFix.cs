using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT017 fixes: a logged token becomes <c>TokenRedaction.Redact(token)</c> (only when JwtAnalyzers.Runtime is
/// referenced); <c>IdentityModelEventSource.ShowPII = true</c> / <c>LogCompleteSecurityArtifact = true</c> is removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotLogRawTokensCodeFix))]
[Shared]
public sealed class DoNotLogRawTokensCodeFix : CodeFixProvider
{
    public const string RedactKey = "JWT017.Redact";
    public const string RemoveKey = "JWT017.RemovePiiSwitch";

    private const string ShapeProperty = "JwtShape";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotLogRawTokens);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            diagnostic.Properties.TryGetValue(ShapeProperty, out var shape);
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (shape == "ShowPII")
            {
                if (node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement })
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Remove the PII logging switch", ct => RemoveAsync(context.Document, statement, ct), RemoveKey),
                        diagnostic);
                }

                continue;
            }

            var redaction = model.Compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.TokenRedaction");
            if (redaction is null || node is ArgumentSyntax argument && (node = argument.Expression) is null || node is not ExpressionSyntax expression)
            {
                continue;
            }

            var type = model.GetTypeInfo(expression, context.CancellationToken).Type;
            var stringType = model.Compilation.GetSpecialType(SpecialType.System_String);
            var needsToString = type is not null && !model.Compilation.ClassifyConversion(type, stringType).IsImplicit;
            context.RegisterCodeFix(
                CodeAction.Create("Log TokenRedaction.Redact(...) instead of the token", ct => RedactAsync(context.Document, expression, needsToString, ct), RedactKey),
                diagnostic);
        }
    }

    private static async Task<Document> RedactAsync(Document document, ExpressionSyntax expression, bool needsToString, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var argument = expression.WithoutTrivia();
        if (needsToString)
        {
            argument = SyntaxFactory.ConditionalAccessExpression(
                argument.WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("ToString"))));
        }

        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.QualifiedType(RuntimeSyntax.RuntimeNamespace + ".TokenRedaction"), SyntaxFactory.IdentifierName("Redact")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))));
        editor.ReplaceNode(expression, call.WithTriviaFrom(expression).WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }

    private static async Task<Document> RemoveAsync(Document document, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        return editor.GetChangedDocument();
    }
}
