using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
/// Fix All rewrites a whole document in one pass (one <c>using</c> added).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotLogRawTokensCodeFix))]
[Shared]
public sealed class DoNotLogRawTokensCodeFix : CodeFixProvider
{
    public const string RedactKey = "JWT017.Redact";
    public const string RemoveKey = "JWT017.RemovePiiSwitch";

    private const string ShapeProperty = "JwtShape";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotLogRawTokens);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) =>
            await FixAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

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
            var single = ImmutableArray.Create(diagnostic);
            if (FindStatement(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Remove the PII logging switch", ct => FixAsync(context.Document, single, RemoveKey, ct), RemoveKey), diagnostic);
            }
            else if (FindExpression(root, model, diagnostic) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Log TokenRedaction.Redact(...) instead of the token", ct => FixAsync(context.Document, single, RedactKey, ct), RedactKey), diagnostic);
            }
        }
    }

    private static StatementSyntax? FindStatement(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ShapeProperty, out var shape) || shape != "ShowPII")
        {
            return null;
        }

        return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AssignmentExpressionSyntax>()
            is { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement } ? statement : null;
    }

    private static ExpressionSyntax? FindExpression(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(ShapeProperty, out var shape) || shape != "LoggedToken"
            || model.Compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.TokenRedaction") is null)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node switch
        {
            ArgumentSyntax argument => argument.Expression,
            ExpressionSyntax expression => expression,
            _ => null,
        };
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var stringType = model.Compilation.GetSpecialType(SpecialType.System_String);
        var redacted = new HashSet<ExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (equivalenceKey == RemoveKey && FindStatement(root, diagnostic) is { } statement)
            {
                editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            }
            else if (equivalenceKey == RedactKey && FindExpression(root, model, diagnostic) is { } expression && redacted.Add(expression))
            {
                var type = model.GetTypeInfo(expression, cancellationToken).Type;
                var needsToString = type is not null && !model.Compilation.ClassifyConversion(type, stringType).IsImplicit;
                editor.ReplaceNode(expression, Redact(expression, needsToString));
            }
        }

        return await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static ExpressionSyntax Redact(ExpressionSyntax expression, bool needsToString)
    {
        var argument = expression.WithoutTrivia();
        if (needsToString)
        {
            argument = SyntaxFactory.ConditionalAccessExpression(
                argument,
                SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("ToString"))));
        }

        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.QualifiedType(RuntimeSyntax.RuntimeNamespace + ".TokenRedaction"), SyntaxFactory.IdentifierName("Redact")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))))
            .WithTriviaFrom(expression)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
