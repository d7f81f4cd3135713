using System.Collections.Generic;
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
    /// of the enclosing functions first, innermost first, then a field or property of the enclosing types usable from
    /// that context, then <c>x.Configuration</c> of a local or parameter (<c>builder.Configuration</c>,
    /// <c>context.Configuration</c>). An <c>IConfigurationSection</c> (<c>var jwt = config.GetSection("Jwt")</c>) is
    /// never used: the runtime reads full paths such as <c>Jwt:SigningKey</c>, which a section would turn into
    /// <c>Jwt:Jwt:SigningKey</c>. Walks the enclosing syntax and asks the semantic model only about the declarations it
    /// meets (never <c>LookupSymbols</c>, which lists every type in scope): cheap enough for the light bulb.
    /// </summary>
    public static ExpressionSyntax? Find(SemanticModel semanticModel, int position, CancellationToken cancellationToken)
    {
        var compilation = semanticModel.Compilation;
        var configurationType = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
        if (configurationType is null)
        {
            return null;
        }

        var sectionType = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.IConfigurationSection");
        var token = semanticModel.SyntaxTree.GetRoot(cancellationToken).FindToken(position);
        var isStaticContext = IsStaticContext(semanticModel, position, cancellationToken);
        ExpressionSyntax? viaProperty = null;

        bool IsRoot(ITypeSymbol? type) => type is not null && Is(type, configurationType) && (sectionType is null || !Is(type, sectionType));

        ExpressionSyntax? Consider(ISymbol? symbol, ITypeSymbol? type)
        {
            if (symbol is null || type is null)
            {
                return null;
            }

            if (IsRoot(type))
            {
                return SyntaxFactory.IdentifierName(symbol.Name);
            }

            if (viaProperty is null
                && type.GetMembers("Configuration").OfType<IPropertySymbol>().FirstOrDefault() is { GetMethod: not null, IsStatic: false } configuration
                && IsRoot(configuration.Type))
            {
                // builder.Configuration (WebApplicationBuilder), context.Configuration (HostBuilderContext), app.Configuration.
                viaProperty = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(symbol.Name), SyntaxFactory.IdentifierName("Configuration"));
            }

            return null;
        }

        // Locals and parameters, innermost scope first.
        foreach (var node in token.Parent?.AncestorsAndSelf() ?? Enumerable.Empty<SyntaxNode>())
        {
            IEnumerable<ParameterSyntax> parameters = node switch
            {
                ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList.Parameters,
                SimpleLambdaExpressionSyntax simple => new[] { simple.Parameter },
                AnonymousMethodExpressionSyntax { ParameterList: { } anonymous } => anonymous.Parameters,
                LocalFunctionStatementSyntax local => local.ParameterList.Parameters,
                BaseMethodDeclarationSyntax method => method.ParameterList.Parameters,
                TypeDeclarationSyntax { ParameterList: { } primary } => primary.Parameters,
                _ => Enumerable.Empty<ParameterSyntax>(),
            };
            foreach (var parameter in parameters)
            {
                var symbol = semanticModel.GetDeclaredSymbol(parameter, cancellationToken);
                if (Consider(symbol, symbol?.Type) is { } found)
                {
                    return found;
                }
            }

            IEnumerable<SyntaxNode> statements = node switch
            {
                BlockSyntax block => block.Statements,
                SwitchSectionSyntax section => section.Statements,
                CompilationUnitSyntax unit => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
                _ => Enumerable.Empty<SyntaxNode>(),
            };
            foreach (var statement in statements.Reverse())
            {
                if (statement.SpanStart >= position || statement is not LocalDeclarationStatementSyntax declaration)
                {
                    continue;
                }

                foreach (var variable in declaration.Declaration.Variables)
                {
                    if (variable.Span.End <= position && semanticModel.GetDeclaredSymbol(variable, cancellationToken) is ILocalSymbol local
                        && Consider(local, local.Type) is { } found)
                    {
                        return found;
                    }
                }
            }

            if (node is BaseTypeDeclarationSyntax)
            {
                // Top-level statements are not in scope inside a type: its fields and properties come next (below).
                break;
            }
        }

        // Fields and properties of the enclosing types (and their bases), usable from this context.
        for (var type = semanticModel.GetEnclosingSymbol(position, cancellationToken)?.ContainingType; type is not null; type = type.ContainingType)
        {
            for (var current = (ITypeSymbol?)type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    var memberType = member switch
                    {
                        IFieldSymbol { IsImplicitlyDeclared: false } f when f.IsStatic || !isStaticContext => f.Type,
                        IPropertySymbol { IsIndexer: false, GetMethod: not null } p when p.IsStatic || !isStaticContext => p.Type,
                        _ => null,
                    };
                    if (memberType is not null && IsRoot(memberType) && semanticModel.IsAccessible(position, member))
                    {
                        return SyntaxFactory.IdentifierName(member.Name);
                    }
                }
            }
        }

        return viaProperty;
    }

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

    private static bool Is(ITypeSymbol type, INamedTypeSymbol expected)
        => SymbolEqualityComparer.Default.Equals(type, expected)
           || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, expected));
}
