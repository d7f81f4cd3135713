using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>
/// Base of the per-library symbol groups of <see cref="KnownSymbols"/>: every type is one lazy field, resolved on first
/// use with <see cref="CompilationExtensions.GetBestTypeByMetadataName"/> and then shared by every analyzer.
/// </summary>
internal abstract class SymbolGroup
{
    protected SymbolGroup(Compilation compilation)
    {
        Compilation = compilation;
    }

    /// <summary>The compilation the symbols belong to.</summary>
    public Compilation Compilation { get; }

    /// <summary>True when the library the group describes is referenced: rules register nothing otherwise.</summary>
    public abstract bool IsPresent { get; }

    /// <summary>A lazily resolved type (thread-safe; resolved at most a few times under contention, the result is the same).</summary>
    protected Lazy<INamedTypeSymbol?> Type(string metadataName)
        => new(() => Compilation.GetBestTypeByMetadataName(metadataName), LazyThreadSafetyMode.PublicationOnly);

    /// <summary>A lazily computed value derived from other symbols (a member of a resolved type, a version).</summary>
    protected static Lazy<T> Lazy<T>(Func<T> compute) => new(compute, LazyThreadSafetyMode.PublicationOnly);

    /// <summary>
    /// The parameters of the methods and constructors of <paramref name="types"/> that <paramref name="select"/> picks
    /// (a library's <c>key</c> or <c>algorithm</c> parameters), resolved once; compare with <see cref="ParameterIn"/>.
    /// </summary>
    protected static ImmutableHashSet<IParameterSymbol> ParametersOf(IEnumerable<INamedTypeSymbol?> types, Func<IParameterSymbol, bool> select)
    {
        var builder = ImmutableHashSet.CreateBuilder<IParameterSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in types)
        {
            if (type is null)
            {
                continue;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method)
                {
                    foreach (var parameter in method.Parameters)
                    {
                        if (select(parameter))
                        {
                            builder.Add(parameter);
                        }
                    }
                }
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>True when <paramref name="parameter"/> (of a constructed or reduced method too) is one of <paramref name="parameters"/>.</summary>
    public static bool ParameterIn(IParameterSymbol? parameter, ImmutableHashSet<IParameterSymbol> parameters)
        => parameter is not null && !parameters.IsEmpty && parameters.Contains(parameter.OriginalDefinition);

    /// <summary>The first member of <paramref name="type"/> (or a base type) named <paramref name="name"/> of kind <typeparamref name="T"/>.</summary>
    protected static T? Member<T>(INamedTypeSymbol? type, string name)
        where T : class, ISymbol
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is T found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
