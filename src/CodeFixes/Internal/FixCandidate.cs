using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// One finding a fix looks at: the document, its syntax root, the node at the diagnostic and the kind the analyzer
/// named. The semantic model is the one the analysis already built (no speculative compilation), fetched on demand.
/// </summary>
public sealed class FixCandidate
{
    private SemanticModel? _semanticModel;

    internal FixCandidate(Document document, SyntaxNode root, Diagnostic diagnostic, SemanticModel? semanticModel)
    {
        Document = document;
        Root = root;
        Diagnostic = diagnostic;
        Node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        Kind = JwtFixKinds.Of(diagnostic);
        _semanticModel = semanticModel;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    public Diagnostic Diagnostic { get; }

    /// <summary>The innermost node at the diagnostic's location.</summary>
    public SyntaxNode Node { get; }

    /// <summary>What the analyzer says the repair is (<see cref="JwtFixKind.None"/> when it names none).</summary>
    internal JwtFixKind Kind { get; }

    public string? Property(string key) => Diagnostic.Properties.TryGetValue(key, out var value) ? value : null;

    public async ValueTask<SemanticModel> GetSemanticModelAsync(CancellationToken cancellationToken)
        => _semanticModel ??= (await Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;

    /// <summary>The node at additional location <paramref name="index"/> when it is in this document.</summary>
    public SyntaxNode? AdditionalNode(int index)
        => Diagnostic.AdditionalLocations.Count > index && Diagnostic.AdditionalLocations[index] is { IsInSource: true } location && location.SourceTree == Root.SyntaxTree
            ? Root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)
            : null;
}
