using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// "Use hardened validation parameters": rewrites a whole <c>new TokenValidationParameters { ... }</c> that one of the
/// token-validation rules flagged into <c>JwtAnalyzers.Runtime.StrictTokenValidation.Create(...)</c>, carrying over the
/// issuers, audiences, keys, algorithms, types and a small clock skew, and dropping the flags and bypassing delegates.
/// Offered only when the runtime library is referenced, and only when nothing would be lost: an initializer that sets
/// any other property (a claim type, a custom validator that really validates) is left to the in-place fixes. When the
/// code lacks an issuer, an audience or a key, the rewrite reads them from an <c>IConfiguration</c> in scope
/// (<c>Jwt:Issuer</c>, <c>Jwt:Audience</c>, <c>Jwt:SigningKey</c>); with no configuration in scope it is not offered,
/// because a fix never invents a value.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseHardenedValidationParametersCodeFix))]
[Shared]
public sealed class UseHardenedValidationParametersCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "UseHardenedValidationParameters";

    private static readonly ImmutableHashSet<string> Flags = ImmutableHashSet.Create(
        "ValidateIssuer", "ValidateAudience", "ValidateLifetime", "RequireExpirationTime", "RequireSignedTokens",
        "RequireAudience", "ValidateIssuerSigningKey");

    private static readonly ImmutableHashSet<string> AlwaysTrueDelegates = ImmutableHashSet.Create(
        "LifetimeValidator", "AudienceValidator", "IssuerSigningKeyValidator", "IssuerSigningKeyValidatorUsingConfiguration");

    private static readonly ImmutableHashSet<string> EchoDelegates = ImmutableHashSet.Create("IssuerValidator", "IssuerValidatorUsingConfiguration");

    /// <summary>Delegates the analyzers flag with a finer check: dropped only when a diagnostic is on them.</summary>
    private static readonly ImmutableHashSet<string> FlaggedOnlyDelegates = ImmutableHashSet.Create(
        "SignatureValidator", "SignatureValidatorUsingConfiguration", "IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration");

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(
        RuleIdentifiers.DoNotDisableSignatureValidation,
        RuleIdentifiers.DoNotDisableLifetimeValidation,
        RuleIdentifiers.DoNotDisableAudienceValidation,
        RuleIdentifiers.DoNotDisableIssuerValidation,
        RuleIdentifiers.DoNotBypassSigningKeyValidation,
        RuleIdentifiers.KeepClockSkewSmall);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindCreation(root, diagnostic) is not { } creation
                || Plan(creation, semanticModel, new[] { diagnostic }, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use hardened validation parameters (JwtAnalyzers.Runtime)",
                    ct => RewriteAsync(context.Document, new[] { diagnostic }, ct),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => await RewriteAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false);

    private static async Task<Document> RewriteAsync(Document document, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var groups = diagnostics
            .Select(d => (Diagnostic: d, Creation: FindCreation(root, d)))
            .Where(x => x.Creation is not null)
            .GroupBy(x => x.Creation!);
        var changed = false;
        foreach (var group in groups)
        {
            var creation = group.Key;
            if (Plan(creation, editor.SemanticModel, group.Select(g => g.Diagnostic).ToList(), cancellationToken) is not { } replacement)
            {
                continue;
            }

            editor.ReplaceNode(creation, replacement.WithTriviaFrom(creation));
            changed = true;
        }

        if (!changed)
        {
            return document;
        }

        var result = editor.GetChangedDocument();
        return await ImportAdder.AddImportsAsync(result, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static BaseObjectCreationExpressionSyntax? FindCreation(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Parent: InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
            ? creation
            : null;
    }

    /// <summary>The replacement expression, or null when the rewrite would lose something or invent a value.</summary>
    private static ExpressionSyntax? Plan(BaseObjectCreationExpressionSyntax creation, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var compilation = semanticModel.Compilation;
        var runtime = compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.StrictTokenValidation");
        var parametersType = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
        var timeSpanType = compilation.GetBestTypeByMetadataName("System.TimeSpan");
        if (runtime is null || parametersType is null || timeSpanType is null
            || creation.ArgumentList is { Arguments.Count: > 0 }
            || creation.Initializer is not { } initializer
            || !SymbolEqualityComparer.Default.Equals(semanticModel.GetTypeInfo(creation, cancellationToken).Type, parametersType))
        {
            return null;
        }

        var flaggedSpans = diagnostics.Select(d => d.Location.SourceSpan).ToList();
        var lambda = FreeName(semanticModel, creation.SpanStart, "options");
        var statements = new List<string>();
        bool hasIssuer = false, hasAudience = false, hasKey = false;

        foreach (var expression in initializer.Expressions)
        {
            if (expression is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
            {
                return null;
            }

            var member = name.Identifier.ValueText;
            var value = assignment.Right;
            switch (member)
            {
                case "ValidIssuer":
                    statements.Add($"{lambda}.ValidIssuers.Add({value});");
                    hasIssuer = true;
                    break;
                case "ValidIssuers":
                    statements.AddRange(AddAll(lambda, "ValidIssuers", value, "issuer"));
                    hasIssuer = true;
                    break;
                case "ValidAudience":
                    statements.Add($"{lambda}.ValidAudiences.Add({value});");
                    hasAudience = true;
                    break;
                case "ValidAudiences":
                    statements.AddRange(AddAll(lambda, "ValidAudiences", value, "audience"));
                    hasAudience = true;
                    break;
                case "IssuerSigningKey":
                    statements.Add($"{lambda}.SigningKeys.Add({value});");
                    hasKey = true;
                    break;
                case "IssuerSigningKeys":
                    statements.AddRange(AddAll(lambda, "SigningKeys", value, "key"));
                    hasKey = true;
                    break;
                case "ValidAlgorithms":
                    statements.AddRange(AddAll(lambda, "ValidAlgorithms", value, "algorithm"));
                    break;
                case "ValidTypes":
                    statements.AddRange(AddAll(lambda, "ValidTypes", value, "type"));
                    break;
                case "ClockSkew":
                    // Keep a skew the runtime accepts (at most five minutes); drop a larger one (JWT009).
                    if (semanticModel.GetOperation(value, cancellationToken) is { } skew
                        && ConstantEvaluator.TryGetMinimumTimeSpan(skew, timeSpanType) is { } span
                        && span <= System.TimeSpan.FromMinutes(5) && span >= System.TimeSpan.Zero)
                    {
                        statements.Add($"{lambda}.ClockSkew = {value};");
                    }

                    break;
                case var flag when Flags.Contains(flag):
                    break;
                case var d when AlwaysTrueDelegates.Contains(d):
                    if (!IsFlagged(assignment) && !IsBypass(value, v => DelegateAnalysis.AlwaysReturnsTrue(v)))
                    {
                        return null;
                    }

                    break;
                case var d when EchoDelegates.Contains(d):
                    if (!IsFlagged(assignment) && !IsBypass(value, v => DelegateAnalysis.AlwaysReturnsParameterOrConstant(v, 0)))
                    {
                        return null;
                    }

                    break;
                case var d when FlaggedOnlyDelegates.Contains(d):
                    if (!IsFlagged(assignment))
                    {
                        return null;
                    }

                    break;
                default:
                    // NameClaimType, RoleClaimType, a real validator...: the strict options have no place for it.
                    return null;
            }
        }

        var configuration = hasIssuer && hasAudience && hasKey ? null : ConfigurationInScope.Find(semanticModel, creation.SpanStart, cancellationToken)?.ToString();
        if (!(hasIssuer && hasAudience && hasKey) && configuration is null)
        {
            return null;
        }

        var text = new StringBuilder("global::JwtAnalyzers.Runtime.StrictTokenValidation.Create(");
        if (configuration is not null)
        {
            text.Append(configuration);
            if (statements.Count > 0)
            {
                text.Append(", \"Jwt\", ");
            }
        }

        if (statements.Count > 0)
        {
            // Lay the lambda out like the surrounding code: braces at the indentation of the line that holds the
            // creation, statements one level deeper.
            var indentation = LineIndentation(creation);
            var newLine = creation.SyntaxTree.GetText(cancellationToken).ToString().Contains("\r\n") ? "\r\n" : "\n";
            text.Append(lambda).Append(" =>").Append(newLine).Append(indentation).Append('{').Append(newLine);
            foreach (var statement in statements)
            {
                text.Append(indentation).Append("    ").Append(statement).Append(newLine);
            }

            text.Append(indentation).Append('}');
        }

        text.Append(')');

        var expressionSyntax = SyntaxFactory.ParseExpression(text.ToString());
        var typeName = expressionSyntax.DescendantNodes().OfType<AliasQualifiedNameSyntax>().First();
        var qualified = (ExpressionSyntax)typeName.Parent!.Parent!; // global::JwtAnalyzers.Runtime.StrictTokenValidation
        expressionSyntax = expressionSyntax.ReplaceNode(qualified, qualified.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        return expressionSyntax;

        bool IsBypass(ExpressionSyntax value, System.Func<IOperation, bool> test)
            => semanticModel.GetOperation(value, cancellationToken) is { } operation && test(operation);

        bool IsFlagged(AssignmentExpressionSyntax assignment) => flaggedSpans.Any(s => assignment.Span.Contains(s) || s.Contains(assignment.Span));
    }

    private static string LineIndentation(SyntaxNode node)
    {
        var text = node.SyntaxTree.GetText();
        var line = text.Lines.GetLineFromPosition(node.SpanStart).ToString();
        return line.Substring(0, line.Length - line.TrimStart().Length);
    }

    /// <summary><c>o.X.Add(a); o.X.Add(b);</c> for an array or collection literal; a <c>foreach</c> otherwise.</summary>
    private static IEnumerable<string> AddAll(string lambda, string list, ExpressionSyntax value, string element)
    {
        IEnumerable<ExpressionSyntax>? elements = value switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions,
            ArrayCreationExpressionSyntax { Initializer: { } arrayInitializer } => arrayInitializer.Expressions,
            ObjectCreationExpressionSyntax { Initializer: { } collectionInitializer, ArgumentList: null or { Arguments.Count: 0 } }
                when collectionInitializer.IsKind(SyntaxKind.CollectionInitializerExpression) => collectionInitializer.Expressions,
            CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax)
                => collection.Elements.Cast<ExpressionElementSyntax>().Select(e => e.Expression),
            _ => null,
        };
        if (elements is not null)
        {
            return elements.Select(e => $"{lambda}.{list}.Add({e});").ToList();
        }

        return new[] { $"foreach (var {element} in {value}) {lambda}.{list}.Add({element});" };
    }

    private static string FreeName(SemanticModel semanticModel, int position, string preferred)
    {
        foreach (var candidate in new[] { preferred, "strict", "strictOptions", "jwtOptions" })
        {
            if (semanticModel.LookupSymbols(position, name: candidate).IsEmpty)
            {
                return candidate;
            }
        }

        return "strictJwtOptions";
    }
}
