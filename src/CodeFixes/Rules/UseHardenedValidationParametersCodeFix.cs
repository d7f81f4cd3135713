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
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// "Use hardened validation parameters" (<c>JWTnnn.UseHardenedValidation</c>): rewrites a whole
/// <c>new TokenValidationParameters { ... }</c> that one of the token-validation rules flagged into
/// <c>JwtAnalyzers.Runtime.StrictTokenValidation.Create(...)</c>, carrying over the issuers, audiences, keys, algorithms,
/// types and a small clock skew, and dropping the flags and bypassing delegates. Offered only when the runtime library
/// is referenced and nothing would be lost: an initializer that sets any other property (a claim type, a custom
/// validator that really validates) is left to the in-place fixes, and so are options whose <c>Authority</c> supplies
/// issuer and keys from metadata (the strict parameters would ask for them). When the code lacks an issuer, an
/// audience or a key, the rewrite reads them from an <c>IConfiguration</c> in scope (<c>Jwt:Issuer</c>,
/// <c>Jwt:Audience</c>, <c>Jwt:SigningKey</c>); with none in scope it is not offered (a fix never invents a value).
/// <para>
/// Validation at start-up: inside an <c>AddJwtBearer</c> (or any options) callback, which ASP.NET Core runs lazily on
/// the first request, the parameters are built in a local declared before the registration statement, so a missing
/// or weak value stops the application at start-up listing every problem at once, as <c>AddStrictJwtBearer</c> does.
/// The key is registered once (a key the code loads from the same configuration is left to the configuration read),
/// and only the algorithm in use is pinned (the one the key is loaded for, or the configured <c>Jwt:Algorithm</c>,
/// HS256 by default), not every HMAC size the key would allow.
/// </para>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseHardenedValidationParametersCodeFix))]
[Shared]
public sealed class UseHardenedValidationParametersCodeFix : JwtCodeFixProvider
{
    /// <summary>The equivalence key for JWT003; the other rules use <c>JWTnnn.UseHardenedValidation</c>.</summary>
    public const string EquivalenceKey = "JWT003.UseHardenedValidation";

    private const string HoistedName = "tokenValidationParameters";

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

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        // JWT006 on IssuerSigningKey(s): the key itself comes from the token's header, and the rewrite would carry it over.
        if (candidate.Diagnostic.Id == RuleIdentifiers.DoNotBypassSigningKeyValidation
            && candidate.Property(DiagnosticPropertyKeys.MemberName) is "IssuerSigningKey" or "IssuerSigningKeys")
        {
            return;
        }

        if (FindCreation(candidate.Root, candidate.Diagnostic) is not { } creation)
        {
            return;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (OptionsInView.SetsAuthority(creation, model, cancellationToken))
        {
            return;
        }

        if (Plan(creation, model, new[] { candidate.Diagnostic }, cancellationToken) is not { } plan)
        {
            return;
        }

        offers.Add(JwtFixKind.UseHardenedValidation, plan.Hoist is not null
            ? "Use hardened validation parameters, checked at start-up (JwtAnalyzers.Runtime)"
            : "Use hardened validation parameters (JwtAnalyzers.Runtime)");
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        if (FindCreation(candidate.Root, candidate.Diagnostic) is not { } creation || !session.FirstTime(creation))
        {
            return Task.CompletedTask;
        }

        // Every finding on the same object: their delegates are dropped together.
        var all = session.DocumentDiagnostics.Where(d => FindCreation(candidate.Root, d) == creation).Append(candidate.Diagnostic).Distinct().ToList();
        if (Plan(creation, session.SemanticModel, all, session.CancellationToken) is not { } plan)
        {
            return Task.CompletedTask;
        }

        var editor = session.Editor;
        if (plan.Hoist is { } anchor)
        {
            var name = HoistedName;
            for (var i = 2; !session.FirstTime((anchor, name)); i++)
            {
                name = HoistedName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            // Laid out by hand (no formatter pass) so the lambda keeps the indentation of the line it starts on.
            var anchorStatement = anchor is GlobalStatementSyntax g ? g.Statement : (StatementSyntax)anchor;
            var indentation = anchorStatement.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var endOfLine = candidate.Root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var declaration = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var").WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name).WithTrailingTrivia(SyntaxFactory.Space))
                        .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space), plan.Replacement)))))
                .WithLeadingTrivia(indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList())
                .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed);
            editor.InsertBefore(anchor, anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(declaration) : declaration);
            editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(name).WithTriviaFrom(creation));
        }
        else
        {
            editor.ReplaceNode(creation, plan.Replacement.WithTriviaFrom(creation));
        }

        return Task.CompletedTask;
    }

    private static BaseObjectCreationExpressionSyntax? FindCreation(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Parent: InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
            ? creation
            : null;
    }

    private sealed class Rewrite
    {
        public Rewrite(ExpressionSyntax replacement, SyntaxNode? hoist)
        {
            Replacement = replacement;
            Hoist = hoist;
        }

        public ExpressionSyntax Replacement { get; }

        /// <summary>The statement before which the parameters are built (the registration), or null to replace in place.</summary>
        public SyntaxNode? Hoist { get; }
    }

    /// <summary>The replacement expression, or null when the rewrite would lose something or invent a value.</summary>
    private static Rewrite? Plan(BaseObjectCreationExpressionSyntax creation, SemanticModel semanticModel, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
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
        bool hasIssuer = false, hasAudience = false, hasKey = false, algorithmsPinned = false, keyFromConfiguration = false;
        string? keyAlgorithm = null;
        var keyStatement = -1;

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
                    statements.Add($"{lambda}.ValidIssuers.Add({NotNull(value)});");
                    hasIssuer = true;
                    break;
                case "ValidIssuers":
                    statements.AddRange(AddAll(lambda, "ValidIssuers", value, "issuer"));
                    hasIssuer = true;
                    break;
                case "ValidAudience":
                    statements.Add($"{lambda}.ValidAudiences.Add({NotNull(value)});");
                    hasAudience = true;
                    break;
                case "ValidAudiences":
                    statements.AddRange(AddAll(lambda, "ValidAudiences", value, "audience"));
                    hasAudience = true;
                    break;
                case "IssuerSigningKey":
                    keyStatement = statements.Count;
                    statements.Add($"{lambda}.SigningKeys.Add({value});");
                    hasKey = true;
                    (keyAlgorithm, keyFromConfiguration) = SymmetricKey(value, semanticModel, cancellationToken);
                    break;
                case "IssuerSigningKeys":
                    statements.AddRange(AddAll(lambda, "SigningKeys", value, "key"));
                    hasKey = true;
                    break;
                case "ValidAlgorithms":
                    statements.AddRange(AddAll(lambda, "ValidAlgorithms", value, "algorithm"));
                    algorithmsPinned = true;
                    break;
                case "ValidTypes":
                    statements.AddRange(AddAll(lambda, "ValidTypes", value, "type"));
                    break;
                case "ClockSkew":
                    // Keep a skew the runtime accepts (at most five minutes); drop a larger one (JWT009).
                    if (semanticModel.GetOperation(value, cancellationToken) is { } skew
                        && ValueFlow.For(skew) is { } flow
                        && ConstantValues.MaximumTimeSpan(flow, skew, timeSpanType) is { } span
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

        // Inside a callback (AddJwtBearer(o => ...)), which runs lazily on the first request: build the parameters
        // before the registration statement so that a missing value stops the application at start-up.
        SyntaxNode? hoist = null;
        if (creation.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>() is { } callback)
        {
            hoist = callback.Ancestors().OfType<StatementSyntax>().FirstOrDefault(st => st.Parent is BlockSyntax or GlobalStatementSyntax);
            if (hoist is null || UsesCallbackLocals(creation, callback, semanticModel, cancellationToken))
            {
                return null;
            }

            if (hoist.Parent is GlobalStatementSyntax global)
            {
                hoist = global;
            }
        }

        var position = hoist?.SpanStart ?? creation.SpanStart;
        var configuration = hasIssuer && hasAudience && hasKey ? null : ConfigurationInScope.Find(semanticModel, position, cancellationToken)?.ToString();
        if (!(hasIssuer && hasAudience && hasKey) && configuration is null)
        {
            return null;
        }

        // Register the key once: a key the code loads from the section the configuration read covers is read there.
        if (configuration is not null && keyFromConfiguration && keyStatement >= 0)
        {
            statements.RemoveAt(keyStatement);
            hasKey = false;
        }

        // Pin the algorithm in use, not every HMAC size the key would allow.
        if (!algorithmsPinned)
        {
            if (keyAlgorithm is not null)
            {
                statements.Add($"{lambda}.ValidAlgorithms.Add(global::Microsoft.IdentityModel.Tokens.SecurityAlgorithms.{keyAlgorithm});");
            }
            else if (configuration is not null && !hasKey)
            {
                statements.Add($"{lambda}.ValidAlgorithms.Add({configuration}[\"{RuntimeSyntax.Section}:Algorithm\"] ?? global::Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256);");
            }
        }

        var text = new StringBuilder("global::" + RuntimeSyntax.StrictTokenValidation + ".Create(");
        if (configuration is not null)
        {
            text.Append(configuration);
            if (statements.Count > 0)
            {
                text.Append(", \"").Append(RuntimeSyntax.Section).Append("\", ");
            }
        }

        if (statements.Count > 0)
        {
            // Lay the lambda out like the surrounding code: braces at the indentation of the line that holds the
            // creation (or the declaration that receives it), statements one level deeper.
            var indentation = LineIndentation(hoist ?? creation);
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
        expressionSyntax = expressionSyntax.ReplaceNodes(
            expressionSyntax.DescendantNodes().OfType<MemberAccessExpressionSyntax>().Where(m => m.ToString() is var t && (t == "global::" + RuntimeSyntax.StrictTokenValidation || t == "global::Microsoft.IdentityModel.Tokens.SecurityAlgorithms")),
            (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        return new Rewrite(expressionSyntax, hoist);

        // configuration["Jwt:Issuer"] is a string?: the strict options take strings, and report a missing value at
        // start-up themselves, so the value is passed on as it is, without a nullable warning.
        string NotNull(ExpressionSyntax value)
            => semanticModel.GetTypeInfo(value, cancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull
                ? value.WithoutTrivia() + "!"
                : value.ToString();

        bool IsBypass(ExpressionSyntax value, System.Func<IOperation, bool> test)
            => semanticModel.GetOperation(value, cancellationToken) is { } operation && test(operation);

        bool IsFlagged(AssignmentExpressionSyntax assignment) => flaggedSpans.Any(s => assignment.Span.Contains(s) || s.Contains(assignment.Span));
    }

    /// <summary>The initializer reads a parameter or local of the callback (<c>o.Authority</c>): it cannot be built before it.</summary>
    private static bool UsesCallbackLocals(SyntaxNode creation, SyntaxNode callback, SemanticModel model, CancellationToken cancellationToken)
        => creation.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i =>
            model.GetSymbolInfo(i, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
            && model.GetSymbolInfo(i, cancellationToken).Symbol!.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == callback.SyntaxTree && callback.Span.Contains(r.Span)));

    /// <summary>
    /// For a key created in view: the HMAC algorithm it is loaded for (<c>SigningKeys.LoadHmacKey(c, p, SecurityAlgorithms.HmacSha512)</c>,
    /// HS256 when none is named, also for <c>new SymmetricSecurityKey(...)</c>), and whether it is the configured
    /// <c>Jwt:SigningKey</c> that <c>StrictTokenValidation.Create(configuration)</c> reads by itself.
    /// </summary>
    private static (string? Algorithm, bool FromConfiguration) SymmetricKey(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        var symmetric = model.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
        if (symmetric is null || !SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(value, cancellationToken).Type, symmetric))
        {
            return (null, false);
        }

        if (value is InvocationExpressionSyntax invocation && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, RuntimeSyntax.Resolve(model.Compilation, RuntimeSyntax.SigningKeys)))
        {
            var arguments = invocation.ArgumentList.Arguments;
            var algorithmArgument = method.Name switch
            {
                "LoadHmacKey" => arguments.Count > 2 ? arguments[2].Expression : null,
                _ => arguments.Count > 1 ? arguments[1].Expression : null,
            };
            var algorithm = algorithmArgument switch
            {
                null => "HmacSha256",
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } => member,
                _ => null,
            };
            var fromConfiguration = method.Name == "LoadHmacKey" && algorithmArgument is null
                && (arguments.Count == 1 || arguments[1].Expression is LiteralExpressionSyntax { Token.ValueText: RuntimeSyntax.SigningKeyPath });
            return (algorithm, fromConfiguration);
        }

        return (value is BaseObjectCreationExpressionSyntax ? "HmacSha256" : null, false);
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
