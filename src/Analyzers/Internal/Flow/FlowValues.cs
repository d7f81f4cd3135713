using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// The answer of <see cref="ValueFlow.SourcesOf"/>: the operations whose values may reach an operation (literals,
/// creations, calls into libraries, unresolved reads) and whether the list is complete. An incomplete answer means
/// some value could not be seen (a parameter of a public method, a write through <c>ref</c>, the depth limit): a rule
/// that needs "every value is X" must then stay silent, a rule that looks for "some value is X" may still report.
/// </summary>
internal readonly struct FlowValues
{
    public FlowValues(ImmutableArray<IOperation> values, bool isComplete)
    {
        Values = values.IsDefault ? ImmutableArray<IOperation>.Empty : values;
        IsComplete = isComplete;
    }

    /// <summary>The source operations found, in no particular order, without duplicates.</summary>
    public ImmutableArray<IOperation> Values { get; }

    /// <summary>False when some value that may reach the operation is not in <see cref="Values"/>.</summary>
    public bool IsComplete { get; }

    /// <summary>True when the answer is complete, not empty, and every value satisfies <paramref name="predicate"/>.</summary>
    public bool All(System.Func<IOperation, bool> predicate)
    {
        if (!IsComplete || Values.IsEmpty)
        {
            return false;
        }

        foreach (var value in Values)
        {
            if (!predicate(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when some value found satisfies <paramref name="predicate"/> (whether or not the answer is complete).</summary>
    public bool Any(System.Func<IOperation, bool> predicate)
    {
        foreach (var value in Values)
        {
            if (predicate(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The values satisfying <paramref name="predicate"/>.</summary>
    public IEnumerable<IOperation> Where(System.Func<IOperation, bool> predicate)
    {
        foreach (var value in Values)
        {
            if (predicate(value))
            {
                yield return value;
            }
        }
    }
}
