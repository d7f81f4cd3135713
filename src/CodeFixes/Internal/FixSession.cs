using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// One application of a fix (one finding, or every finding of a Fix All): the editor of the document being fixed,
/// editors of other documents of the solution (a registration in <c>Program.cs</c>, the readers of a renamed cookie),
/// and a set of work already done so that a member, a <c>using</c> or a registration is added once.
/// </summary>
public sealed class FixSession
{
    private readonly SolutionEditor _solution;
    private readonly HashSet<object> _done = new();
    private readonly List<System.Func<Task>> _atEnd = new();
    private readonly Dictionary<DocumentId, List<TextChange>> _textChanges = new();

    internal FixSession(SolutionEditor solution, DocumentEditor editor, CancellationToken cancellationToken)
    {
        _solution = solution;
        Editor = editor;
        CancellationToken = cancellationToken;
    }

    /// <summary>The editor of the document that holds the finding; <see cref="DocumentEditor.OriginalRoot"/> holds its nodes.</summary>
    public DocumentEditor Editor { get; internal set; }

    public SemanticModel SemanticModel => Editor.SemanticModel;

    /// <summary>Every finding being repaired in the current document (one for a single fix, all in scope for Fix All).</summary>
    public System.Collections.Immutable.ImmutableArray<Diagnostic> DocumentDiagnostics { get; internal set; } = System.Collections.Immutable.ImmutableArray<Diagnostic>.Empty;

    public CancellationToken CancellationToken { get; }

    public Solution OriginalSolution => _solution.OriginalSolution;

    /// <summary>The editor of another document of the solution (same instance for the whole session).</summary>
    public Task<DocumentEditor> GetEditorAsync(DocumentId document) => _solution.GetDocumentEditorAsync(document, CancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> once, after every finding of the session is repaired (a <c>using</c> for an
    /// extension method: the root is replaced last so that the edits of the nodes below it are not disturbed).
    /// </summary>
    public void AtEnd(object key, System.Action action) => AtEnd(key, () =>
    {
        action();
        return Task.CompletedTask;
    });

    /// <inheritdoc cref="AtEnd(object, System.Action)"/>
    public void AtEnd(object key, System.Func<Task> action)
    {
        if (_done.Add(("AtEnd", key)))
        {
            _atEnd.Add(action);
        }
    }

    /// <summary>
    /// Records a text edit of a non-C# document of the solution (the <c>.razor</c> source of a component whose generated
    /// C# holds the finding): applied after the syntax edits, all edits of one document at once. Edits must not overlap.
    /// </summary>
    public void ChangeAdditionalDocument(DocumentId document, TextChange change)
    {
        if (!_textChanges.TryGetValue(document, out var changes))
        {
            _textChanges[document] = changes = new List<TextChange>();
        }

        changes.Add(change);
    }

    /// <summary>The additional documents of <paramref name="solution"/> with the recorded text edits applied.</summary>
    internal async Task<Solution> ApplyAdditionalDocumentChangesAsync(Solution solution)
    {
        foreach (var entry in _textChanges)
        {
            if (solution.GetAdditionalDocument(entry.Key) is not { } document)
            {
                continue;
            }

            var text = await document.GetTextAsync(CancellationToken).ConfigureAwait(false);
            solution = solution.WithAdditionalDocumentText(entry.Key, text.WithChanges(entry.Value.OrderBy(c => c.Span.Start)));
        }

        _textChanges.Clear();
        return solution;
    }

    internal async Task RunDeferredAsync()
    {
        foreach (var action in _atEnd)
        {
            await action().ConfigureAwait(false);
        }

        _atEnd.Clear();
    }

    /// <summary>True the first time <paramref name="key"/> is seen in this session (a node, a class, a file...).</summary>
    public bool FirstTime(object key) => _done.Add(key);
}
