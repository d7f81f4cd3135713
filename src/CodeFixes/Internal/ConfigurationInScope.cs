using System.Linq;
using System.Threading;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>Finds the application configuration a fix can pass to the runtime library (never invents one).</summary>
internal static class ConfigurationInScope
{
    /// <summary>
    /// The root <c>IConfiguration</c> reachable at <paramref name="position"/>: a local (declared before it) or parameter
    /// first, then a field or property usable from that context, then <c>x.Configuration</c> of a local or parameter
    /// (<c>builder.Configuration</c>, <c>context.Configuration</c>). An <c>IConfigurationSection</c>
    /// (<c>var jwt = config.GetSection("Jwt")</c>) is never used: the runtime reads full paths such as
    /// <c>Jwt:SigningKey</c>, which a section would turn into <c>Jwt:Jwt:SigningKey</c>.
    /// </summary>
    public static ExpressionSyntax? Find(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
    {
        var configurationType = semanticModel.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
        if (configurationType is null)
        {
            return null;
        }

        var sectionType = semanticModel.Compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.IConfigurationSection");
        var isStaticContext = IsStaticContext(semanticModel, position, cancellationToken);
        ExpressionSyntax? local = null;
        ExpressionSyntax? member = null;
        ExpressionSyntax? viaProperty = null;
        foreach (var symbol in semanticModel.LookupSymbols(position))
        {
            var (type, isMember) = symbol switch
            {
                ILocalSymbol l when DeclaredBefore(l, position) => (l.Type, false),
                IParameterSymbol p => (p.Type, false),
                IFieldSymbol f when !f.IsImplicitlyDeclared && (f.IsStatic || !isStaticContext) => (f.Type, true),
                IPropertySymbol p when !p.IsIndexer && p.GetMethod is not null && (p.IsStatic || !isStaticContext) => (p.Type, true),
                _ => ((ITypeSymbol?)null, false),
            };
            if (type is null)
            {
                continue;
            }

            var name = SyntaxFactory.IdentifierName(symbol.Name);
            if (sectionType is not null && IsConfiguration(type, sectionType))
            {
                continue;
            }

            if (IsConfiguration(type, configurationType))
            {
                if (!isMember)
                {
                    local ??= name;
                }
                else
                {
                    member ??= name;
                }
            }
            else if (!isMember && viaProperty is null
                     && type.GetMembers("Configuration").OfType<IPropertySymbol>().FirstOrDefault() is { GetMethod: not null, IsStatic: false } configurationProperty
                     && IsConfiguration(configurationProperty.Type, configurationType)
                     && (sectionType is null || !IsConfiguration(configurationProperty.Type, sectionType)))
            {
                // builder.Configuration (WebApplicationBuilder), context.Configuration (HostBuilderContext), app.Configuration.
                viaProperty = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, name, SyntaxFactory.IdentifierName("Configuration"));
            }
        }

        return local ?? member ?? viaProperty;
    }

    private static bool DeclaredBefore(ILocalSymbol local, int position)
        => local.DeclaringSyntaxReferences.Length > 0 && local.DeclaringSyntaxReferences[0].Span.End <= position;

    private static bool IsStaticContext(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
    {
        for (var symbol = semanticModel.GetEnclosingSymbol(position, cancellationToken); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } function)
            {
                if (function.IsStatic)
                {
                    return true;
                }

                continue;
            }

            return symbol.IsStatic;
        }

        return true;
    }

    private static bool IsConfiguration(ITypeSymbol type, INamedTypeSymbol configurationType)
        => SymbolEqualityComparer.Default.Equals(type, configurationType)
           || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, configurationType));
}
