using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Libraries.Http;
using JwtAnalyzers.Internal.Libraries.Tokens;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT014: claims of a token that was not validated decide access. Across methods, types and files (the analysis
/// core's flow engine): the claims of a parse-only read
/// (<c>ReadJwtToken</c>, <c>ReadJsonWebToken</c>, <c>ReadToken</c>, <c>new JwtSecurityToken(string)</c>,
/// <c>new JsonWebToken(string)</c>, jose-jwt <c>JWT.Payload</c>/<c>Headers</c>, an unverified Jwt.Net decode,
/// <c>TokenOnFailedValidation</c>) flowing, directly or through locals, into <c>HttpContext.User</c>, an authentication
/// result, <c>SignInAsync</c>, or a condition that grants or denies access. Also <c>ValidateTokenAsync</c> results used
/// without reading <c>IsValid</c> (in a local, or kept in a field or property and used in another method:
/// <see cref="StoredValidationResults"/>), the user a new token is issued for picked by a claim of an unvalidated read
/// (a refresh for whoever the token names: <see cref="UnvalidatedUserLookups"/>), and JwtBearer events that fail open.
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
    private static readonly ImmutableArray<string> CheckMembers = ImmutableArray.Create("IsValid", "Exception");

    /// <summary>Names of the APIs that read a token without validating it: a syntax prefilter only (the decision is by symbol).</summary>
    private static readonly ImmutableArray<string> SourceSpellings = ImmutableArray.Create(
        "ReadJwtToken", "ReadJsonWebToken", "ReadToken", "Payload", "PayloadBytes", "Headers", "Decode", "DecodeToObject", "TokenOnFailedValidation", "JwtSecurityToken", "JsonWebToken",
        "ValidateTokenAsync", "ValidateToken");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var sources = UnvalidatedTokenSources.Get(start.Compilation);
            if (!sources.AnyLibrary)
            {
                return;
            }

            var state = new State(start.Compilation, sources);
            start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, state), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, state), OperationKind.Invocation);
            start.RegisterOperationAction(ctx => AnalyzeCondition(ctx, state), OperationKind.Conditional);
            if (state.Symbols.IdentityModel.JwtSecurityToken is not null || state.Symbols.IdentityModel.JsonWebToken is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeCreation(ctx, state), OperationKind.ObjectCreation);
            }

            if (state.Symbols.IdentityModel.JwtSecurityToken is not null && state.Symbols.Authentication.TokenValidatedContext is not null && state.Symbols.Authentication.JwtBearerMajor >= 8)
            {
                start.RegisterOperationAction(ctx => AnalyzeTypeTest(ctx, state), OperationKind.IsType, OperationKind.IsPattern, OperationKind.Conversion);
            }
        });
    }

    /// <summary>What the rule needs per compilation.</summary>
    private sealed class State
    {
        private readonly Lazy<bool> _anySource;

        public State(Compilation compilation, UnvalidatedTokenSources sources)
        {
            Sources = sources;
            Symbols = KnownSymbols.Get(compilation);
            Decisions = AccessDecisions.Get(compilation);
            Validation = ValidationCalls.Get(compilation);
            Lookups = UnvalidatedUserLookups.Get(compilation);
            _anySource = new Lazy<bool>(() =>
            {
                // Cheap when irrelevant: no spelling of a token read anywhere in the compilation means no source at all.
                var index = sources.Flow.Index;
                foreach (var name in SourceSpellings)
                {
                    if (index.Mentions(name))
                    {
                        return true;
                    }
                }

                return false;
            }, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public UnvalidatedTokenSources Sources { get; }

        public KnownSymbols Symbols { get; }

        public AccessDecisions Decisions { get; }

        public ValidationCalls Validation { get; }

        public UnvalidatedUserLookups Lookups { get; }

        /// <summary>Lookups already reported (two reads may feed one lookup).</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<Location, byte> ReportedLookups { get; } = new();

        /// <summary>True when the compilation can contain an unvalidated read at all.</summary>
        public bool AnySource => _anySource.Value;

        public IOperation? FindSource(IOperation value) => AnySource ? Sources.FindSource(value) : null;
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, State state)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target || !state.Decisions.IsIdentityProperty(target.Property))
        {
            return;
        }

        var authentication = state.Symbols.Authentication;
        if (target.Instance?.Type is { } contextType && contextType.IsOrInheritsFrom(authentication.AuthenticationFailedContext))
        {
            Report(context, assignment.Syntax.GetLocation(), null, "AuthenticationFailedContext.Principal",
                "is set in OnAuthenticationFailed: a request whose token failed validation is authenticated anyway (fail-open)");
            return;
        }

        if (state.FindSource(assignment.Value) is { } source)
        {
            ReportTainted(context, assignment.Syntax.GetLocation(), source, state,
                "its claims become the authenticated user here");
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, State state)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var authentication = state.Symbols.Authentication;

        if (state.Lookups.IsRead(invocation))
        {
            AnalyzeRead(context, invocation, state);
            return;
        }

        // OnAuthenticationFailed => context.Success(): fail-open.
        if (method.IsOrOverridesMemberOf(authentication.ResultContext, "Success") && invocation.Instance?.Type is { } receiver && receiver.IsOrInheritsFrom(authentication.AuthenticationFailedContext))
        {
            Report(context, invocation.Syntax.GetLocation(), invocation.Parent is IExpressionStatementOperation ? SignatureFixKinds.RemoveStatement : null,
                "AuthenticationFailedContext.Success",
                "is called in OnAuthenticationFailed: a request whose token failed validation is authenticated anyway (fail-open)");
            return;
        }

        if (ReturnsValidationResult(method, state))
        {
            AnalyzeValidationResult(context, invocation, state);
            return;
        }

        if (!state.Decisions.IsAuthenticationSink(method))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (state.FindSource(argument.Value) is { } source)
            {
                ReportTainted(context, invocation.Syntax.GetLocation(), source, state,
                    "its claims authenticate the caller here");
                return;
            }
        }
    }

    /// <summary>
    /// "The user picked for a refresh": a user looked up with a claim of this unvalidated read, for whom a new token is
    /// then issued (<see cref="UnvalidatedUserLookups"/>). Reported at the lookup (where the token picks the user), with
    /// the read and the issuing call as additional locations; once per lookup.
    /// </summary>
    private static void AnalyzeRead(OperationAnalysisContext context, IOperation read, State state)
    {
        foreach (var picked in state.Lookups.FindPickedUsers(read))
        {
            var location = picked.Lookup.Syntax.GetLocation();
            if (!state.ReportedLookups.TryAdd(location, 0))
            {
                continue;
            }

            var issuing = picked.Issuing is IInvocationOperation call ? call.TargetMethod.Name : "the token";
            ReportTainted(context, location, read, state,
                "reads the token without validating it, and its claims pick the user here ('" + picked.Lookup.TargetMethod.Name + "') that a new token is issued for ('" + issuing
                + "'): whoever the token names gets fresh tokens; validate the token first (ValidateLifetime = false is enough for an expired access token)",
                complete: true, also: picked.Issuing);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, State state)
    {
        if (state.Lookups.IsRead(context.Operation))
        {
            AnalyzeRead(context, context.Operation, state);
        }
    }

    /// <summary><c>if (claimsOfAnUnvalidatedToken...) { grant or deny }</c>, wherever the claims were read.</summary>
    private static void AnalyzeCondition(OperationAnalysisContext context, State state)
    {
        var conditional = (IConditionalOperation)context.Operation;
        var branches = new[] { conditional.WhenTrue, conditional.WhenFalse }.Where(b => b is not null);

        // The decision first (cheap, local), then the flow: most conditions decide nothing about access.
        if (!branches.Any(b => b!.DescendantsAndSelf().Any(state.Decisions.IsAccessDecision)) || state.FindSource(conditional.Condition) is not { } source)
        {
            return;
        }

        // A decision that is itself a reported sink (the tainted principal becoming the user) is not reported twice.
        if (!branches.Any(b => b!.DescendantsAndSelf().Any(o => state.Decisions.IsAccessDecision(o) && !IsTaintedSink(o, state))))
        {
            return;
        }

        ReportTainted(context, conditional.Condition.Syntax.GetLocation(), source, state,
            "its claims decide access here");
    }

    private static bool IsTaintedSink(IOperation operation, State state) => operation switch
    {
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment => state.Decisions.IsIdentityProperty(target.Property) && state.FindSource(assignment.Value) is not null,
        IInvocationOperation invocation => state.Decisions.IsAuthenticationSink(invocation.TargetMethod) && invocation.Arguments.Any(a => state.FindSource(a.Value) is not null),
        _ => false,
    };

    /// <summary>
    /// A real <c>ValidateToken</c>/<c>ValidateTokenAsync</c> that returns a <c>TokenValidationResult</c>, or a project
    /// wrapper that returns the result of one (its callers must check <c>IsValid</c> just the same).
    /// </summary>
    private static bool ReturnsValidationResult(IMethodSymbol method, State state)
    {
        var identityModel = state.Symbols.IdentityModel;
        if (!identityModel.IsTokenValidationResult(UnwrapTask(method.ReturnType)))
        {
            return false;
        }

        if (state.Validation.IsValidation(method))
        {
            return true;
        }

        if (!ValueFlow.IsFollowable(method))
        {
            return false;
        }

        foreach (var returned in state.Sources.Flow.ReturnsOf(method).Values)
        {
            if (state.Sources.Flow.SourcesOf(returned).Any(v => v is IInvocationOperation call && state.Validation.IsValidation(call.TargetMethod) && identityModel.IsTokenValidationResult(UnwrapTask(call.TargetMethod.ReturnType))))
            {
                return true;
            }
        }

        return false;
    }

    private static ITypeSymbol? UnwrapTask(ITypeSymbol? type)
        => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic ? generic.TypeArguments[0] : type;

    private static bool IsResultMember(IPropertySymbol property, State state, ImmutableArray<string> names)
    {
        var identityModel = state.Symbols.IdentityModel;
        foreach (var name in names)
        {
            if (property.IsPropertyOf(identityModel.TokenValidationResult, name) || property.IsPropertyOf(identityModel.LegacyTokenValidationResult, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The result of <c>ValidateTokenAsync</c> (which never throws on an invalid token) used without reading <c>IsValid</c>.</summary>
    private static void AnalyzeValidationResult(OperationAnalysisContext context, IInvocationOperation invocation, State state)
    {
        IOperation result = invocation;
        if (result.Parent is IAwaitOperation awaited)
        {
            result = awaited;
        }
        else if (!SymbolEqualityComparer.Default.Equals(UnwrapTask(invocation.TargetMethod.ReturnType), invocation.TargetMethod.ReturnType))
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

            case IPropertyReferenceOperation property when IsResultMember(property.Property, state, ClaimsMembers):
                // (await handler.ValidateTokenAsync(...)).ClaimsIdentity: the fix stores the result and guards it first.
                Report(context, invocation.Syntax.GetNameLocation(), result is IAwaitOperation ? SignatureFixKinds.AddIsValidCheck : null, invocation.TargetMethod.Name,
                    "does not throw for an invalid token, and its " + property.Property.Name + " is used without checking IsValid");
                return;

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                var local = declarator.Symbol;
                var firstClaimsUse = int.MaxValue;
                var firstCheck = int.MaxValue;
                var claimsMember = "";
                foreach (var reference in LocalWrites.For(invocation.GetRoot()).ReferencesTo(local))
                {
                    if (reference.Parent is IPropertyReferenceOperation use)
                    {
                        var position = use.Syntax.SpanStart;
                        if (IsResultMember(use.Property, state, CheckMembers))
                        {
                            firstCheck = Math.Min(firstCheck, position);
                        }
                        else if (IsResultMember(use.Property, state, ClaimsMembers) && position < firstClaimsUse)
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
                    // A check that comes after the claims are used does not protect them: a guard right after the
                    // declaration does (the later check stays).
                    var fixable = declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IBlockOperation } };
                    Report(context, invocation.Syntax.GetNameLocation(), fixable ? SignatureFixKinds.AddIsValidCheck : null, invocation.TargetMethod.Name,
                        "does not throw for an invalid token, and its " + claimsMember + " is used without checking IsValid first");
                }

                return;
        }
    }

    /// <summary><c>ctx.SecurityToken is JwtSecurityToken</c> in <c>OnTokenValidated</c>: never true on ASP.NET Core 8+ (the token is a <c>JsonWebToken</c>).</summary>
    private static void AnalyzeTypeTest(OperationAnalysisContext context, State state)
    {
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

        var authentication = state.Symbols.Authentication;
        if (tested is null || !tested.IsOrInheritsFrom(state.Symbols.IdentityModel.JwtSecurityToken)
            || operand?.WalkDownConversion() is not IPropertyReferenceOperation property
            || !property.Property.IsPropertyOf(authentication.TokenValidatedContext, "SecurityToken"))
        {
            return;
        }

        // UseSecurityTokenValidators = true brings JwtSecurityToken back: then the test matches.
        var root = context.Operation.GetRoot();
        if (root.Descendants().OfType<ISimpleAssignmentOperation>().Any(a =>
                a.Target is IPropertyReferenceOperation target && target.Property.IsPropertyOf(authentication.JwtBearerOptions, "UseSecurityTokenValidators")
                && ConstantValues.IsTrue(state.Sources.Flow, a.Value)))
        {
            return;
        }

        Report(context, context.Operation.Syntax.GetLocation(), null, "TokenValidatedContext.SecurityToken",
            "is a JsonWebToken on ASP.NET Core 8 and later, so this JwtSecurityToken test never matches and the check it guards is skipped: test for JsonWebToken");
    }

    /// <summary>
    /// Reports a trusted claim of an unvalidated token at the decision, with the parse-only read as additional location
    /// so the fix can replace it by a validating read (an IdentityModel read of one string argument only).
    /// </summary>
    /// <param name="outcome">What the claims do at <paramref name="location"/> ("its claims decide access here").</param>
    /// <param name="complete">True when <paramref name="outcome"/> is the whole explanation.</param>
    /// <param name="also">A further operation shown with the diagnostic (the issuing call of a refresh), after the read.</param>
    private static void ReportTainted(OperationAnalysisContext context, Location location, IOperation source, State state, string outcome, bool complete = false, IOperation? also = null)
    {
        var member = state.Sources.SourceName(source) ?? "token";
        var explanation = complete
            ? outcome
            : state.Sources.IsUncheckedStoredResult(source)
                ? "comes from a validation result kept in a field or property whose IsValid is not checked (ValidateTokenAsync does not throw for an invalid token), and " + outcome + ": check IsValid first"
                : "reads the token without validating it, and " + outcome + ": validate the token first";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        var isIdentityModelRead = TokenReads.IsUnverifiedRead(state.Symbols, source)
            && source is IInvocationOperation { Arguments.Length: 1 } or IObjectCreationOperation { Arguments.Length: 1 };
        if (isIdentityModelRead && source.Syntax.SyntaxTree == location.SourceTree)
        {
            properties = properties.Add(DiagnosticPropertyKeys.FixKind, SignatureFixKinds.ValidateInsteadOfRead);
        }

        var additional = also is null ? new[] { source.Syntax.GetLocation() } : new[] { source.Syntax.GetLocation(), also.Syntax.GetLocation() };
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, additional, properties, member, explanation));
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
}
