using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>JWT003: <c>ValidateLifetime = false</c>, <c>RequireExpirationTime = false</c>, or a <c>LifetimeValidator</c> that always succeeds.</summary>
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
        TokenValidationRules.RegisterAssignmentAnalysis(context, Analyze);
    }

    private static void Analyze(OperationAnalysisContext context, TokenValidationSymbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        switch (symbols.MatchTokenValidationProperty(assignment, Properties))
        {
            case { } flag and ("ValidateLifetime" or "RequireExpirationTime") when ConstantEvaluator.IsConstantFalse(assignment.Value):
                // A real LifetimeValidator runs whatever the flags say (IdentityModel calls the delegate first).
                if (TokenValidationRules.HasRealValidator(AssignmentScope.For(assignment), "LifetimeValidator"))
                {
                    return;
                }

                TokenValidationRules.ReportSetTrue(context, Rule, assignment, flag, flag == "ValidateLifetime"
                    ? "is false: expired tokens are accepted; set it to true"
                    : "is false: tokens without an expiry ('exp') are accepted; set it to true");
                break;
            case "LifetimeValidator" when DelegateAnalysis.AlwaysReturnsTrue(assignment.Value):
                TokenValidationRules.ReportRemoveAssignment(context, Rule, assignment, "LifetimeValidator",
                    "always succeeds: expired tokens are accepted, whatever ValidateLifetime says; remove it");
                break;
        }
    }
}
