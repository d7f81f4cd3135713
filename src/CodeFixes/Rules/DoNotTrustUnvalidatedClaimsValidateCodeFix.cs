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
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT014: replaces the parse-only read whose claims decide access (<c>handler.ReadJwtToken(token)</c>,
/// <c>new JsonWebToken(token)</c>...) by <c>SafeTokenValidation.ValidateFromConfiguration(token, configuration)</c>, which
/// validates with the strict parameters of configuration section <c>Jwt</c> and returns the principal (or throws a
/// clear <c>JwtValidationException</c>). Offered only when JwtAnalyzers.Runtime resolves, an <c>IConfiguration</c> is in
/// scope, and the code still compiles with a principal where the token was (it reads <c>.Claims</c>, not
/// <c>.Payload</c> or <c>.Subject</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotTrustUnvalidatedClaimsValidateCodeFix))]
[Shared]
public sealed class DoNotTrustUnvalidatedClaimsValidateCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "JWT014.ValidateFromConfiguration";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotTrustUnvalidatedClaims);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (context, document, diagnostics) => await RewriteAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (SourceSpan(diagnostic) is null)
            {
                continue;
            }

            // Computed now: offered only if the rewrite compiles.
            var rewritten = await RewriteAsync(context.Document, new[] { diagnostic }, context.CancellationToken).ConfigureAwait(false);
            if (rewritten is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Validate the token with SafeTokenValidation.ValidateFromConfiguration (JwtAnalyzers.Runtime)",
                    _ => Task.FromResult(rewritten),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static TextSpan? SourceSpan(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind) && kind == SignatureFixKinds.ValidateInsteadOfRead
           && diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations[0].IsInSource
            ? diagnostic.AdditionalLocations[0].SourceSpan
            : null;

    /// <summary>The document with every distinct read replaced, or null when nothing applies or the result would not compile.</summary>
    private static async Task<Document?> RewriteAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var semanticModel = editor.SemanticModel;
        if (semanticModel.Compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.SafeTokenValidation") is null)
        {
            return null;
        }

        var changed = false;
        foreach (var span in diagnostics.Select(SourceSpan).Where(s => s is not null).Select(s => s!.Value).Distinct())
        {
            var node = editor.OriginalRoot.FindNode(span, getInnermostNodeForTie: true);
            var read = node as ExpressionSyntax;
            var argument = read switch
            {
                InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } invocation => invocation.ArgumentList.Arguments[0].Expression,
                BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation => creation.ArgumentList!.Arguments[0].Expression,
                _ => null,
            };
            if (read is null || argument is null
                || ConfigurationInScope.Find(semanticModel, read.SpanStart, cancellationToken) is not { } configuration)
            {
                continue;
            }

            var type = SyntaxFactory.ParseExpression("global::JwtAnalyzers.Runtime.SafeTokenValidation")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var validate = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName("ValidateFromConfiguration")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(argument.WithoutTrivia()),
                    SyntaxFactory.Argument(configuration.WithoutTrivia()),
                })));
            editor.ReplaceNode(read, validate.WithTriviaFrom(read));
            changed = true;
        }

        if (!changed)
        {
            return null;
        }

        var result = await ImportAdder.AddImportsAsync(editor.GetChangedDocument(), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        result = await Simplifier.ReduceAsync(result, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);

        // Never break the build: a principal must fit where the token was used.
        var before = semanticModel.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        var after = (await result.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!
            .GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
        return after > before ? null : result;
    }
}
