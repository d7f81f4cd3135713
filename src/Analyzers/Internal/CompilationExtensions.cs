using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal;

internal static class CompilationExtensions
{
    /// <summary>
    /// Like <c>Compilation.GetTypeByMetadataName</c>, but when several referenced assemblies define the type it picks
    /// one instead of returning null: the compilation's own type first, then the public type from the assembly with
    /// the highest version.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
        => s_types.GetValue(compilation, static c => new TypeCache(c)).Get(metadataName);

    private static readonly ConditionalWeakTable<Compilation, TypeCache> s_types = new();

    /// <summary>
    /// Every name looked up at most once per compilation (several rules and symbol groups ask for the same types), through
    /// the compilation's merged namespaces. Asking each of the 300 assemblies of an ASP.NET Core app for its type
    /// identifiers (<see cref="IAssemblySymbol.TypeNames"/>) cost a few hundred cold hash lookups per name, 10 to 20 ms
    /// per compilation for the 40 names a rule group needs; the merged namespaces answer a missing library at its first
    /// namespace segment and a present one from the namespace the compiler has usually built already.
    /// </summary>
    private sealed class TypeCache
    {
        private readonly Compilation _compilation;
        // A private lock around a plain dictionary: lookups are a few hundred per compilation, and the search runs
        // outside the lock (a race only computes the same answer twice).
        private readonly Dictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);
        private readonly Lazy<IAssemblySymbol[]> _assemblies;
        private readonly Lazy<bool> _hasAliasedReferences;

        public TypeCache(Compilation compilation)
        {
            _compilation = compilation;
            _assemblies = new Lazy<IAssemblySymbol[]>(
                () =>
                {
                    var referenced = compilation.SourceModule.ReferencedAssemblySymbols;
                    var all = new IAssemblySymbol[referenced.Length + 1];
                    all[0] = compilation.Assembly;
                    referenced.CopyTo(all, 1);
                    return all;
                },
                System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            _hasAliasedReferences = new Lazy<bool>(
                () =>
                {
                    foreach (var reference in compilation.References)
                    {
                        if (!reference.Properties.Aliases.IsDefaultOrEmpty && !reference.Properties.Aliases.Contains(MetadataReferenceProperties.GlobalAlias))
                        {
                            return true;
                        }
                    }

                    return false;
                },
                System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public INamedTypeSymbol? Get(string metadataName)
        {
            lock (_types)
            {
                if (_types.TryGetValue(metadataName, out var type))
                {
                    return type;
                }
            }

            var found = Search(metadataName);
            lock (_types)
            {
                if (!_types.TryGetValue(metadataName, out var type))
                {
                    _types.Add(metadataName, type = found);
                }

                return type;
            }
        }

        /// <summary>
        /// Every type of that metadata name in the compilation and its references, found through the merged global
        /// namespace: the compiler has already built the namespaces the project's usings name, a namespace that no
        /// reference declares (<c>Blazored</c> in a project without it) fails at its first segment, and no assembly is
        /// searched by itself. Assemblies referenced only under an extern alias are not in that namespace; they are
        /// searched one by one (<see cref="SearchAssemblies"/>).
        /// </summary>
        private INamedTypeSymbol? Search(string metadataName)
        {
            var candidates = Candidates(metadataName);
            if (candidates.IsDefaultOrEmpty)
            {
                return _hasAliasedReferences.Value ? SearchAssemblies(metadataName) : null;
            }

            INamedTypeSymbol? best = null;
            var count = 0;
            foreach (var candidate in candidates)
            {
                // The compilation's own type wins (a test or a project that declares the type itself).
                if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, _compilation.Assembly))
                {
                    return candidate;
                }

                best = Better(best, candidate, ++count);
            }

            return Result(best, count);
        }

        private ImmutableArray<INamedTypeSymbol> Candidates(string metadataName)
        {
            // N1.N2.A+B`1: namespaces up to the last '.' before the first '+', then the type and its nested types.
            var typeStart = metadataName.IndexOf('+');
            var lastDot = typeStart < 0 ? metadataName.LastIndexOf('.') : metadataName.LastIndexOf('.', typeStart);
            INamespaceSymbol? ns = _compilation.GlobalNamespace;
            var at = 0;
            while (ns is not null && at < lastDot)
            {
                var dot = metadataName.IndexOf('.', at);
                if (dot < 0 || dot > lastDot)
                {
                    dot = lastDot;
                }

                ns = Namespace(ns, metadataName.Substring(at, dot - at));
                at = dot + 1;
            }

            if (ns is null)
            {
                return default;
            }

            var names = metadataName.Substring(lastDot + 1).Split('+');
            var types = TypeMembers(ns, names[0]);
            for (var i = 1; i < names.Length && !types.IsEmpty; i++)
            {
                var nested = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
                foreach (var outer in types)
                {
                    nested.AddRange(TypeMembers(outer, names[i]));
                }

                types = nested.ToImmutable();
            }

            return types;
        }

        private static INamespaceSymbol? Namespace(INamespaceSymbol parent, string name)
        {
            foreach (var member in parent.GetMembers(name))
            {
                if (member is INamespaceSymbol ns)
                {
                    return ns;
                }
            }

            return null;
        }

        private static ImmutableArray<INamedTypeSymbol> TypeMembers(INamespaceOrTypeSymbol container, string metadataTypeName)
        {
            var tick = metadataTypeName.IndexOf('`');
            var arity = 0;
            if (tick >= 0 && !int.TryParse(metadataTypeName.Substring(tick + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out arity))
            {
                return ImmutableArray<INamedTypeSymbol>.Empty;
            }

            return container.GetTypeMembers(tick < 0 ? metadataTypeName : metadataTypeName.Substring(0, tick), arity);
        }

        /// <summary><c>C</c> for <c>N.M.C</c>, <c>N.A+C</c> and <c>N.C`1</c>: the identifier <see cref="IAssemblySymbol.TypeNames"/> holds.</summary>
        private static string SimpleName(string metadataName)
        {
            var start = Math.Max(metadataName.LastIndexOf('.'), metadataName.LastIndexOf('+')) + 1;
            var arity = metadataName.IndexOf('`', start);
            return arity < 0 ? metadataName.Substring(start) : metadataName.Substring(start, arity - start);
        }

        /// <summary>The search through each assembly's type identifiers (<see cref="IAssemblySymbol.TypeNames"/>), for aliased references.</summary>
        private INamedTypeSymbol? SearchAssemblies(string metadataName)
        {
            var simpleName = SimpleName(metadataName);
            var assemblies = _assemblies.Value;
            INamedTypeSymbol? best = null;
            var count = 0;
            for (var i = 0; i < assemblies.Length; i++)
            {
                var assembly = assemblies[i];
                if (!assembly.TypeNames.Contains(simpleName) || assembly.GetTypeByMetadataName(metadataName) is not { } candidate)
                {
                    continue;
                }

                if (i == 0)
                {
                    return candidate;
                }

                best = Better(best, candidate, ++count);
            }

            return Result(best, count);
        }

        /// <summary>Several assemblies define it: the public one from the assembly with the highest version.</summary>
        private static INamedTypeSymbol Better(INamedTypeSymbol? best, INamedTypeSymbol candidate, int count)
            => count == 1 || best!.DeclaredAccessibility != Accessibility.Public
               || (candidate.DeclaredAccessibility == Accessibility.Public && candidate.ContainingAssembly.Identity.Version > best.ContainingAssembly.Identity.Version)
                ? candidate
                : best;

        private static INamedTypeSymbol? Result(INamedTypeSymbol? best, int count)
            => best is { DeclaredAccessibility: not Accessibility.Public } && count > 1 ? null : best;
    }

    /// <summary>The version of the referenced assembly with this simple name, or null when it is not referenced.</summary>
    public static Version? GetReferencedAssemblyVersion(this Compilation compilation, string assemblyName)
    {
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (string.Equals(identity.Name, assemblyName, StringComparison.OrdinalIgnoreCase))
            {
                return identity.Version;
            }
        }

        return null;
    }
}
