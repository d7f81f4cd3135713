using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>Symbol comparisons: every check compares symbols (<see cref="SymbolEqualityComparer.Default"/>), never spellings.</summary>
internal static class SymbolExtensions
{
    /// <summary>True when both symbols are the same (original definitions compared).</summary>
    public static bool Is(this ISymbol? symbol, ISymbol? expected)
        => symbol is not null && expected is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, expected.OriginalDefinition);

    /// <summary>True when <paramref name="type"/> is <paramref name="expected"/>, derives from it or implements it.</summary>
    public static bool IsOrInheritsFrom(this ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (expected is null || type is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
            {
                return true;
            }
        }

        if (expected.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        if (type is not INamedTypeSymbol named)
        {
            return Implements(type, expected);
        }

        // Interfaces are asked of every indexer, collection and logger type of a project, and a constructed type builds
        // its AllInterfaces anew: answered once per type definition and interface (a constructed type implements an
        // interface, compared by original definition, exactly when its definition does).
        var definition = named.OriginalDefinition;
        var cache = s_implements.GetValue(expected, static _ => new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default));
        return cache.TryGetValue(definition, out var known) ? known : cache.GetOrAdd(definition, Implements(definition, expected));
    }

    private static readonly ConditionalWeakTable<INamedTypeSymbol, ConcurrentDictionary<INamedTypeSymbol, bool>> s_implements = new();

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol expected)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is one of <paramref name="expected"/> or inherits from one of them.</summary>
    public static bool IsOrInheritsFromAny(this ITypeSymbol? type, ImmutableArray<INamedTypeSymbol> expected)
    {
        foreach (var candidate in expected)
        {
            if (type.IsOrInheritsFrom(candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="property"/> is <paramref name="expected"/> or overrides it.</summary>
    public static bool IsOrOverrides(this IPropertySymbol? property, IPropertySymbol? expected)
    {
        if (expected is null)
        {
            return false;
        }

        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="method"/> is <paramref name="expected"/>, overrides it or implements it (interface member).</summary>
    public static bool IsOrImplements(this IMethodSymbol? method, IMethodSymbol? expected)
    {
        if (method is null || expected is null)
        {
            return false;
        }

        var original = method.ReducedFrom ?? method;
        for (var current = original; current is not null; current = current.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected.OriginalDefinition))
            {
                return true;
            }
        }

        if (expected.ContainingType?.TypeKind == TypeKind.Interface && method.ContainingType is { } type)
        {
            return SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(expected)?.OriginalDefinition, original.OriginalDefinition);
        }

        return false;
    }

    /// <summary>True when <paramref name="method"/> is declared by <paramref name="type"/> (or one of its base types / interfaces).</summary>
    public static bool IsDeclaredBy(this IMethodSymbol? method, INamedTypeSymbol? type)
        => method?.ContainingType is { } containing && containing.IsOrInheritsFrom(type);

    /// <summary>True when the symbol is declared in source of the compilation being analysed (a project's own code).</summary>
    public static bool IsInSource(this ISymbol? symbol) => symbol is not null && !symbol.DeclaringSyntaxReferences.IsDefaultOrEmpty && symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource;

    /// <summary>
    /// True when <paramref name="method"/> is one of the members named <paramref name="name"/> of the resolved type
    /// <paramref name="type"/> (how a member of a library type is recognised once its type is known by symbol).
    /// </summary>
    public static bool IsMemberOf(this IMethodSymbol? method, INamedTypeSymbol? type, string name)
    {
        if (method is null || type is null)
        {
            return false;
        }

        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        if (!string.Equals(original.Name, name, System.StringComparison.Ordinal)
            || !SymbolEqualityComparer.Default.Equals(original.ContainingType?.OriginalDefinition, type.OriginalDefinition))
        {
            return false;
        }

        foreach (var member in type.OriginalDefinition.GetMembers(name))
        {
            if (SymbolEqualityComparer.Default.Equals(member, original))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="property"/> is the property named <paramref name="name"/> of <paramref name="type"/> (or a base type), or overrides it.</summary>
    public static bool IsPropertyOf(this IPropertySymbol? property, INamedTypeSymbol? type, string name)
    {
        // An override keeps the name: a differently named property is answered without a walk of the type's members.
        if (property is null || type is null || !string.Equals(property.Name, name, System.StringComparison.Ordinal))
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IPropertySymbol expected && property.IsOrOverrides(expected))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="method"/> is, overrides, or implements the member named <paramref name="name"/> of <paramref name="type"/>.</summary>
    public static bool IsOrOverridesMemberOf(this IMethodSymbol? method, INamedTypeSymbol? type, string name)
    {
        if (method is null || type is null)
        {
            return false;
        }

        // An override and an implicit implementation have the member's name: anything else is answered by a string
        // comparison instead of a walk of overrides and interface maps (explicit implementations keep the full test).
        if (method.MethodKind != MethodKind.ExplicitInterfaceImplementation && !string.Equals(method.Name, name, System.StringComparison.Ordinal))
        {
            return false;
        }

        for (var current = method.ReducedFrom ?? method; current is not null; current = current.OverriddenMethod)
        {
            if (current.IsMemberOf(type, name))
            {
                return true;
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol contract && method.IsOrImplements(contract))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
