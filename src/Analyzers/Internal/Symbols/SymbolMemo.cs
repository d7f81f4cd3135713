using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>
/// A rule's per-symbol question ("is this property one of mine", "can this method be a storage wrapper"), answered
/// once per symbol and compilation instead of once per operation: a project calls the same few thousand methods and
/// assigns the same properties tens of thousands of times, and most answers are "no". Keyed by symbol
/// (<see cref="SymbolEqualityComparer.Default"/>); the question must depend on the symbol alone.
/// </summary>
internal sealed class SymbolMemo<TSymbol, TResult>
    where TSymbol : class, ISymbol
{
    private readonly ConcurrentDictionary<TSymbol, TResult> _answers = new(SymbolEqualityComparer.Default);
    private readonly Func<TSymbol, TResult> _question;

    public SymbolMemo(Func<TSymbol, TResult> question) => _question = question;

    /// <summary>The answer for <paramref name="symbol"/>, computed on its first request.</summary>
    public TResult this[TSymbol symbol] => _answers.TryGetValue(symbol, out var answer) ? answer : _answers.GetOrAdd(symbol, _question);
}
