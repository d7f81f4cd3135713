using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// The base of every JwtAnalyzers fix. A fix says, cheaply, which repairs it offers for a finding
/// (<see cref="OfferAsync"/>: syntax and the semantic model the analysis already built, never a speculative
/// compilation) and, inside the code action, makes the edit through a <see cref="DocumentEditor"/>
/// (<see cref="ApplyAsync"/>). The base derives the equivalence key <c>JWTnnn.&lt;Kind&gt;</c>, gives every fix a
/// Fix All (document, project, solution: each finding repaired by the same logic in one editor), and cleans up once:
/// <c>using</c>s through <see cref="Simplifier.AddImportsAnnotation"/>, then simplification and formatting of the
/// annotated nodes only.
/// </summary>
public abstract class JwtCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => new JwtFixAllProvider(this);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        SemanticModel? model = null;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!IsInDocument(diagnostic, root))
            {
                continue;
            }

            var candidate = new FixCandidate(document, root, diagnostic, model);
            var offers = new FixOffers();
            await OfferAsync(candidate, offers, context.CancellationToken).ConfigureAwait(false);
            foreach (var (kind, title) in offers.Items)
            {
                var single = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => FixAsync(document.Project.Solution, new[] { (document.Id, single) }, kind, ct),
                        JwtFixKinds.EquivalenceKey(diagnostic.Id, kind)),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="offers"/> the repairs that apply to <paramref name="candidate"/>. Cheap: decides from the
    /// syntax, the diagnostic's properties and symbols of the existing semantic model; the edit itself waits for
    /// <see cref="ApplyAsync"/>.
    /// </summary>
    internal abstract Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken);

    /// <summary>Makes the <paramref name="kind"/> repair of <paramref name="candidate"/> through <see cref="FixSession.Editor"/>.</summary>
    internal abstract Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind);

    /// <summary>Applies <paramref name="kind"/> to every finding of <paramref name="work"/> that is offered it, in one solution edit.</summary>
    internal async Task<Solution> FixAsync(Solution solution, IEnumerable<(DocumentId Document, ImmutableArray<Diagnostic> Diagnostics)> work, JwtFixKind kind, CancellationToken cancellationToken)
    {
        var solutionEditor = new SolutionEditor(solution);
        FixSession? session = null;
        foreach (var (documentId, diagnostics) in work)
        {
            var editor = await solutionEditor.GetDocumentEditorAsync(documentId, cancellationToken).ConfigureAwait(false);
            if (session is null)
            {
                session = new FixSession(solutionEditor, editor, cancellationToken);
            }
            else
            {
                session.Editor = editor;
            }

            session.DocumentDiagnostics = diagnostics;
            var root = editor.OriginalRoot;
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (!IsInDocument(diagnostic, root))
                {
                    continue;
                }

                var candidate = new FixCandidate(editor.OriginalDocument, root, diagnostic, editor.SemanticModel);
                var offers = new FixOffers();
                await OfferAsync(candidate, offers, cancellationToken).ConfigureAwait(false);
                if (offers.Contains(kind))
                {
                    await ApplyAsync(session, candidate, kind).ConfigureAwait(false);
                }
            }
        }

        if (session is not null)
        {
            await session.RunDeferredAsync().ConfigureAwait(false);
        }

        var changed = solutionEditor.GetChangedSolution();
        if (session is not null)
        {
            changed = await session.ApplyAdditionalDocumentChangesAsync(changed).ConfigureAwait(false);
        }

        foreach (var id in changed.GetChanges(solution).GetProjectChanges().SelectMany(p => p.GetChangedDocuments()).ToList())
        {
            var cleaned = await CleanUpAsync(changed.GetDocument(id)!, cancellationToken).ConfigureAwait(false);
            changed = cleaned.Project.Solution;
        }

        return changed;
    }

    /// <summary><c>using</c>s for annotated names, then simplification and formatting of the annotated nodes.</summary>
    private static async Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static bool IsInDocument(Diagnostic diagnostic, SyntaxNode root)
        => diagnostic.Location.IsInSource && diagnostic.Location.SourceTree == root.SyntaxTree;
}
