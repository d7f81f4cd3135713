using System.Collections.Immutable;
using JwtAnalyzers.Internal;
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
        TokenValidationRules.RegisterAssignmentAnalysis(context, Analyze);
    }

    private static void Analyze(OperationAnalysisContext context, TokenValidationSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        switch (symbols.MatchTokenValidationProperty(assignment, Properties))
        {
            case "ValidateIssuer" when ConstantEvaluator.IsConstantFalse(assignment.Value):
                var scope = AssignmentScope.For(assignment);
                if (TokenValidationRules.HasRealValidator(scope, "IssuerValidator", "IssuerValidatorUsingConfiguration"))
                {
                    return;
                }

                var hasIssuer = TokenValidationRules.AssignsAny(scope, IssuerValues, OwnerIssuerValues);
                TokenValidationRules.ReportSetTrue(context, Rule, assignment, "ValidateIssuer",
                    hasIssuer
                        ? "is false: tokens from any issuer are accepted, and the configured issuer is ignored"
                        : "is false: tokens from any issuer are accepted",
                    valuePresent: hasIssuer);
                break;
            case { } name and ("IssuerValidator" or "IssuerValidatorUsingConfiguration") when DelegateAnalysis.AlwaysReturnsParameterOrConstant(assignment.Value, 0):
                TokenValidationRules.ReportRemoveAssignment(context, Rule, assignment, name,
                    "returns the issuer without checking it: tokens from any issuer are accepted");
                break;
        }
    }
}
