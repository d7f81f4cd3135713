using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// Semantic models of the other syntax trees of the compilation, for following a value into a field, a property or a
/// method declared in another file. Inside an analyzer host, <see cref="Compilation.GetSemanticModel(SyntaxTree, bool)"/>
/// returns the driver's cached model (the compiler binds each tree once, whoever asks), and this class keeps one per
/// tree for the flow engine's own use.
/// </summary>
internal sealed class SemanticModels
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    public SemanticModels(Compilation compilation)
    {
        _compilation = compilation;
    }

    /// <summary>The model of <paramref name="tree"/>, or null when the tree is not part of the compilation.</summary>
    public SemanticModel? Get(SyntaxTree tree)
    {
        if (_models.TryGetValue(tree, out var model))
        {
            return model;
        }

        if (!_compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030 // The flow engine must read other files of the same compilation; the host caches models per tree.
        model = _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        return _models.GetOrAdd(tree, model);
    }

    /// <summary>The operation of <paramref name="node"/> (found through the model of its tree), or null.</summary>
    public IOperation? GetOperation(SyntaxNode node, System.Threading.CancellationToken cancellationToken = default)
        => Get(node.SyntaxTree)?.GetOperation(node, cancellationToken);

    /// <summary>The symbol <paramref name="node"/> declares, or null.</summary>
    public ISymbol? GetDeclaredSymbol(SyntaxNode node, System.Threading.CancellationToken cancellationToken = default)
        => Get(node.SyntaxTree)?.GetDeclaredSymbol(node, cancellationToken);
}
