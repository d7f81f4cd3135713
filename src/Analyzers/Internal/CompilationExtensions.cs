using System;
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
