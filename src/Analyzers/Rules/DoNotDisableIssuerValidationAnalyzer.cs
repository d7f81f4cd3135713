using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>JWT005: <c>ValidateIssuer = false</c>, or an <c>IssuerValidator</c> that returns the issuer without checking it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotDisableIssuerValidationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotDisableIssuerValidation,
        title: "Do not disable issuer validation",
        messageFormat: "'{0}' {1}",
        description: "Without issuer validation a token from any issuer that shares the signing keys is accepted; with a multi-tenant authority that is any tenant (RFC 8725 section 3.8).");

    private static readonly ImmutableArray<string> Properties = ImmutableArray.Create(
        "ValidateIssuer", "IssuerValidator", "IssuerValidatorUsingConfiguration");

    internal static readonly ImmutableArray<string> IssuerValues = ImmutableArray.Create("ValidIssuer", "ValidIssuers");
    internal static readonly ImmutableArray<string> OwnerIssuerValues = ImmutableArray.Create("Authority", "MetadataAddress");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        TokenValidationContext.RegisterAssignmentAnalysis(context, Analyze);
    }

    private static void Analyze(OperationAnalysisContext context, TokenValidationContext symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        switch (symbols.MatchProperty(assignment, Properties))
        {
            case "ValidateIssuer" when symbols.IsDisabled(assignment.Value):
                var scope = ObjectWrites.For(assignment);
                if (symbols.HasRealValidator(scope, "IssuerValidator", "IssuerValidatorUsingConfiguration"))
                {
                    return;
                }

                var hasIssuer = symbols.AssignsAny(scope, IssuerValues, OwnerIssuerValues);
                TokenValidationContext.ReportSetTrue(context, Rule, assignment, "ValidateIssuer",
                    hasIssuer
                        ? "is false: tokens from any issuer are accepted, and the configured issuer is ignored"
                        : "is false: tokens from any issuer are accepted",
                    valuePresent: hasIssuer);
                break;
            case { } name and ("IssuerValidator" or "IssuerValidatorUsingConfiguration") when DelegateAnalysis.AlwaysReturnsParameterOrConstant(assignment.Value, 0):
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, name,
                    "returns the issuer without checking it: tokens from any issuer are accepted");
                break;
        }
    }
}
