using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// The writes and reads of every local of one executable body (a method, an accessor, an initializer), computed in
/// one walk of the body and cached by its root operation: a rule asking about ten locals of the same method pays
/// for one walk, not ten.
/// </summary>
internal sealed class LocalWrites
{
    private static readonly ConditionalWeakTable<IOperation, LocalWrites> s_cache = new();

    private readonly Dictionary<ILocalSymbol, List<IOperation>> _values = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _reads = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _incomplete = new(SymbolEqualityComparer.Default);

    private LocalWrites(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    if (declarator.GetVariableInitializer() is { } initializer)
                    {
                        Add(declarator.Symbol, initializer.Value);
                    }
                    else if (declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation })
                    {
                        // foreach / catch / using variables without an initializer: written by something we do not follow here.
                        MarkLoopOrUnknown(declarator);
                    }

                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    Add(local.Local, assignment.Value);
                    break;
                case ICoalesceAssignmentOperation { Target: ILocalReferenceOperation coalesced } coalesce:
                    Add(coalesced.Local, coalesce.Value);
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation compound }:
                    _incomplete.Add(compound.Local);
                    break;
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation incremented }:
                    _incomplete.Add(incremented.Local);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var target in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (target is ILocalReferenceOperation deconstructed)
                        {
                            _incomplete.Add(deconstructed.Local);
                        }
                    }

                    break;
                case IArgumentOperation { Value: ILocalReferenceOperation byRef } argument when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out:
                    _incomplete.Add(byRef.Local);
                    break;
                case IDeclarationExpressionOperation declaration:
                    foreach (var declared in declaration.Expression.DescendantsAndSelf())
                    {
                        if (declared is ILocalReferenceOperation outLocal)
                        {
                            _incomplete.Add(outLocal.Local);
                        }
                    }

                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol patternLocal } pattern:
                    if (pattern.Parent is IIsPatternOperation isPattern)
                    {
                        Add(patternLocal, isPattern.Value);
                    }
                    else
                    {
                        _incomplete.Add(patternLocal);
                    }

                    break;
                case ILocalReferenceOperation reference:
                    if (!_reads.TryGetValue(reference.Local, out var reads))
                    {
                        reads = new List<ILocalReferenceOperation>();
                        _reads.Add(reference.Local, reads);
                    }

                    reads.Add(reference);
                    break;
            }
        }
    }

    /// <summary>The writes of the body whose root is <paramref name="root"/> (cached).</summary>
    public static LocalWrites For(IOperation root) => s_cache.GetValue(root, static r => new LocalWrites(r));

    /// <summary>The values written to <paramref name="local"/>; <paramref name="isComplete"/> is false when a write is not seen.</summary>
    public IReadOnlyList<IOperation> ValuesOf(ILocalSymbol local, out bool isComplete)
    {
        isComplete = !_incomplete.Contains(local) && !local.IsRef;
        return _values.TryGetValue(local, out var values) ? values : (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>();
    }

    /// <summary>Every reference to <paramref name="local"/> in the body (reads and write targets).</summary>
    public IReadOnlyList<ILocalReferenceOperation> ReferencesTo(ILocalSymbol local)
        => _reads.TryGetValue(local, out var reads) ? reads : (IReadOnlyList<ILocalReferenceOperation>)System.Array.Empty<ILocalReferenceOperation>();

    private void Add(ILocalSymbol local, IOperation value)
    {
        if (!_values.TryGetValue(local, out var values))
        {
            values = new List<IOperation>();
            _values.Add(local, values);
        }

        values.Add(value);
    }

    private void MarkLoopOrUnknown(IVariableDeclaratorOperation declarator)
    {
        // foreach (var claim in jwt.Claims): the variable holds elements of the collection, a value derived from it.
        for (var parent = declarator.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IForEachLoopOperation loop)
            {
                Add(declarator.Symbol, loop.Collection);
                _incomplete.Add(declarator.Symbol);
                return;
            }

            if (parent is IBlockOperation)
            {
                break;
            }
        }

        _incomplete.Add(declarator.Symbol);
    }
}
