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
    /// only when its namespace exists: the compilation's merged namespace tree answers "is any IdentityModel / Jwt.Net /
    /// jose-jwt / Blazored assembly referenced at all" in a few dictionary lookups, where a name lookup searches every
    /// referenced assembly. Without the library, its lookups cost nothing; the answer is the same (no namespace, no type).
    /// </summary>
    private sealed class TypeCache
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, bool> _namespaces = new(StringComparer.Ordinal);

        public TypeCache(Compilation compilation)
        {
            _compilation = compilation;
        }

        public INamedTypeSymbol? Get(string metadataName)
        {
            if (_types.TryGetValue(metadataName, out var type))
            {
                return type;
            }

            return _types.GetOrAdd(metadataName, NamespaceExists(metadataName) ? Search(_compilation, metadataName) : null);
        }

        private bool NamespaceExists(string metadataName)
        {
            var nested = metadataName.IndexOf('+');
            var end = metadataName.LastIndexOf('.', nested < 0 ? metadataName.Length - 1 : nested);
            if (end <= 0)
            {
                return true;
            }

            var name = metadataName.Substring(0, end);
            if (_namespaces.TryGetValue(name, out var exists))
            {
                return exists;
            }

            INamespaceSymbol? current = _compilation.GlobalNamespace;
            foreach (var part in name.Split('.'))
            {
                INamespaceSymbol? next = null;
                foreach (var member in current.GetMembers(part))
                {
                    if (member is INamespaceSymbol found)
                    {
                        next = found;
                        break;
                    }
                }

                if (next is null)
                {
                    current = null;
                    break;
                }

                current = next;
            }

            return _namespaces.GetOrAdd(name, current is not null);
        }
    }

    private static INamedTypeSymbol? Search(Compilation compilation, string metadataName)
    {
        var candidates = compilation.GetTypesByMetadataName(metadataName);
        if (candidates.Length == 0)
        {
            return null;
        }

        if (candidates.Length == 1)
        {
            return candidates[0];
        }

        INamedTypeSymbol? best = null;
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (candidate.DeclaredAccessibility != Accessibility.Public)
            {
                continue;
            }

            if (best is null || candidate.ContainingAssembly.Identity.Version > best.ContainingAssembly.Identity.Version)
            {
                best = candidate;
            }
        }

        return best;
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
