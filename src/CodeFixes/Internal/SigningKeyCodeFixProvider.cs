using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// JWT007/JWT008: moves a hard-coded key out of the code. The key expression becomes
/// <c>SigningKeys.LoadHmacKey(configuration, "Jwt:SigningKey")</c> when an <c>IConfiguration</c> is in scope (a
/// parameter, local, field or property, or <c>builder.Configuration</c>), else <c>SigningKeys.FromEnvironment("JWT_SIGNING_KEY")</c>;
/// <c>new SymmetricSecurityKey(literal)</c> is replaced as a whole, a Jwt.Net / jose-jwt key argument becomes the loaded
/// key's bytes (<c>.Key</c>). Offered only when JwtAnalyzers.Runtime is referenced and the result compiles; the title
/// says which configuration key or variable to set.
/// </summary>
public abstract class SigningKeyCodeFixProvider : JwtCodeFixProvider
{
    /// <summary>The analyzer's <c>SigningKeySinkKind.SymmetricSecurityKey</c>, as written in the diagnostic properties.</summary>
    private const string SymmetricSecurityKeySink = "SymmetricSecurityKey";

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Kind != JwtFixKind.LoadSigningKey
            || candidate.Property(DiagnosticPropertyKeys.ConfigurationKey) is not { } configurationKey
            || candidate.Property(DiagnosticPropertyKeys.EnvironmentVariable) is not { } variable
            || GetTarget(candidate, out var useKeyBytes) is not { } target)
        {
            return;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var signingKeys = RuntimeSyntax.Resolve(model.Compilation, RuntimeSyntax.SigningKeys, "LoadHmacKey");
        if (signingKeys is null || signingKeys.GetMembers("FromEnvironment").IsEmpty
            || !Fits(model, target, useKeyBytes, cancellationToken)
            || (candidate.Property(DiagnosticPropertyKeys.HmacAlgorithm) is { } algorithm
                && model.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityAlgorithms")?.GetMembers(algorithm).IsEmpty != false))
        {
            return;
        }

        var configuration = ConfigurationInScope.Find(model, target.SpanStart, cancellationToken);
        offers.Add(JwtFixKind.LoadSigningKey, configuration is not null
            ? $"Load the signing key from configuration '{configurationKey}' (set it with: dotnet user-secrets set \"{configurationKey}\" <base64 of 64 random bytes>; run 'dotnet user-secrets init' first in a new project)"
            : $"Load the signing key from environment variable '{variable}' (set it to the base64 of 64 random bytes)");
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        if (GetTarget(candidate, out var useKeyBytes) is not { } target || !session.FirstTime(target))
        {
            return Task.CompletedTask;
        }

        var model = session.SemanticModel;
        var configuration = ConfigurationInScope.Find(model, target.SpanStart, session.CancellationToken);
        ExpressionSyntax? algorithm = candidate.Property(DiagnosticPropertyKeys.HmacAlgorithm) is { } name
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.Type("Microsoft.IdentityModel.Tokens.SecurityAlgorithms"), SyntaxFactory.IdentifierName(name))
            : null;
        ExpressionSyntax call = configuration is not null
            ? RuntimeSyntax.LoadHmacKey(configuration, candidate.Property(DiagnosticPropertyKeys.ConfigurationKey)!, algorithm)
            : RuntimeSyntax.KeyFromEnvironment(candidate.Property(DiagnosticPropertyKeys.EnvironmentVariable)!, algorithm);
        if (useKeyBytes)
        {
            call = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, SyntaxFactory.IdentifierName("Key"));
        }

        var unused = FindDeclarationsLeftUnused(model, session.Editor.OriginalRoot, target, session.CancellationToken);
        session.Editor.ReplaceNode(target, call.WithTriviaFrom(target).WithAdditionalAnnotations(Formatter.Annotation));
        foreach (var declaration in unused)
        {
            if (session.FirstTime(declaration))
            {
                session.Editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The whole <c>new SymmetricSecurityKey(x)</c>, or the key argument itself.</summary>
    private static ExpressionSyntax? GetTarget(FixCandidate candidate, out bool useKeyBytes)
    {
        var keyExpression = candidate.Node as ExpressionSyntax ?? (candidate.Node as ArgumentSyntax)?.Expression;
        useKeyBytes = false;
        if (keyExpression is null)
        {
            return null;
        }

        if (candidate.Property(DiagnosticPropertyKeys.SinkKind) == SymmetricSecurityKeySink)
        {
            return keyExpression.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: BaseObjectCreationExpressionSyntax { Initializer: null } creation } }
                ? creation
                : null;
        }

        useKeyBytes = true;
        return keyExpression.Parent is ArgumentSyntax ? keyExpression : null;
    }

    /// <summary>
    /// Never offer a fix that does not compile: the loaded key (a <c>SymmetricSecurityKey</c>, or its <c>byte[]</c>)
    /// must convert to the type the code expects there (a string-only overload, a params array of strings... do not).
    /// Decided from the existing semantic model, without compiling the changed document.
    /// </summary>
    private static bool Fits(SemanticModel model, ExpressionSyntax target, bool useKeyBytes, CancellationToken cancellationToken)
    {
        var compilation = model.Compilation;
        ITypeSymbol? produced = useKeyBytes
            ? compilation.CreateArrayTypeSymbol(compilation.GetSpecialType(SpecialType.System_Byte))
            : compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
        if (produced is null)
        {
            return false;
        }

        bool Converts(ITypeSymbol? to) => ConvertsFrom(produced, to);

        bool ConvertsFrom(ITypeSymbol? from, ITypeSymbol? to) => from is not null && to is not null && to.TypeKind != TypeKind.Error && compilation.ClassifyConversion(from, to) is { IsImplicit: true, IsUserDefined: false };

        // An argument: some overload of the same method takes the loaded key at that position (WithSecret(string) and
        // WithSecret(params byte[][]), for instance), with the same number of arguments.
        if (target.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax } list } argument
            && list.Arguments.All(a => a.NameColon is null && a.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            var index = list.Arguments.IndexOf(argument);

            // Every argument fits the overload: the new key at its position, the others as they are.
            bool AcceptsAll(List<IParameterSymbol> parameters)
            {
                if (parameters.Count < list.Arguments.Count && (parameters.Count == 0 || !parameters[parameters.Count - 1].IsParams))
                {
                    return false;
                }

                if (parameters.Skip(list.Arguments.Count).Any(p => !p.IsOptional && !p.IsParams))
                {
                    return false;
                }

                for (var i = 0; i < list.Arguments.Count; i++)
                {
                    var parameter = parameters[System.Math.Min(i, parameters.Count - 1)];
                    var type = i == index ? produced : model.GetTypeInfo(list.Arguments[i].Expression, cancellationToken).Type;
                    if (type is null)
                    {
                        continue; // null, default, a lambda: left to the compiler's own choice, as it was.
                    }

                    var fits = (i < parameters.Count && ConvertsFrom(type, parameter.Type))
                               || (parameter.IsParams && parameter.Type is IArrayTypeSymbol array && ConvertsFrom(type, array.ElementType));
                    if (!fits)
                    {
                        return false;
                    }
                }

                return true;
            }

            var info = model.GetSymbolInfo(list.Parent!, cancellationToken);
            var method = (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) as IMethodSymbol;
            if (method is not null)
            {
                var overloads = method.MethodKind == MethodKind.Constructor
                    ? method.ContainingType.InstanceConstructors
                    : method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToImmutableArray();
                foreach (var overload in overloads)
                {
                    var parameters = overload.ReducedFrom is null && method.ReducedFrom is not null ? overload.Parameters.Skip(1).ToList() : overload.Parameters.ToList();
                    if (AcceptsAll(parameters))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return Converts(model.GetTypeInfo(target, cancellationToken).ConvertedType);
    }

    /// <summary>
    /// The declarations of locals and private fields/constants that held the literal and are used nowhere else
    /// (<c>const string Secret = "..."</c>, <c>var bytes = Encoding.UTF8.GetBytes(Secret)</c>), so that the fix does not
    /// leave the secret behind in dead code. Followed transitively; anything referenced elsewhere stays.
    /// </summary>
    private static List<SyntaxNode> FindDeclarationsLeftUnused(SemanticModel semanticModel, SyntaxNode root, SyntaxNode target, CancellationToken cancellationToken)
    {
        var regions = new List<SyntaxNode> { target };
        var removed = new List<SyntaxNode>();
        var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        for (var round = 0; round < 4; round++)
        {
            var found = false;
            foreach (var region in regions.ToList())
            {
                foreach (var identifier in region.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                {
                    var symbol = semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol;
                    if (symbol is null || !seen.Add(symbol) || GetRemovableDeclaration(symbol, root) is not { } declaration)
                    {
                        continue;
                    }

                    var allReferencesGoAway = root.DescendantNodes()
                        .OfType<IdentifierNameSyntax>()
                        .Where(i => i.Identifier.ValueText == symbol.Name)
                        .Where(i => SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(i, cancellationToken).Symbol, symbol))
                        .All(i => regions.Any(r => r.Span.Contains(i.Span)));
                    if (allReferencesGoAway)
                    {
                        regions.Add(declaration);
                        removed.Add(declaration);
                        found = true;
                    }
                }
            }

            if (!found)
            {
                break;
            }
        }

        return removed;
    }

    private static SyntaxNode? GetRemovableDeclaration(ISymbol symbol, SyntaxNode root)
    {
        if (symbol.DeclaringSyntaxReferences.Length != 1 || symbol.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree)
        {
            return null;
        }

        var declarator = symbol.DeclaringSyntaxReferences[0].GetSyntax() as VariableDeclaratorSyntax;
        switch (symbol)
        {
            case ILocalSymbol when declarator?.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement }:
                return statement;
            case IFieldSymbol { DeclaredAccessibility: Accessibility.Private } field
                when field.ContainingType.DeclaringSyntaxReferences.All(r => r.SyntaxTree == root.SyntaxTree)
                     && declarator?.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax fieldDeclaration }:
                return fieldDeclaration;
            default:
                return null;
        }
    }
}
