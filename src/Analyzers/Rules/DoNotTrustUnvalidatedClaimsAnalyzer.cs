using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Libraries.JwtNet;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT014: claims of a token that was not validated decide access. Intra-procedural: the claims of a parse-only read
/// (<c>ReadJwtToken</c>, <c>ReadJsonWebToken</c>, <c>ReadToken</c>, <c>new JwtSecurityToken(string)</c>,
/// <c>new JsonWebToken(string)</c>, jose-jwt <c>JWT.Payload</c>/<c>Headers</c>, an unverified Jwt.Net decode,
/// <c>TokenOnFailedValidation</c>) flowing, directly or through locals, into <c>HttpContext.User</c>, an authentication
/// result, <c>SignInAsync</c>, or a condition that grants or denies access. Also <c>ValidateTokenAsync</c> results used
/// without reading <c>IsValid</c>, and JwtBearer events that fail open.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotTrustUnvalidatedClaimsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotTrustUnvalidatedClaims,
        title: "Do not trust the claims of a token that was not validated",
        messageFormat: "'{0}' {1}",
        description: "Reading a token is not validating it: a forged or 'alg: none' token parses without error, so its claims must not decide who the caller is or what they may do. Validate the token (signature, issuer, audience, lifetime) and check the result before using its claims.");

    private static readonly ImmutableArray<string> ClaimsMembers = ImmutableArray.Create("ClaimsIdentity", "Claims", "SecurityToken");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = new Symbols(start.Compilation);
            if (!symbols.AnyReferenced)
            {
                return;
            }

            start.RegisterOperationBlockStartAction(block =>
            {
                var taint = new Lazy<TaintState>(() => TaintState.Compute(block.OperationBlocks, symbols));
                block.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols, taint.Value), OperationKind.SimpleAssignment);
                block.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols, taint.Value), OperationKind.Invocation);
                block.RegisterOperationAction(ctx => AnalyzeCondition(ctx, symbols, taint.Value), OperationKind.Conditional);
                block.RegisterOperationAction(ctx => AnalyzeTypeTest(ctx, symbols), OperationKind.IsType, OperationKind.IsPattern, OperationKind.Conversion);
            });
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols, TaintState taint)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var property = target.Property;
        var isUser = property.Name == "User" && property.ContainingType.IsOrInheritsFrom(symbols.HttpContext);
        var isPrincipal = property.Name == "Principal" && IsInNamespace(property.ContainingType, "Microsoft.AspNetCore.Authentication");
        var isThreadPrincipal = property.Name == "CurrentPrincipal" && property.IsStatic && property.ContainingType?.Name == "Thread";
        if (!isUser && !isPrincipal && !isThreadPrincipal)
        {
            return;
        }

        if (isPrincipal && target.Instance?.Type is { } contextType && contextType.IsOrInheritsFrom(symbols.AuthenticationFailedContext))
        {
            Report(context, assignment.Syntax.GetLocation(), null, "AuthenticationFailedContext.Principal",
                "is set in OnAuthenticationFailed: a request whose token failed validation is authenticated anyway (fail-open)");
            return;
        }

        if (taint.SourceOperationOf(assignment.Value) is { } source)
        {
            ReportTainted(context, assignment.Syntax.GetLocation(), source, symbols,
                "reads the token without validating it, and its claims become the authenticated user here: validate the token first");
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Symbols symbols, TaintState taint)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        // OnAuthenticationFailed => context.Success(): fail-open.
        if (method.Name == "Success" && invocation.Instance?.Type is { } receiver && receiver.IsOrInheritsFrom(symbols.AuthenticationFailedContext))
        {
            Report(context, invocation.Syntax.GetLocation(), invocation.Parent is IExpressionStatementOperation ? SignatureFixKinds.RemoveStatement : null,
                "AuthenticationFailedContext.Success",
                "is called in OnAuthenticationFailed: a request whose token failed validation is authenticated anyway (fail-open)");
            return;
        }

        if (IsValidationCall(method, symbols))
        {
            AnalyzeValidationResult(context, invocation);
            return;
        }

        var isAuthSink = (method.Name == "Success" && method.ContainingType.IsOrInheritsFrom(symbols.AuthenticateResult))
                         || method.Name == "SignInAsync";
        if (!isAuthSink)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (taint.SourceOperationOf(argument.Value) is { } source)
            {
                ReportTainted(context, invocation.Syntax.GetLocation(), source, symbols,
                    "reads the token without validating it, and its claims authenticate the caller here: validate the token first");
                return;
            }
        }
    }

    /// <summary><c>if (claimsOfAnUnvalidatedToken...) { grant or deny }</c>.</summary>
    private static void AnalyzeCondition(OperationAnalysisContext context, Symbols symbols, TaintState taint)
    {
        var conditional = (IConditionalOperation)context.Operation;
        if (taint.SourceOperationOf(conditional.Condition) is not { } source)
        {
            return;
        }

        var branches = new[] { conditional.WhenTrue, conditional.WhenFalse }.Where(b => b is not null);
        // A decision that is itself a reported sink (the tainted principal becoming the user) is not reported twice.
        if (!branches.Any(b => b!.DescendantsAndSelf().Any(o => IsAccessDecision(o, symbols) && !IsTaintedSink(o, taint))))
        {
            return;
        }

        ReportTainted(context, conditional.Condition.Syntax.GetLocation(), source, symbols,
            "reads the token without validating it, and its claims decide access here: validate the token first");
    }

    private static bool IsTaintedSink(IOperation operation, TaintState taint) => operation switch
    {
        ISimpleAssignmentOperation assignment => taint.SourceOf(assignment.Value) is not null,
        IInvocationOperation invocation => invocation.Arguments.Any(a => taint.SourceOf(a.Value) is not null),
        _ => false,
    };

    private static bool IsAccessDecision(IOperation operation, Symbols symbols)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                var type = method.ContainingType;
                if (method.Name is "Succeed" or "Fail" && type.IsOrInheritsFrom(symbols.AuthorizationHandlerContext))
                {
                    return true;
                }

                if (method.Name is "Success" or "Fail" or "NoResult" or "Forbid" or "Challenge"
                    && (type.IsOrInheritsFrom(symbols.AuthenticateResult) || IsInNamespace(type, "Microsoft.AspNetCore.Authentication")))
                {
                    return true;
                }

                if (method.Name is "Forbid" or "Unauthorized" or "Challenge" or "ForbidAsync" or "ChallengeAsync" or "SignInAsync")
                {
                    return true;
                }

                // Middleware continuing the pipeline: next(context) / _next.Invoke(context).
                return method.MethodKind == MethodKind.DelegateInvoke && type.IsOrInheritsFrom(symbols.RequestDelegate);

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment:
                if (target.Property.Name == "Result" && IsInNamespace(target.Property.ContainingType, "Microsoft.AspNetCore.Mvc.Filters"))
                {
                    return true;
                }

                if (target.Property.Name == "User" && target.Property.ContainingType.IsOrInheritsFrom(symbols.HttpContext))
                {
                    return true;
                }

                return target.Property.Name == "StatusCode" && assignment.Value.ConstantValue is { HasValue: true, Value: 401 or 403 };

            case IThrowOperation { Exception: { } exception }:
                return exception.WalkDownConversion().Type?.Name is "UnauthorizedAccessException" or "SecurityTokenException" or "AuthenticationFailureException";

            default:
                return false;
        }
    }

    private static bool IsValidationCall(IMethodSymbol method, Symbols symbols)
        => method.Name is "ValidateTokenAsync" or "ValidateToken"
           && method.ReturnType is INamedTypeSymbol returnType
           && (IsTokenValidationResult(returnType, symbols)
               || (returnType.TypeArguments.Length == 1 && IsTokenValidationResult(returnType.TypeArguments[0], symbols)));

    private static bool IsTokenValidationResult(ITypeSymbol type, Symbols symbols)
        => type.Name == "TokenValidationResult" && type.ContainingNamespace?.ToDisplayString() is "Microsoft.IdentityModel.Tokens" or "Microsoft.IdentityModel.JsonWebTokens";

    /// <summary>The result of <c>ValidateTokenAsync</c> (which never throws on an invalid token) used without reading <c>IsValid</c>.</summary>
    private static void AnalyzeValidationResult(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        IOperation result = invocation;
        if (result.Parent is IAwaitOperation awaited)
        {
            result = awaited;
        }
        else if (invocation.TargetMethod.Name == "ValidateTokenAsync")
        {
            return; // the task is stored or returned: not followed.
        }

        var parent = result.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IExpressionStatementOperation:
                Report(context, invocation.Syntax.GetNameLocation(), null, invocation.TargetMethod.Name,
                    "does not throw for an invalid token, and its result is discarded: any string passes this check");
                return;

            case IPropertyReferenceOperation property when ClaimsMembers.Contains(property.Property.Name):
                Report(context, invocation.Syntax.GetNameLocation(), null, invocation.TargetMethod.Name,
                    "does not throw for an invalid token, and its " + property.Property.Name + " is used without checking IsValid");
                return;

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                var local = declarator.Symbol;
                var firstClaimsUse = int.MaxValue;
                var firstCheck = int.MaxValue;
                var claimsMember = "";
                foreach (var reference in invocation.GetRoot().Descendants().OfType<ILocalReferenceOperation>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(reference.Local, local))
                    {
                        continue;
                    }

                    if (reference.Parent is IPropertyReferenceOperation use)
                    {
                        var position = use.Syntax.SpanStart;
                        if (use.Property.Name is "IsValid" or "Exception")
                        {
                            firstCheck = Math.Min(firstCheck, position);
                        }
                        else if (ClaimsMembers.Contains(use.Property.Name) && position < firstClaimsUse)
                        {
                            firstClaimsUse = position;
                            claimsMember = use.Property.Name;
                        }
                    }
                    else
                    {
                        return; // the result escapes (argument, return, field): not followed.
                    }
                }

                if (firstClaimsUse != int.MaxValue && firstCheck > firstClaimsUse)
                {
                    var fixable = declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IBlockOperation } } && firstCheck == int.MaxValue;
                    Report(context, invocation.Syntax.GetNameLocation(), fixable ? SignatureFixKinds.AddIsValidCheck : null, invocation.TargetMethod.Name,
                        "does not throw for an invalid token, and its " + claimsMember + " is used without checking IsValid first");
                }

                return;
        }
    }

    /// <summary><c>ctx.SecurityToken is JwtSecurityToken</c> in <c>OnTokenValidated</c>: never true on ASP.NET Core 8+ (the token is a <c>JsonWebToken</c>).</summary>
    private static void AnalyzeTypeTest(OperationAnalysisContext context, Symbols symbols)
    {
        if (symbols.JwtSecurityToken is null || symbols.TokenValidatedContext is null || symbols.JwtBearerMajor < 8)
        {
            return;
        }

        IOperation? operand;
        ITypeSymbol? tested;
        switch (context.Operation)
        {
            case IIsTypeOperation isType:
                operand = isType.ValueOperand;
                tested = isType.TypeOperand;
                break;
            case IIsPatternOperation isPattern:
                operand = isPattern.Value;
                tested = isPattern.Pattern switch
                {
                    IDeclarationPatternOperation declaration => declaration.MatchedType,
                    ITypePatternOperation typePattern => typePattern.MatchedType,
                    IRecursivePatternOperation recursive => recursive.MatchedType,
                    _ => null,
                };
                break;
            case IConversionOperation { IsTryCast: true } conversion:
                operand = conversion.Operand;
                tested = conversion.Type;
                break;
            default:
                return;
        }

        if (tested is null || !tested.IsOrInheritsFrom(symbols.JwtSecurityToken)
            || operand?.WalkDownConversion() is not IPropertyReferenceOperation { Property.Name: "SecurityToken" } property
            || property.Instance?.Type is not { } contextType || !contextType.IsOrInheritsFrom(symbols.TokenValidatedContext))
        {
            return;
        }

        // UseSecurityTokenValidators = true brings JwtSecurityToken back: then the test matches.
        var root = context.Operation.GetRoot();
        if (root.Descendants().OfType<ISimpleAssignmentOperation>().Any(a =>
                a.Target is IPropertyReferenceOperation { Property.Name: "UseSecurityTokenValidators" } && ConstantEvaluator.IsConstantTrue(a.Value)))
        {
            return;
        }

        Report(context, context.Operation.Syntax.GetLocation(), null, "TokenValidatedContext.SecurityToken",
            "is a JsonWebToken on ASP.NET Core 8 and later, so this JwtSecurityToken test never matches and the check it guards is skipped: test for JsonWebToken");
    }

    private static bool IsInNamespace(ITypeSymbol? type, string ns)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ContainingNamespace?.ToDisplayString() == ns)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reports a trusted claim of an unvalidated token at the decision, with the parse-only read as additional location
    /// so the fix can replace it by a validating read (an IdentityModel read of one string argument only).
    /// </summary>
    private static void ReportTainted(OperationAnalysisContext context, Location location, IOperation source, Symbols symbols, string explanation)
    {
        var member = symbols.SourceName(source) ?? "token";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        var isIdentityModelRead = symbols.TokenValidation?.IsUnverifiedTokenRead(source) == true
            && source is IInvocationOperation { Arguments.Length: 1 } or IObjectCreationOperation { Arguments.Length: 1 };
        if (isIdentityModelRead && source.Syntax.SyntaxTree == location.SourceTree)
        {
            properties = properties.Add(DiagnosticPropertyKeys.FixKind, SignatureFixKinds.ValidateInsteadOfRead);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, location, new[] { source.Syntax.GetLocation() }, properties, member, explanation));
    }

    private static void Report(OperationAnalysisContext context, Location location, string? fixKind, string member, string explanation)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        if (fixKind is not null)
        {
            properties = properties.Add(DiagnosticPropertyKeys.FixKind, fixKind);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, member, explanation));
    }

    private sealed class Symbols
    {
        public Symbols(Compilation compilation)
        {
            TokenValidation = TokenValidationContext.Create(compilation);
            JwtNet = JwtNetDecoding.Create(compilation);
            JoseJwt = compilation.GetBestTypeByMetadataName("Jose.JWT");
            JwtSecurityToken = compilation.GetBestTypeByMetadataName("System.IdentityModel.Tokens.Jwt.JwtSecurityToken");
            HttpContext = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
            RequestDelegate = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.RequestDelegate");
            AuthenticateResult = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.AuthenticateResult");
            AuthorizationHandlerContext = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authorization.AuthorizationHandlerContext");
            AuthenticationFailedContext = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.JwtBearer.AuthenticationFailedContext");
            TokenValidatedContext = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext");
            JwtBearerMajor = compilation.GetReferencedAssemblyVersion("Microsoft.AspNetCore.Authentication.JwtBearer")?.Major ?? 0;
        }

        public TokenValidationContext? TokenValidation { get; }
        public JwtNetDecoding? JwtNet { get; }
        public INamedTypeSymbol? JoseJwt { get; }
        public INamedTypeSymbol? JwtSecurityToken { get; }
        public INamedTypeSymbol? HttpContext { get; }
        public INamedTypeSymbol? RequestDelegate { get; }
        public INamedTypeSymbol? AuthenticateResult { get; }
        public INamedTypeSymbol? AuthorizationHandlerContext { get; }
        public INamedTypeSymbol? AuthenticationFailedContext { get; }
        public INamedTypeSymbol? TokenValidatedContext { get; }
        public int JwtBearerMajor { get; }

        public bool AnyReferenced => TokenValidation is not null || JwtNet is not null || JoseJwt is not null;

        /// <summary>The name of the parse-only API when <paramref name="operation"/> reads a token without validating it.</summary>
        public string? SourceName(IOperation operation)
        {
            switch (operation)
            {
                case IObjectCreationOperation creation when TokenValidation is not null && TokenValidation.IsUnverifiedTokenRead(creation):
                    return "new " + creation.Type!.Name;
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (TokenValidation is not null && TokenValidation.IsUnverifiedTokenRead(invocation))
                    {
                        return method.Name;
                    }

                    if (JoseJwt is not null && method.Name is "Payload" or "PayloadBytes" or "Headers"
                        && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, JoseJwt))
                    {
                        return "JWT." + method.Name;
                    }

                    if (JwtNet is not null)
                    {
                        if (JwtNet.GetUnverifiedDecoderCall(invocation) is not null)
                        {
                            return method.Name;
                        }

                        if (JwtNet.IsBuilderMethod(method, "Decode") && JwtNet.GetBuilderVerification(invocation).IsUnverified)
                        {
                            return "JwtBuilder.Decode";
                        }
                    }

                    return null;
                case IPropertyReferenceOperation { Property.Name: "TokenOnFailedValidation" }:
                    return "TokenOnFailedValidation";
                default:
                    return null;
            }
        }
    }

    /// <summary>Locals holding (something derived from) a token read without validation, for one method body.</summary>
    private sealed class TaintState
    {
        private readonly Dictionary<ILocalSymbol, IOperation> _locals;
        private readonly Symbols _symbols;

        private TaintState(Dictionary<ILocalSymbol, IOperation> locals, Symbols symbols)
        {
            _locals = locals;
            _symbols = symbols;
        }

        public static TaintState Compute(ImmutableArray<IOperation> blocks, Symbols symbols)
        {
            var state = new TaintState(new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default), symbols);
            var writes = new List<(ILocalSymbol Local, IOperation Value)>();
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation { Initializer: { } initializer } declarator:
                            writes.Add((declarator.Symbol, initializer.Value));
                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                            writes.Add((local.Local, assignment.Value));
                            break;
                        case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol patternLocal, Parent: IIsPatternOperation pattern }:
                            writes.Add((patternLocal, pattern.Value));
                            break;
                    }
                }
            }

            // Fixed point: a local is tainted when any value written to it is.
            bool changed;
            var rounds = 0;
            do
            {
                changed = false;
                foreach (var (local, value) in writes)
                {
                    if (!state._locals.ContainsKey(local) && state.SourceOperationOf(value) is { } source)
                    {
                        state._locals[local] = source;
                        changed = true;
                    }
                }
            }
            while (changed && ++rounds < 10);

            return state;
        }

        /// <summary>The name of the parse-only API <paramref name="value"/> derives from, or null.</summary>
        public string? SourceOf(IOperation value) => SourceOperationOf(value) is { } source ? _symbols.SourceName(source) : null;

        /// <summary>The parse-only read (the operation) <paramref name="value"/> derives from, or null. Validation calls sanitize.</summary>
        public IOperation? SourceOperationOf(IOperation value)
        {
            var stack = new Stack<IOperation>();
            stack.Push(value);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (_symbols.SourceName(current) is not null)
                {
                    return current;
                }

                if (current is ILocalReferenceOperation local && _locals.TryGetValue(local.Local, out var localSource))
                {
                    return localSource;
                }

                if (current is IInvocationOperation invocation
                    && (invocation.TargetMethod.Name.StartsWith("Validate", StringComparison.Ordinal)
                        || invocation.TargetMethod.Name.StartsWith("Verify", StringComparison.Ordinal)
                        || invocation.TargetMethod.Name.StartsWith("TryValidate", StringComparison.Ordinal)))
                {
                    continue; // a validation call: its result is trusted.
                }

                foreach (var child in current.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return null;
        }
    }
}
