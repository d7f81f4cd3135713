using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// JWT007/JWT008: moves a hard-coded key out of the code. The key expression becomes
/// <c>SigningKeys.LoadHmacKey(configuration, "Jwt:SigningKey")</c> when an <c>IConfiguration</c> is in scope (a
/// parameter, local, field or property, or <c>builder.Configuration</c>), else <c>SigningKeys.FromEnvironment("JWT_SIGNING_KEY")</c>;
/// <c>new SymmetricSecurityKey(literal)</c> is replaced as a whole, a Jwt.Net / jose-jwt key argument becomes the loaded
/// key's bytes (<c>.Key</c>). Offered only when JwtAnalyzers.Runtime is referenced and the result compiles; the title
/// says which configuration key or variable to set.
/// </summary>
public abstract class SigningKeyCodeFixProvider : CodeFixProvider
{
    private const string SigningKeysTypeName = "JwtAnalyzers.Runtime.SigningKeys";

    /// <summary>The analyzer's <c>SigningKeySinkKind.SymmetricSecurityKey</c>, as written in the diagnostic properties.</summary>
    private const string SymmetricSecurityKeySink = "SymmetricSecurityKey";

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        var signingKeys = semanticModel.Compilation.GetBestTypeByMetadataName(SigningKeysTypeName);
        if (signingKeys is null
            || signingKeys.GetMembers("LoadHmacKey").IsEmpty
            || signingKeys.GetMembers("FromEnvironment").IsEmpty)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind)
                || kind != DiagnosticPropertyKeys.FixKindLoadSigningKey
                || !diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.ConfigurationKey, out var configurationKey)
                || !diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.EnvironmentVariable, out var variable)
                || configurationKey is null
                || variable is null
                || diagnostic.Location.SourceTree != semanticModel.SyntaxTree)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var keyExpression = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
            if (keyExpression is null)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.SinkKind, out var sinkKind);
            diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.HmacAlgorithm, out var algorithm);
            var target = GetTarget(keyExpression, sinkKind, out var useKeyBytes);
            if (target is null)
            {
                continue;
            }

            var configuration = ConfigurationInScope.Find(semanticModel, target.SpanStart, context.CancellationToken);
            var replacement = CreateReplacement(context.Document, semanticModel.Compilation, signingKeys, configuration, configurationKey, variable, algorithm, useKeyBytes);
            if (replacement is null || !await CompilesAsync(context.Document, root, target, replacement, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var title = configuration is not null
                ? $"Load the signing key from configuration '{configurationKey}' (set it with: dotnet user-secrets set \"{configurationKey}\" <base64 of 64 random bytes>)"
                : $"Load the signing key from environment variable '{variable}' (set it to the base64 of 64 random bytes)";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, target, replacement, ct), diagnostic.Id + ".LoadSigningKey"),
                diagnostic);
        }
    }

    /// <summary>The whole <c>new SymmetricSecurityKey(x)</c>, or the key argument itself.</summary>
    private static ExpressionSyntax? GetTarget(ExpressionSyntax keyExpression, string? sinkKind, out bool useKeyBytes)
    {
        useKeyBytes = false;
        if (sinkKind == SymmetricSecurityKeySink)
        {
            if (keyExpression.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: BaseObjectCreationExpressionSyntax { Initializer: null } creation } })
            {
                return creation;
            }

            return null;
        }

        useKeyBytes = true;
        return keyExpression.Parent is ArgumentSyntax ? keyExpression : null;
    }

    private static ExpressionSyntax? CreateReplacement(Document document, Compilation compilation, INamedTypeSymbol signingKeys, ExpressionSyntax? configuration, string configurationKey, string variable, string? algorithm, bool useKeyBytes)
    {
        var generator = SyntaxGenerator.GetGenerator(document);
        var type = (ExpressionSyntax)generator.TypeExpression(signingKeys).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);

        var arguments = ImmutableArray.CreateBuilder<ArgumentSyntax>();
        if (configuration is not null)
        {
            arguments.Add(SyntaxFactory.Argument(configuration));
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(configurationKey))));
        }
        else
        {
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(variable))));
        }

        if (algorithm is not null)
        {
            var securityAlgorithms = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityAlgorithms");
            if (securityAlgorithms is null || securityAlgorithms.GetMembers(algorithm).IsEmpty)
            {
                return null;
            }

            var algorithmType = (ExpressionSyntax)generator.TypeExpression(securityAlgorithms).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, algorithmType, SyntaxFactory.IdentifierName(algorithm))));
        }

        ExpressionSyntax call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName(configuration is not null ? "LoadHmacKey" : "FromEnvironment")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.ToImmutable())));
        if (useKeyBytes)
        {
            call = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call, SyntaxFactory.IdentifierName("Key"));
        }

        return call.WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Never offer a fix that does not compile (a string-only overload, a params array of strings...).</summary>
    private static async Task<bool> CompilesAsync(Document document, SyntaxNode root, ExpressionSyntax target, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var annotation = new SyntaxAnnotation();
        var newRoot = root.ReplaceNode(target, replacement.WithTriviaFrom(target).WithAdditionalAnnotations(annotation));
        var newDocument = document.WithSyntaxRoot(newRoot);
        var newModel = await newDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var newNode = newRoot.GetAnnotatedNodes(annotation).FirstOrDefault();
        if (newModel is null || newNode is null)
        {
            return false;
        }

        // The enclosing statement (or member) is where overload resolution and conversions can fail.
        var scope = newNode.FirstAncestorOrSelf<StatementSyntax>() ?? newNode.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? newNode;
        return !newModel.GetDiagnostics(scope.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax target, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var unused = FindDeclarationsLeftUnused(editor.SemanticModel, editor.OriginalRoot, target, cancellationToken);
        editor.ReplaceNode(target, replacement.WithTriviaFrom(target));
        foreach (var declaration in unused)
        {
            editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia);
        }

        return editor.GetChangedDocument();
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
