using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT012: a cookie that carries a token is appended without <c>HttpOnly = true</c>, <c>Secure = true</c> and
/// <c>SameSite</c> Lax/Strict (<c>Response.Cookies.Append</c> with no options, or options built inline, in a local or
/// by a helper method in the same file); a token cookie written through JS interop (<c>document.cookie</c>, never
/// HttpOnly); a JwtBearer <c>OnMessageReceived</c> handler that takes the token from the query string without a
/// path guard (SignalR hubs are the one documented exception).
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
            var responseCookies = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.IResponseCookies");
            var cookieOptions = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.CookieOptions");
            var messageReceived = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.JwtBearer.MessageReceivedContext");
            var jsInterop = JsInteropWrites.Create(compilation);
            if ((responseCookies is null || cookieOptions is null) && messageReceived is null && jsInterop is null)
            {
                return;
            }

            if ((responseCookies is not null && cookieOptions is not null) || jsInterop is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, responseCookies, cookieOptions, jsInterop), OperationKind.Invocation);
            }

            if (messageReceived is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeTokenAssignment(ctx, messageReceived), OperationKind.SimpleAssignment);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol? responseCookies, INamedTypeSymbol? cookieOptions, JsInteropWrites? jsInterop)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
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

        if (responseCookies is null || cookieOptions is null || method.Name != "Append"
            || !(SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, responseCookies)
                 || method.ContainingType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, responseCookies))))
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

                return Evaluate(creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>() ?? Enumerable.Empty<ISimpleAssignmentOperation>());

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
                return Evaluate(assignments);

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
            result |= Evaluate(assignments);
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

    private static Missing Evaluate(IEnumerable<ISimpleAssignmentOperation> assignments)
    {
        var missing = Missing.All;
        foreach (var assignment in assignments)
        {
            if (assignment.Target is not IPropertyReferenceOperation property)
            {
                continue;
            }

            switch (property.Property.Name)
            {
                case "HttpOnly" when !ConstantValues.IsFalse(assignment.Value):
                    missing &= ~Missing.HttpOnly;
                    break;
                case "Secure" when !ConstantValues.IsFalse(assignment.Value):
                    missing &= ~Missing.Secure;
                    break;
                case "SameSite":
                    // SameSiteMode: Unspecified = -1, None = 0, Lax = 1, Strict = 2. A non-constant value is given the benefit of the doubt.
                    var constant = assignment.Value.WalkDownConversion().ConstantValue;
                    if (!constant.HasValue || constant.Value is int mode && mode >= 1)
                    {
                        missing &= ~Missing.SameSite;
                    }

                    break;
            }
        }

        return missing;
    }

    /// <summary><c>context.Token = context.Request.Query["access_token"]</c> in an OnMessageReceived handler without a path guard.</summary>
    private static void AnalyzeTokenAssignment(OperationAnalysisContext context, INamedTypeSymbol messageReceived)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Token" } target
            || !target.Property.ContainingType.IsOrInheritsFrom(messageReceived)
            || !ReadsQueryString(assignment.Value, 0))
        {
            return;
        }

        var scope = assignment.Parent;
        while (scope is not null && scope is not IAnonymousFunctionOperation && scope is not ILocalFunctionOperation && scope.Parent is not null)
        {
            scope = scope.Parent;
        }

        if (scope is not null && HasPathGuard(scope))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, ShapeQueryString);
        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, "Token",
            "is taken from the query string outside a SignalR hub path: tokens in URLs end up in server logs, browser history and Referer headers"));
    }

    private static bool ReadsQueryString(IOperation value, int depth)
    {
        if (depth > 3)
        {
            return false;
        }

        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "Query" or "QueryString" } query
                && query.Property.ContainingType.Name == "HttpRequest")
            {
                return true;
            }

            if (operation is ILocalReferenceOperation local)
            {
                var values = ValueFlow.CompleteSourcesOf(local);
                if (!values.IsDefaultOrEmpty && values.Any(v => !ReferenceEquals(v, local) && ReadsQueryString(v, depth + 1)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The handler checks the request path (<c>path.StartsWithSegments("/hubs")</c>) somewhere: the SignalR pattern.</summary>
    private static bool HasPathGuard(IOperation scope)
    {
        foreach (var operation in scope.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "StartsWithSegments" or "StartsWith" or "Equals" } invocation
                && (invocation.TargetMethod.Name == "StartsWithSegments" || invocation.Instance?.Type?.Name == "PathString" || ReadsPath(invocation.Instance)))
            {
                return true;
            }

            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                && (ReadsPath(comparison.LeftOperand) || ReadsPath(comparison.RightOperand)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReadsPath(IOperation? operation)
        => operation is not null && operation.DescendantsAndSelf().Any(o => o is IPropertyReferenceOperation { Property.Name: "Path" } p && p.Property.ContainingType.Name == "HttpRequest");
}
