using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// What a field, a property, a parameter or a method hands on, computed once per compilation: the values written to a
/// member (initializer, constructors, every assignment of the compilation, object initializers, <c>with</c>
/// expressions), the arguments of every call site of a parameter, or the values a method returns. The values are
/// raw (not followed further); <see cref="ValueFlow"/> follows them with its depth limit.
/// </summary>
internal sealed class MemberWrites
{
    public static readonly MemberWrites Unknown = new(ImmutableArray<IOperation>.Empty, isComplete: false);

    public MemberWrites(ImmutableArray<IOperation> values, bool isComplete)
    {
        Values = values;
        IsComplete = isComplete;
    }

    /// <summary>The operations written (or returned, or passed).</summary>
    public ImmutableArray<IOperation> Values { get; }

    /// <summary>False when a write, a caller or a return could not be seen.</summary>
    public bool IsComplete { get; }
}
