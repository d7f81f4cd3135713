using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>
/// Objects that carry tokens: a value whose type has a string member named like a token (<c>AccessToken</c>,
/// <c>IdToken</c>, <c>RefreshToken</c>, <c>Token</c>, by <see cref="TokenLikeness.IsTokenName"/>), directly or one
/// member down (<c>Session.Tokens.AccessToken</c>), and the serialisation of such a value
/// (<c>JsonSerializer.Serialize(session)</c>, by symbol). Storing (or logging) such an object stores the token.
/// Type answers for the default token-likeness are cached per compilation.
/// </summary>
internal static class TokenCarriers
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ITypeSymbol, bool>> s_cache = new();

    /// <summary>True when <paramref name="value"/> is an object with token members, or the serialisation of one (followed through locals).</summary>
    public static bool IsTokenCarrier(IOperation? value, TokenLikeness likeness) => value is not null && IsCarrierValue(value, likeness, 0);

    /// <summary>True when values of <paramref name="type"/> carry a token in a member.</summary>
    public static bool IsTokenCarrierType(ITypeSymbol? type, TokenLikeness likeness, Compilation compilation)
    {
        if (type is null || !IsCandidate(type))
        {
            return false;
        }

        if (!likeness.UsesDefaultNames)
        {
            return HasTokenMember(type, likeness, 0);
        }

        var cache = s_cache.GetValue(compilation, static _ => new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default));
        return cache.GetOrAdd(type, t => HasTokenMember(t, TokenLikeness.Default, 0));
    }

    private static bool IsCarrierValue(IOperation value, TokenLikeness likeness, int depth)
    {
        value = ValueFlow.Unwrap(value);
        if (depth > 3 || value.SemanticModel is not { } model || value is ILiteralOperation)
        {
            return false;
        }

        var compilation = model.Compilation;
        if (value is IAwaitOperation awaited)
        {
            return IsCarrierValue(awaited.Operation, likeness, depth + 1);
        }

        if (value is IInvocationOperation invocation && IsSerialization(invocation.TargetMethod, KnownSymbols.Get(compilation)))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 } && IsCarrierValue(argument.Value, likeness, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        if (value is ILocalReferenceOperation local)
        {
            if (IsTokenCarrierType(local.Type, likeness, compilation))
            {
                return true;
            }

            // var json = JsonSerializer.Serialize(session): the local holds the serialised object (a string, bytes, a
            // JSON node or an object); a local of any other type is answered by its type.
            if (!MayHoldSerialisation(local.Type, compilation))
            {
                return false;
            }

            foreach (var source in ValueFlow.Get(compilation).SourcesOf(local).Values)
            {
                if (!ReferenceEquals(source, local) && IsCarrierValue(source, likeness, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }

        return IsTokenCarrierType(value.Type, likeness, compilation);
    }

    /// <summary>string, object, byte[], or a System.Text.Json type (<c>JsonElement</c>, <c>JsonDocument</c>), by symbol.</summary>
    private static bool MayHoldSerialisation(ITypeSymbol? type, Compilation compilation)
        => type is null
           || type.SpecialType is SpecialType.System_String or SpecialType.System_Object
           || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
           || (KnownSymbols.Get(compilation).Bcl.JsonSerializer is { } serializer
               && SymbolEqualityComparer.Default.Equals(type.ContainingNamespace, serializer.ContainingNamespace));

    /// <summary>System.Text.Json's <c>JsonSerializer.Serialize</c> / <c>SerializeToUtf8Bytes</c> / <c>SerializeToElement</c> / <c>SerializeToDocument</c> / <c>SerializeToNode</c>.</summary>
    public static bool IsSerialization(IMethodSymbol method, KnownSymbols symbols)
    {
        var serializer = symbols.Bcl.JsonSerializer;
        return serializer is not null
            && method.ContainingType.Is(serializer)
            && (method.IsMemberOf(serializer, "Serialize")
                || method.IsMemberOf(serializer, "SerializeToUtf8Bytes")
                || method.IsMemberOf(serializer, "SerializeToElement")
                || method.IsMemberOf(serializer, "SerializeToDocument")
                || method.IsMemberOf(serializer, "SerializeToNode"));
    }

    /// <summary>Classes, structs and records other than strings, primitives, delegates and framework collections.</summary>
    private static bool IsCandidate(ITypeSymbol type)
        => type.SpecialType == SpecialType.None
           && type.TypeKind is TypeKind.Class or TypeKind.Struct
           && type is INamedTypeSymbol;

    private static bool HasTokenMember(ITypeSymbol type, TokenLikeness likeness, int depth)
    {
        var visited = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        return HasTokenMember(type, likeness, depth, visited);
    }

    private static bool HasTokenMember(ITypeSymbol type, TokenLikeness likeness, int depth, HashSet<ITypeSymbol> visited)
    {
        if (!visited.Add(type))
        {
            return false;
        }

        for (var current = type as INamedTypeSymbol; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            // Names before symbols: a referenced type's member names come from its metadata without building a symbol
            // per member (a framework type's full member list is the expensive part of this test).
            foreach (var name in current.MemberNames)
            {
                if (likeness.IsTokenName(name) && HasStringMemberNamed(current, name))
                {
                    return true;
                }
            }

            // One member down, for types of the project (a session that holds a token pair); a referenced generic base
            // can hold one through a type argument.
            if (depth == 0 && (current.IsInSource() || current.IsGenericType))
            {
                foreach (var member in current.GetMembers())
                {
                    if (DataMemberType(member) is { } memberType
                        && memberType.IsInSource()
                        && IsCandidate(memberType)
                        && HasTokenMember(memberType, likeness, depth + 1, visited))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool HasStringMemberNamed(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (DataMemberType(member) is { SpecialType: SpecialType.System_String })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type of a public instance property (not an indexer) or field, declared in code; null for anything else.</summary>
    private static ITypeSymbol? DataMemberType(ISymbol member)
    {
        if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared && member is not IPropertySymbol)
        {
            return null;
        }

        return member switch
        {
            IPropertySymbol { IsIndexer: false } property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };
    }
}
