using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Tokens;

/// <summary>
/// A <c>TokenValidationResult</c> kept in a field or property (<c>_result = await handler.ValidateTokenAsync(token, p);</c>
/// in one method) whose <c>ClaimsIdentity</c>, <c>Claims</c> or <c>SecurityToken</c> is read in another without
/// <c>IsValid</c> having been checked on the way: <c>ValidateTokenAsync</c> does not throw for an invalid token, so
/// the claims of a forged token sit in the member. The values written to the member come from the flow engine (every
/// assignment in the compilation, results returned by wrappers, results passed in through parameters); a write is
/// checked when <c>IsValid</c> (or <c>Exception</c>) of the result is read in the body that obtains it: of the local it
/// is stored in first (<c>if (!r.IsValid) return; _result = r;</c>) or of the member itself
/// (<c>_result = await ...; if (!_result.IsValid) throw ...;</c>). A read is checked when the member's <c>IsValid</c> is
/// read before it in its own body, directly or in a project method or property called before it.
/// </summary>
internal sealed class StoredValidationResults
{
    private static readonly ConditionalWeakTable<Compilation, StoredValidationResults> s_cache = new();

    private readonly KnownSymbols _symbols;
    private readonly ValidationCalls _validation;
    private readonly ValueFlow _flow;
    private readonly ConcurrentDictionary<ISymbol, IOperation?> _uncheckedWrites = new(SymbolEqualityComparer.Default);

    private StoredValidationResults(Compilation compilation)
    {
        _symbols = KnownSymbols.Get(compilation);
        _validation = ValidationCalls.Get(compilation);
        _flow = ValueFlow.Get(compilation);
    }

    /// <summary>The shared instance of <paramref name="compilation"/>.</summary>
    public static StoredValidationResults Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new StoredValidationResults(c));

    /// <summary>True when <paramref name="property"/> is <c>ClaimsIdentity</c>, <c>Claims</c> or <c>SecurityToken</c> of a validation result (a symbol test, no flow).</summary>
    public bool IsClaimsMember(IPropertySymbol property) => property.Name is "ClaimsIdentity" or "Claims" or "SecurityToken" && IsResultMember(property);

    /// <summary>True when <paramref name="property"/> is <c>IsValid</c> or <c>Exception</c> of a validation result.</summary>
    public bool IsCheckMember(IPropertySymbol property) => property.Name is "IsValid" or "Exception" && IsResultMember(property);

    /// <summary>
    /// For a read of a claims member of a validation result (<c>_result.ClaimsIdentity</c>) kept in a source field or
    /// property: the member when one of the values written to it may be a result whose <c>IsValid</c> nobody checked
    /// and <c>IsValid</c> is not checked before this read either; otherwise null. Cheap for any other operation.
    /// </summary>
    public ISymbol? UncheckedHolder(IOperation operation)
    {
        if (operation is not IPropertyReferenceOperation { Instance: { } instance } read || !IsClaimsMember(read.Property))
        {
            return null;
        }

        var root = operation.GetRoot();
        ILocalSymbol? viaLocal = null;
        var holder = Holder(instance, root, ref viaLocal);
        if (holder is null || UncheckedWrite(holder) is null)
        {
            return null;
        }

        return IsCheckedBefore(root, operation.Syntax.SpanStart, holder, viaLocal) ? null : holder;
    }

    /// <summary>The write of <paramref name="holder"/> that may store an unchecked validation result, or null. Cached per member.</summary>
    public IOperation? UncheckedWrite(ISymbol holder) => _uncheckedWrites.GetOrAdd(holder.OriginalDefinition, ComputeUncheckedWrite);

    private IOperation? ComputeUncheckedWrite(ISymbol holder)
    {
        foreach (var written in _flow.WritesOf(holder).Values)
        {
            foreach (var value in _flow.SourcesOf(written).Values)
            {
                if (value is IInvocationOperation call
                    && _validation.IsValidation(call.TargetMethod)
                    && _symbols.IdentityModel.IsTokenValidationResult(UnwrapTask(call.TargetMethod.ReturnType))
                    && !IsCheckedWhereObtained(call, holder))
                {
                    return written;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when the body that calls the validation reads <c>IsValid</c>/<c>Exception</c> of the variable, field or
    /// property the result is stored in, or of <paramref name="holder"/> itself.
    /// </summary>
    private bool IsCheckedWhereObtained(IOperation call, ISymbol holder)
    {
        IOperation current = call;
        while (current.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        var receiver = RefreshTokenContext.ReceivingSymbol(current);
        foreach (var operation in call.GetRoot().Descendants())
        {
            if (operation is IPropertyReferenceOperation check && IsCheckMember(check.Property)
                && CheckedInstance(check) is { } instance
                && ((receiver is not null && ValueFlow.Refers(instance, receiver)) || ValueFlow.Refers(instance, holder)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="holder"/>'s (or <paramref name="viaLocal"/>'s) <c>IsValid</c> is read in
    /// <paramref name="root"/> before <paramref name="position"/>, directly or in the body of a project method or
    /// property called before it (one call deep: <c>if (!IsAuthenticated) return;</c>).
    /// </summary>
    private bool IsCheckedBefore(IOperation root, int position, ISymbol holder, ILocalSymbol? viaLocal)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation.Syntax.SpanStart >= position)
            {
                continue;
            }

            switch (operation)
            {
                case IPropertyReferenceOperation check when IsCheckMember(check.Property):
                    if (CheckedInstance(check) is { } instance && (ValueFlow.Refers(instance, holder) || (viaLocal is not null && ValueFlow.Refers(instance, viaLocal))))
                    {
                        return true;
                    }

                    break;
                case IPropertyReferenceOperation { Property.GetMethod: { } getter } property when property.Property.IsInSource() && ChecksIn(getter, holder):
                    return true;
                case IInvocationOperation invocation when invocation.TargetMethod.IsInSource() && ChecksIn(invocation.TargetMethod, holder):
                    return true;
            }
        }

        return false;
    }

    private bool ChecksIn(IMethodSymbol method, ISymbol holder)
    {
        if (_flow.BodyOf(method) is not { } body)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is IPropertyReferenceOperation check && IsCheckMember(check.Property) && CheckedInstance(check) is { } instance && ValueFlow.Refers(instance, holder))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The source field or property the result read through <paramref name="instance"/> is kept in: the member itself
    /// (<c>_result.ClaimsIdentity</c>, <c>_result?.Claims</c>), or the member a local was copied from
    /// (<c>var r = _result; r.ClaimsIdentity</c>, the local then returned in <paramref name="viaLocal"/>).
    /// </summary>
    private static ISymbol? Holder(IOperation instance, IOperation root, ref ILocalSymbol? viaLocal)
    {
        instance = ValueFlow.Unwrap(instance);
        if (instance is IConditionalAccessInstanceOperation)
        {
            for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    instance = ValueFlow.Unwrap(access.Operation);
                    break;
                }
            }
        }

        switch (instance)
        {
            case IFieldReferenceOperation { Field: var field } when field.IsInSource():
                return field;
            case IPropertyReferenceOperation { Property: { IsIndexer: false } property } when property.IsInSource():
                return property;
            case ILocalReferenceOperation local:
                foreach (var written in LocalWrites.For(root).ValuesOf(local.Local, out _))
                {
                    ILocalSymbol? ignored = null;
                    if (ValueFlow.Unwrap(written) is IFieldReferenceOperation or IPropertyReferenceOperation && Holder(written, root, ref ignored) is { } member)
                    {
                        viaLocal = local.Local;
                        return member;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The value whose <c>IsValid</c> is read: the receiver, or the tested value of a property pattern (<c>_result is { IsValid: true }</c>).</summary>
    private static IOperation? CheckedInstance(IPropertyReferenceOperation check)
    {
        if (check.Instance is not { } instance)
        {
            return null;
        }

        if (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.PatternInput })
        {
            for (var parent = check.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IIsPatternOperation isPattern:
                        return isPattern.Value;
                    case ISwitchOperation switchStatement:
                        return switchStatement.Value;
                    case ISwitchExpressionOperation switchExpression:
                        return switchExpression.Value;
                }
            }

            return null;
        }

        if (instance is IConditionalAccessInstanceOperation)
        {
            for (var parent = check.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access)
                {
                    return access.Operation;
                }
            }
        }

        return instance;
    }

    private bool IsResultMember(IPropertySymbol property)
        => property.IsPropertyOf(_symbols.IdentityModel.TokenValidationResult, property.Name)
           || property.IsPropertyOf(_symbols.IdentityModel.LegacyTokenValidationResult, property.Name);

    private static ITypeSymbol? UnwrapTask(ITypeSymbol? type)
        => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic ? generic.TypeArguments[0] : type;
}
