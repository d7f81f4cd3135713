using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Tokens;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Libraries.Jose;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT003: <c>ValidateLifetime = false</c>, <c>RequireExpirationTime = false</c>, or a <c>LifetimeValidator</c> that always
/// succeeds; and a jose-jwt <c>JWT.Decode</c>/<c>Verify</c> (which checks no claim) whose decoded claims are used with no
/// check of <c>exp</c> against the current time.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotDisableLifetimeValidationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotDisableLifetimeValidation,
        title: "Do not disable token lifetime validation",
        messageFormat: "'{0}' {1}",
        description: "Without lifetime validation an expired token, or one that never expires, is accepted forever: a token stolen once stays usable.");

    private static readonly ImmutableArray<string> Properties = ImmutableArray.Create(
        "ValidateLifetime", "RequireExpirationTime", "LifetimeValidator");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            if (TokenValidationContext.Create(start.Compilation) is { } validation)
            {
                start.RegisterOperationAction(ctx => Analyze(ctx, validation), OperationKind.SimpleAssignment);
            }

            // jose-jwt: only when the library is referenced, and only its decoding calls reach the flow queries.
            var jose = KnownSymbols.Get(start.Compilation).Jose;
            if (jose.IsPresent)
            {
                start.RegisterOperationAction(ctx => AnalyzeJoseDecode(ctx, jose), OperationKind.Invocation);
            }
        });
    }

    /// <summary>
    /// <c>JWT.Decode(token, key)</c> and friends verify the signature and validate no claim: an expired token decodes.
    /// Reported when the decoded claims are used (<see cref="JoseDecodedClaims"/>) and <c>exp</c> is never compared.
    /// </summary>
    private static void AnalyzeJoseDecode(OperationAnalysisContext context, JoseJwtSymbols jose)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!JoseCalls.IsVerifyingRead(invocation.TargetMethod, jose)
            || JoseCalls.AcceptsUnsignedWithoutKey(invocation, jose) is not null // no key: JWT001's finding
            || invocation.SemanticModel is not { } model
            || JoseDecodedClaims.Get(model.Compilation).FindUseWithoutExpiryCheck(invocation) is null)
        {
            return;
        }

        var member = "JWT." + invocation.TargetMethod.Name;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetNameLocation(), properties, member,
            "checks the signature but not the expiry: the decoded claims are used and 'exp' is never compared with the current time, so an expired token is accepted; reject the token when 'exp' (and 'nbf') are out of range"));
    }

    private static void Analyze(OperationAnalysisContext context, TokenValidationContext symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        switch (symbols.MatchProperty(assignment, Properties))
        {
            case { } flag and ("ValidateLifetime" or "RequireExpirationTime") when symbols.IsDisabled(assignment.Value):
                // A real LifetimeValidator runs whatever the flags say (IdentityModel calls the delegate first).
                var scope = ObjectWrites.For(assignment);
                if (symbols.HasRealValidator(scope, "LifetimeValidator"))
                {
                    return;
                }

                // The classic refresh helper (GetPrincipalFromExpiredToken): see IsRefreshHelper.
                if (flag == "ValidateLifetime" && IsRefreshHelper(assignment, scope, symbols))
                {
                    return;
                }

                TokenValidationContext.ReportSetTrue(context, Rule, assignment, flag, flag == "ValidateLifetime"
                    ? "is false: expired tokens are accepted; set it to true"
                    : "is false: tokens without an expiry ('exp') are accepted; set it to true");
                break;
            case "LifetimeValidator" when DelegateAnalysis.AlwaysReturnsTrue(assignment.Value):
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, "LifetimeValidator",
                    "always succeeds: expired tokens are accepted, whatever ValidateLifetime says; remove it");
                break;
        }
    }

    private static readonly ImmutableArray<string> ChecksThatMustStayOn = ImmutableArray.Create(
        "ValidateIssuer", "ValidateAudience", "ValidateIssuerSigningKey", "RequireSignedTokens");

    private static readonly ImmutableArray<string> SigningKeys = ImmutableArray.Create("IssuerSigningKey", "IssuerSigningKeys");

    /// <summary>
    /// The refresh helper every tutorial ships (<c>GetPrincipalFromExpiredToken</c>): a <c>TokenValidationParameters</c>
    /// built in a method with <c>ValidateLifetime = false</c>, a signing key, issuer, audience and signature checks left
    /// on, and used for nothing but a real validation call (<c>ValidateToken</c>) that reads an expired access token so
    /// the caller can look up its stored refresh token. Accepting an expired token is the point there; the token is
    /// still verified. JWT003 stays silent on exactly this shape (documented on its page); the same parameters handed
    /// to JwtBearer, stored, or with another check off are reported.
    /// </summary>
    private static bool IsRefreshHelper(ISimpleAssignmentOperation assignment, ObjectWrites scope, TokenValidationContext symbols)
    {
        foreach (var name in ChecksThatMustStayOn)
        {
            foreach (var value in scope.ValuesOf(symbols.Property(name)))
            {
                if (symbols.IsDisabled(value))
                {
                    return false;
                }
            }
        }

        if (!SigningKeys.Any(k => scope.Assigns(symbols.Property(k))) || FindCreation(assignment) is not { } creation)
        {
            return false;
        }

        var validation = ValidationCalls.Get(symbols.Symbols.Compilation);
        var validated = false;
        foreach (var use in symbols.Flow.SinksOf(creation))
        {
            switch (use)
            {
                case IArgumentOperation { Parent: IInvocationOperation call } when validation.IsValidation(call.TargetMethod):
                    validated = true;
                    break;
                case IPropertyReferenceOperation { Parent: ISimpleAssignmentOperation configured } property when ReferenceEquals(configured.Target, property):
                    break; // p.ValidateIssuer = true; configuring the object, not handing it on.
                default:
                    return false;
            }
        }

        return validated;
    }

    /// <summary>The <c>new TokenValidationParameters { ... }</c> the assignment configures (its initializer, or the creation a local was initialised with).</summary>
    private static IObjectCreationOperation? FindCreation(ISimpleAssignmentOperation assignment)
    {
        if (assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
        {
            return creation;
        }

        if (assignment.Target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation local }
            && local.Local.DeclaringSyntaxReferences.Length == 1
            && assignment.SemanticModel?.GetOperation(local.Local.DeclaringSyntaxReferences[0].GetSyntax()) is IVariableDeclaratorOperation declarator
            && declarator.GetVariableInitializer()?.Value is { } initial
            && ValueFlow.Unwrap(initial) is IObjectCreationOperation localCreation)
        {
            return localCreation;
        }

        return null;
    }
}
