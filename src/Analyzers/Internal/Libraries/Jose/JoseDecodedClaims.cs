using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using JwtAnalyzers.Internal.Libraries.Http;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Jose;

/// <summary>
/// What happens to the payload a jose-jwt <c>JWT.Decode</c>/<c>Decode&lt;T&gt;</c>/<c>DecodeBytes</c>/<c>Verify</c>/<c>VerifyBytes</c>
/// returns. jose-jwt checks the signature and validates no claim (an expired token is accepted), so the application
/// must compare <c>exp</c> with the current time itself. Followed with the flow engine (<see cref="ValueFlow.SinksOf"/>)
/// through locals, fields, properties, helper methods, deserialisation and member reads:
/// <list type="bullet">
/// <item>a <b>use of the claims</b>: a member, indexer or method read of the payload (or of what it is deserialised
/// into), a comparison or pattern test of it, a <c>Claim</c>/<c>ClaimsIdentity</c>/<c>ClaimsPrincipal</c> built from it,
/// an access decision (<see cref="AccessDecisions"/>) fed by it;</item>
/// <item>an <b>expiry check</b>: <c>exp</c> read from it (an indexer or call with the constant <c>"exp"</c>, such as
/// <c>payload["exp"]</c>, <c>TryGetValue("exp", out ...)</c>, <c>GetProperty("exp")</c>, or a property of the project's
/// own claims type named like an expiry or mapped to <c>"exp"</c> by an attribute) that reaches a relational
/// comparison (<c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, the <c>DateTime</c>/<c>DateTimeOffset</c> operators included).</item>
/// </list>
/// The claim and member names compared here are the token's (<c>exp</c>) and the project's own, never a framework's.
/// </summary>
internal sealed class JoseDecodedClaims
{
    private static readonly ConditionalWeakTable<Compilation, JoseDecodedClaims> s_cache = new();

    /// <summary>Names of a project's own claims-type properties that hold the expiry (compared case-insensitively).</summary>
    private static readonly ImmutableHashSet<string> ExpiryMemberNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "exp", "expires", "expiresAt", "expiresOn", "expiresUtc", "expiration", "expirationTime", "expiry", "validTo");

    private readonly KnownSymbols _symbols;
    private readonly ValueFlow _flow;
    private readonly Lazy<AccessDecisions> _decisions;

    private JoseDecodedClaims(Compilation compilation)
    {
        _symbols = KnownSymbols.Get(compilation);
        _flow = ValueFlow.Get(compilation);
        _decisions = new Lazy<AccessDecisions>(() => AccessDecisions.Get(compilation), System.Threading.LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The instance of <paramref name="compilation"/>.</summary>
    public static JoseDecodedClaims Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new JoseDecodedClaims(c));

    /// <summary>
    /// The first operation that uses the claims decoded by <paramref name="decode"/> when no expiry check of them is
    /// found in the flow; null when the claims are not used (discarded, only returned to code outside the compilation)
    /// or when <c>exp</c> is compared.
    /// </summary>
    public IOperation? FindUseWithoutExpiryCheck(IInvocationOperation decode)
    {
        IOperation? firstUse = null;
        foreach (var use in _flow.SinksOf(decode, Propagates))
        {
            if (IsExpiryRead(use) && ReachesComparison(use))
            {
                return null;
            }

            if (firstUse is null && IsClaimsUse(use))
            {
                firstUse = use;
            }
        }

        return firstUse;
    }

    /// <summary>A value derived from the payload: a member or element read, a call on it or with it (deserialisation, conversion), arithmetic, a creation.</summary>
    private static bool Propagates(IOperation operation) => operation switch
    {
        IBinaryOperation binary => !IsComparison(binary) && binary.OperatorKind is not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr),
        IArgumentOperation or IPropertyReferenceOperation or IFieldReferenceOperation or IArrayElementReferenceOperation or IInvocationOperation
            or IUnaryOperation or IObjectCreationOperation or IArrayInitializerOperation or IArrayCreationOperation => true,
        _ => false,
    };

    private static bool IsComparison(IBinaryOperation binary)
        => binary.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

    private bool IsClaimsUse(IOperation use)
    {
        switch (use)
        {
            // A read of the payload's raw form (the JSON string's Length, the bytes' count) reads no claim: the claims are
            // read from what it is parsed or deserialised into (followed as a derived value).
            case IPropertyReferenceOperation { Instance: var instance }:
                return !IsRawPayload(instance);
            case IInvocationOperation { Instance: { } receiver }:
                return !IsRawPayload(receiver);
            case IFieldReferenceOperation or IArrayElementReferenceOperation:
            case IIsPatternOperation or IIsTypeOperation or ISwitchOperation or ISwitchExpressionOperation or IConditionalOperation:
                return true;
            case IBinaryOperation binary:
                return IsComparison(binary) || binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.ObjectValueEquals or BinaryOperatorKind.ObjectValueNotEquals;
            case IArgumentOperation { Parent: IObjectCreationOperation creation }
                when creation.Type.IsOrInheritsFrom(_symbols.Bcl.Claim) || creation.Type.IsOrInheritsFrom(_symbols.Bcl.ClaimsIdentity) || creation.Type.IsOrInheritsFrom(_symbols.Bcl.ClaimsPrincipal):
                return true;
            case IArgumentOperation { Parent: { } call }:
                return _decisions.Value.IsAccessDecision(call);
            case ISimpleAssignmentOperation assignment:
                return _decisions.Value.IsAccessDecision(assignment);
            default:
                return false;
        }
    }

    private static bool IsRawPayload(IOperation? instance)
        => instance?.Type is { SpecialType: SpecialType.System_String } or IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte };

    /// <summary><c>payload["exp"]</c>, <c>payload.TryGetValue("exp", out ...)</c>, <c>root.GetProperty("exp")</c>, <c>claims.Exp</c> (a project's own property).</summary>
    private static bool IsExpiryRead(IOperation use)
    {
        switch (use)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                return HasExpArgument(indexer.Arguments);
            case IPropertyReferenceOperation { Property: var property }:
                return property.IsInSource() && (ExpiryMemberNames.Contains(property.Name) || IsMappedToExp(property));
            case IFieldReferenceOperation { Field: var field }:
                return field.IsInSource() && ExpiryMemberNames.Contains(field.Name);
            case IInvocationOperation { Instance: not null } call:
                return HasExpArgument(call.Arguments);
            default:
                return false;
        }
    }

    private static bool HasExpArgument(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue is { HasValue: true, Value: string name } && string.Equals(name, "exp", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A property mapped to the <c>exp</c> claim by a serialisation attribute (<c>[JsonPropertyName("exp")]</c> and the like).</summary>
    private static bool IsMappedToExp(IPropertySymbol property)
    {
        foreach (var attribute in property.GetAttributes())
        {
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Value is string name && string.Equals(name, "exp", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The expiry read (or the variables a <c>TryGetValue("exp", out var e)</c> fills) flows into a relational comparison.</summary>
    private bool ReachesComparison(IOperation expiryRead)
    {
        if (AnyComparison(expiryRead))
        {
            return true;
        }

        if (expiryRead is IInvocationOperation call)
        {
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.RefKind == RefKind.Out && ValueFlow.Unwrap(argument.Value) switch
                    {
                        ILocalReferenceOperation local => local.Local,
                        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
                        _ => null,
                    } is { } filled)
                {
                    foreach (var reference in LocalWrites.For(call.GetRoot()).ReferencesTo(filled))
                    {
                        if (!ReferenceEquals(reference.Parent, argument) && reference.Parent is not IDeclarationExpressionOperation && AnyComparison(reference))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private bool AnyComparison(IOperation value)
    {
        foreach (var use in _flow.SinksOf(value, Propagates))
        {
            if (use is IBinaryOperation binary && IsComparison(binary))
            {
                return true;
            }
        }

        return false;
    }
}
