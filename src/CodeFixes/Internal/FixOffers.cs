using System.Collections.Generic;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>The actions a fix offers for one finding: a kind and a title each (the equivalence key is derived).</summary>
public sealed class FixOffers
{
    private readonly List<(JwtFixKind Kind, string Title)> _offers = new();

    internal IReadOnlyList<(JwtFixKind Kind, string Title)> Items => _offers;

    internal void Add(JwtFixKind kind, string title) => _offers.Add((kind, title));

    internal bool Contains(JwtFixKind kind) => _offers.Exists(o => o.Kind == kind);
}
