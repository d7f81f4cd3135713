using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Http;
using JwtAnalyzers.Internal.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT012: a cookie that carries a token is appended without <c>HttpOnly = true</c>, <c>Secure = true</c> and
/// <c>SameSite</c> Lax/Strict (<c>Response.Cookies.Append</c> with no options, or options built inline, in a local or
/// by a helper method in the same file); a token cookie written through JS interop (<c>document.cookie</c>, never
/// HttpOnly); a JwtBearer <c>OnMessageReceived</c> handler that takes the token from the query string, and a middleware
/// that copies <c>?access_token=</c> into the request's <c>Authorization</c> header, unless only for SignalR hubs: behind
/// a guard whose path is a hub mapped with <c>MapHub</c> (<see cref="HubPaths"/>), or in a scheme a
/// <c>ForwardDefaultSelector</c> selects only for hub paths.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProtectTokenCookiesAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>.editorconfig</c>: a regular expression that replaces the default token-name heuristic for this rule.</summary>
    public const string TokenNamePatternOption = TokenLikeness.PatternOptionName;

    /// <summary>Diagnostic property: which shape was found (<see cref="ShapeAppend"/>, <see cref="ShapeDocumentCookie"/>, <see cref="ShapeQueryString"/>).</summary>
    public const string ShapeProperty = "JwtShape";

    /// <summary>Diagnostic property: the attributes missing, comma separated (<c>HttpOnly,Secure,SameSite</c>).</summary>
    public const string MissingProperty = "JwtMissing";

    /// <summary>Diagnostic property: how the options are given: <c>None</c>, <c>Inline</c> (object creation in the call), <c>Other</c>.</summary>
    public const string OptionsProperty = "JwtOptions";

    public const string ShapeAppend = "Append";
    public const string ShapeDocumentCookie = "DocumentCookie";
    public const string ShapeQueryString = "QueryString";

    /// <summary>The request's <c>Authorization</c> header set from the query string (a middleware); no code fix.</summary>
    public const string ShapeQueryStringHeader = "QueryStringHeader";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ProtectTokenCookies,
        title: "Protect cookies that carry tokens",
        messageFormat: "'{0}' {1}",
        description: "A token cookie without HttpOnly can be read by any script (XSS), without Secure it is sent over plain HTTP, and without SameSite Lax or Strict it is sent with cross-site requests (CSRF). Tokens taken from the query string end up in server logs, browser history and Referer headers.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var symbols = KnownSymbols.Get(compilation);
            var http = symbols.Http;
            var cookieOptions = http.ResponseCookies is not null ? http.CookieOptions : null;
            var messageReceived = symbols.Authentication.MessageReceivedContext;
            var jsInterop = JsInteropWrites.Create(compilation);
            var queryTokens = messageReceived is not null && http.HttpRequest is not null;
            // Query tokens need JwtBearer (so the vocabulary gate is open); cookies and document.cookie need a token name.
            if ((cookieOptions is null && !queryTokens && jsInterop is null) || !TokenVocabulary.MayAppear(compilation, start.Options, Rule.Id))
            {
                return;
            }

            if (cookieOptions is not null || jsInterop is not null || queryTokens)
            {
                start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, http, cookieOptions, jsInterop, queryTokens), OperationKind.Invocation);
            }

            if (queryTokens)
            {
                start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols), OperationKind.SimpleAssignment);
            }
        });
    }

    private static readonly System.Collections.Generic.HashSet<string> s_candidateNames = new(
        BrowserStorageSymbols.JsInteropInvokeNames.Concat(BrowserStorageSymbols.JsInteropSetValueNames).Concat(new[] { "Append", "Add", "TryAdd" }),
        System.StringComparer.Ordinal);

    private static void AnalyzeInvocation(OperationAnalysisContext context, AspNetCoreHttpSymbols http, INamedTypeSymbol? cookieOptions, JsInteropWrites? jsInterop, bool queryTokens)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // Every API below is named one of these (JS interop calls, header and cookie appends): a prefilter only (the
        // symbols decide), so most invocations of a project cost one hash lookup.
        if (!s_candidateNames.Contains(method.Name))
        {
            return;
        }

        var tree = invocation.Syntax.SyntaxTree;
        if (jsInterop?.Classify(invocation) is { Kind: BrowserWriteKind.DocumentCookie } write)
        {
            if (write.InvolvesToken(TokenLikeness.For(context.Options, tree, Rule.Id)))
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, ShapeDocumentCookie);
                context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, method.Name,
                    "writes a token cookie through document.cookie, which can never be HttpOnly: set it from the server with HttpOnly, Secure and SameSite"));
            }

            return;
        }

        if (queryTokens && QueryTokens.AuthorizationHeaderWrite(invocation, http) is { } headerValue)
        {
            AnalyzeQueryToken(context, invocation, headerValue, ShapeQueryStringHeader);
            return;
        }

        if (cookieOptions is null || !method.IsOrOverridesMemberOf(http.ResponseCookies, "Append"))
        {
            return;
        }

        var key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key")?.Value;
        var value = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value")?.Value;
        if (key is null || value is null)
        {
            return; // The ReadOnlySpan<KeyValuePair<string, string>> overload: not analysed.
        }

        var likeness = TokenLikeness.For(context.Options, tree, Rule.Id);
        var keyText = ConstantValues.String(key);
        if (!likeness.IsTokenName(keyText) && !likeness.IsTokenValue(value))
        {
            return;
        }

        var optionsArgument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type is { } t && SymbolEqualityComparer.Default.Equals(t, cookieOptions));
        List<IObjectCreationOperation>? sourceCreations = null;
        string shape;
        Missing missing;
        if (optionsArgument is null || optionsArgument.IsImplicit)
        {
            shape = "None";
            missing = Missing.All;
        }
        else
        {
            var optionsValue = optionsArgument.Value.WalkDownConversion();
            shape = optionsValue is IObjectCreationOperation ? "Inline" : "Other";
            if (optionsValue is ILiteralOperation or IDefaultValueOperation)
            {
                shape = "Null";
                missing = Missing.All;
            }
            else if (GetMissing(optionsValue, cookieOptions, 0, sourceCreations = new List<IObjectCreationOperation>()) is { } found)
            {
                missing = found;
            }
            else
            {
                return; // Options we cannot see (a property, a parameter or field fed from elsewhere, a helper in another file): give the benefit of the doubt.
            }
        }

        if (missing == Missing.None)
        {
            return;
        }

        var names = new List<string>();
        if ((missing & Missing.HttpOnly) != 0)
        {
            names.Add("HttpOnly");
        }

        if ((missing & Missing.Secure) != 0)
        {
            names.Add("Secure");
        }

        if ((missing & Missing.SameSite) != 0)
        {
            names.Add("SameSite");
        }

        var cookieName = keyText is null ? "a token cookie" : "the token cookie '" + keyText + "'";
        var what = string.Join(", ", names.Select(n => n == "SameSite" ? "SameSite=Strict/Lax" : n + "=true"));
        var diagnosticProperties = ImmutableDictionary<string, string?>.Empty
            .Add(ShapeProperty, ShapeAppend)
            .Add(MissingProperty, string.Join(",", names))
            .Add(OptionsProperty, shape);
        // Options that come from a parameter or a field: the creations they come from (the fix completes them).
        var additional = sourceCreations is { Count: > 0 } && optionsArgument?.Value.WalkDownConversion() is IParameterReferenceOperation or IFieldReferenceOperation
            ? sourceCreations.Select(c => c.Syntax.GetLocation())
            : null;
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), additional, diagnosticProperties, method.Name,
            "appends " + cookieName + " without " + what));
    }

    [System.Flags]
    private enum Missing
    {
        None = 0,
        HttpOnly = 1,
        Secure = 2,
        SameSite = 4,
        All = HttpOnly | Secure | SameSite,
    }

    /// <summary>
    /// The attributes that the options object lacks, or null when the options cannot be seen. Options read from a
    /// parameter or a private field are followed to the creations that reach them (added to <paramref name="creations"/>).
    /// </summary>
    private static Missing? GetMissing(IOperation options, INamedTypeSymbol cookieOptions, int depth, List<IObjectCreationOperation>? creations = null)
    {
        if (depth > 3)
        {
            return null;
        }

        options = options.WalkDownConversion();
        switch (options)
        {
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, cookieOptions):
                if (creation.Arguments.Length > 0)
                {
                    return null; // new CookieOptions(other): a copy of options we do not see.
                }

                return Evaluate(creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>(), cookieOptions);

            case ILocalReferenceOperation local:
                var values = ValueFlow.CompleteSourcesOf(local);
                if (values.IsDefaultOrEmpty || values.Length != 1 || values[0].WalkDownConversion() is not IObjectCreationOperation localCreation
                    || !SymbolEqualityComparer.Default.Equals(localCreation.Type, cookieOptions) || localCreation.Arguments.Length > 0)
                {
                    return values.Length == 1 && values[0].WalkDownConversion() is IInvocationOperation helperCall ? GetMissing(helperCall, cookieOptions, depth + 1) : null;
                }

                // The initializer plus later `options.HttpOnly = true;` statements on the same local.
                var assignments = (localCreation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>())
                    .Concat(local.GetRoot().Descendants().OfType<ISimpleAssignmentOperation>().Where(a =>
                        a.Target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation target }
                        && SymbolEqualityComparer.Default.Equals(target.Local, local.Local)));
                return Evaluate(assignments, cookieOptions);

            case IInvocationOperation helper when helper.TargetMethod.DeclaringSyntaxReferences.Length == 1 && helper.SemanticModel is { } model:
                var syntax = helper.TargetMethod.DeclaringSyntaxReferences[0].GetSyntax();
                if (syntax.SyntaxTree != model.SyntaxTree)
                {
                    return null;
                }

                IOperation? body = syntax switch
                {
                    MethodDeclarationSyntax { Body: { } block } => model.GetOperation(block),
                    MethodDeclarationSyntax { ExpressionBody: { } arrow } => model.GetOperation(arrow.Expression),
                    LocalFunctionStatementSyntax { Body: { } block } => model.GetOperation(block),
                    LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => model.GetOperation(arrow.Expression),
                    _ => null,
                };
                if (body is null)
                {
                    return null;
                }

                var returned = body is IBlockOperation
                    ? body.Descendants().OfType<IReturnOperation>().Select(r => r.ReturnedValue).ToList()
                    : new List<IOperation?> { body };
                Missing result = Missing.None;
                foreach (var value in returned)
                {
                    if (value is null || GetMissing(value, cookieOptions, depth + 1) is not { } each)
                    {
                        return null;
                    }

                    result |= each;
                }

                return returned.Count == 0 ? null : result;

            case IParameterReferenceOperation { Parameter.RefKind: RefKind.None } parameter:
                return FromSources(parameter, parameter.Parameter, cookieOptions, creations);

            case IFieldReferenceOperation { Field: { IsConst: false, DeclaredAccessibility: Accessibility.Private } field } fieldReference when field.IsInSource():
                return FromSources(fieldReference, field, cookieOptions, creations);

            default:
                return null;
        }
    }

    /// <summary>
    /// Options read from a parameter (every call site's argument) or a private field (its initializer and assignments),
    /// through the value-flow engine: known only when every value is a <c>new CookieOptions { ... }</c> of this
    /// compilation. Each creation is evaluated with the later <c>x.Prop = ...</c> statements on the local it was stored
    /// in and on the parameter in the method; a field whose properties are assigned anywhere is not guessed about.
    /// </summary>
    private static Missing? FromSources(IOperation reference, ISymbol member, INamedTypeSymbol cookieOptions, List<IObjectCreationOperation>? creations)
    {
        var sources = ValueFlow.CompleteSourcesOf(reference);
        if (sources.IsDefaultOrEmpty)
        {
            return null;
        }

        IEnumerable<ISimpleAssignmentOperation> memberWrites;
        if (member is IParameterSymbol parameter)
        {
            memberWrites = reference.GetRoot().Descendants().OfType<ISimpleAssignmentOperation>().Where(a =>
                a.Target is IPropertyReferenceOperation { Instance: IParameterReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Parameter, parameter)).ToList();
        }
        else if (member.ContainingType.DeclaringSyntaxReferences.Any(r => r.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a =>
                     a.Left is MemberAccessExpressionSyntax { Expression: var written }
                     && (written as SimpleNameSyntax ?? (written as MemberAccessExpressionSyntax)?.Name)?.Identifier.ValueText == member.Name)))
        {
            return null; // _options.HttpOnly = true somewhere: benefit of the doubt.
        }
        else
        {
            memberWrites = Enumerable.Empty<ISimpleAssignmentOperation>();
        }

        var result = Missing.None;
        var found = new List<IObjectCreationOperation>();
        foreach (var source in sources)
        {
            if (source.WalkDownConversion() is not IObjectCreationOperation creation
                || !SymbolEqualityComparer.Default.Equals(creation.Type, cookieOptions) || creation.Arguments.Length > 0)
            {
                return null;
            }

            var assignments = (creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>())
                .Concat(WritesOnStoringLocal(creation))
                .Concat(memberWrites);
            result |= Evaluate(assignments, cookieOptions);
            found.Add(creation);
        }

        creations?.AddRange(found);
        return result;
    }

    /// <summary><c>var o = new CookieOptions { ... }; o.Secure = true;</c>: the statements on the local the creation initializes.</summary>
    private static IEnumerable<ISimpleAssignmentOperation> WritesOnStoringLocal(IObjectCreationOperation creation)
    {
        IOperation? parent = creation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return Enumerable.Empty<ISimpleAssignmentOperation>();
        }

        return creation.GetRoot().Descendants().OfType<ISimpleAssignmentOperation>().Where(a =>
            a.Target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, declarator.Symbol));
    }

    private static Missing Evaluate(IEnumerable<ISimpleAssignmentOperation> assignments, INamedTypeSymbol cookieOptions)
    {
        var missing = Missing.All;
        foreach (var assignment in assignments)
        {
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
            {
                continue;
            }

            if (property.IsPropertyOf(cookieOptions, "HttpOnly"))
            {
                if (!ConstantValues.IsFalse(assignment.Value))
                {
                    missing &= ~Missing.HttpOnly;
                }
            }
            else if (property.IsPropertyOf(cookieOptions, "Secure"))
            {
                if (!ConstantValues.IsFalse(assignment.Value))
                {
                    missing &= ~Missing.Secure;
                }
            }
            else if (property.IsPropertyOf(cookieOptions, "SameSite"))
            {
                // SameSiteMode: Unspecified = -1, None = 0, Lax = 1, Strict = 2. A non-constant value is given the benefit of the doubt.
                var constant = assignment.Value.WalkDownConversion().ConstantValue;
                if (!constant.HasValue || constant.Value is int mode && mode >= 1)
                {
                    missing &= ~Missing.SameSite;
                }
            }
        }

        return missing;
    }

    /// <summary>
    /// <c>context.Token = context.Request.Query["access_token"]</c> on a JwtBearer <c>MessageReceivedContext</c>, and
    /// <c>Request.Headers["Authorization"] = "Bearer " + Request.Query["access_token"]</c> (a middleware that copies the
    /// query token into the header).
    /// </summary>
    private static void AnalyzeAssignment(OperationAnalysisContext context, KnownSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        // Symbol gates first; the flow (where the value comes from) only for the two writes that matter.
        if (target.Property.IsPropertyOf(symbols.Authentication.MessageReceivedContext, "Token"))
        {
            AnalyzeQueryToken(context, assignment, assignment.Value, ShapeQueryString);
        }
        else if (QueryTokens.AuthorizationHeaderWrite(assignment, symbols.Http) is { } headerValue)
        {
            AnalyzeQueryToken(context, assignment, headerValue, ShapeQueryStringHeader);
        }
    }

    /// <summary>
    /// Reports a token taken from the query string unless it is taken only for SignalR hubs: behind a guard whose path is
    /// a hub path, or in a JwtBearer scheme that a <c>ForwardDefaultSelector</c> selects only for hub paths.
    /// </summary>
    private static void AnalyzeQueryToken(OperationAnalysisContext context, IOperation write, IOperation value, string shape)
    {
        var http = KnownSymbols.Get(context.Compilation).Http;
        if (!QueryTokens.ReadsQueryString(value, http))
        {
            return;
        }

        var hubs = HubPaths.Get(context.Compilation);
        var guards = hubs.GuardedPaths(write, value);
        string? nonHub = null;
        foreach (var path in guards)
        {
            if (hubs.IsHubPath(path))
            {
                return;
            }

            nonHub ??= path;
        }

        if (shape == ShapeQueryString && hubs.IsInHubOnlyScheme(write))
        {
            return;
        }

        var where = nonHub is null
            ? "outside a SignalR hub path"
            : "behind a path check for '" + nonHub + "', which is not a SignalR hub path";
        var (member, message) = shape == ShapeQueryString
            ? ("Token", "is taken from the query string " + where + ": tokens in URLs end up in server logs, browser history and Referer headers")
            : ("Authorization", "header is copied from the query string " + where + ", so every endpoint accepts a token in the URL, where it ends up in server logs, browser history and Referer headers");
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, shape);
        context.ReportDiagnostic(Diagnostic.Create(Rule, write.Syntax.GetLocation(), properties, member, message));
    }
}
