using System;
using System.Collections.Concurrent;
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
    /// Every name looked up at most once per compilation (several rules and symbol groups ask for the same types), and
    /// only in the assemblies that declare a type of that simple name. <c>Compilation.GetTypesByMetadataName</c> binds
    /// its way through every referenced assembly's namespaces (300 assemblies in an ASP.NET Core app) for every name;
    /// here each assembly first answers from its set of type identifiers (<see cref="IAssemblySymbol.TypeNames"/>, a
    /// hash set the metadata reader builds once per assembly and the compiler shares between compilations), so a
    /// library that is not referenced costs a few hundred hash lookups and no symbol is created.
    /// </summary>
    private sealed class TypeCache
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);
        private readonly Lazy<IAssemblySymbol[]> _assemblies;

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
        }

        public INamedTypeSymbol? Get(string metadataName)
        {
            if (_types.TryGetValue(metadataName, out var type))
            {
                return type;
            }

            return _types.GetOrAdd(metadataName, Search(metadataName));
        }

        /// <summary><c>C</c> for <c>N.M.C</c>, <c>N.A+C</c> and <c>N.C`1</c>: the identifier <see cref="IAssemblySymbol.TypeNames"/> holds.</summary>
        private static string SimpleName(string metadataName)
        {
            var start = Math.Max(metadataName.LastIndexOf('.'), metadataName.LastIndexOf('+')) + 1;
            var arity = metadataName.IndexOf('`', start);
            return arity < 0 ? metadataName.Substring(start) : metadataName.Substring(start, arity - start);
        }

        private INamedTypeSymbol? Search(string metadataName)
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

                // The compilation's own type wins (a test or a project that declares the type itself).
                if (i == 0)
                {
                    return candidate;
                }

                count++;
                if (count == 1)
                {
                    best = candidate;
                    continue;
                }

                // Several assemblies define it: the public one from the assembly with the highest version.
                if (best!.DeclaredAccessibility != Accessibility.Public
                    || (candidate.DeclaredAccessibility == Accessibility.Public && candidate.ContainingAssembly.Identity.Version > best.ContainingAssembly.Identity.Version))
                {
                    best = candidate;
                }
            }

            return best is { DeclaredAccessibility: not Accessibility.Public } && count > 1 ? null : best;
        }
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
