using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>JWT004: <c>ValidateAudience = false</c>, <c>RequireAudience = false</c>, or an <c>AudienceValidator</c> that always succeeds.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotDisableAudienceValidationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotDisableAudienceValidation,
        title: "Do not disable audience validation",
        messageFormat: "'{0}' {1}",
        description: "Without audience validation a token issued for another API or client is accepted here (token substitution, RFC 8725 section 3.9). ValidAudience(s) are ignored when ValidateAudience is false.");

    private static readonly ImmutableArray<string> Properties = ImmutableArray.Create(
        "ValidateAudience", "RequireAudience", "AudienceValidator");

    internal static readonly ImmutableArray<string> AudienceValues = ImmutableArray.Create("ValidAudience", "ValidAudiences");
    internal static readonly ImmutableArray<string> OwnerAudienceValues = ImmutableArray.Create("Audience");

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
            case { } flag and ("ValidateAudience" or "RequireAudience") when symbols.IsDisabled(assignment.Value):
                var scope = ObjectWrites.For(assignment);
                if (symbols.HasRealValidator(scope, "AudienceValidator"))
                {
                    return;
                }

                var hasAudience = symbols.AssignsAny(scope, AudienceValues, OwnerAudienceValues);
                var explanation = flag == "RequireAudience"
                    ? "is false: tokens without an audience ('aud') are accepted; set it to true"
                    : hasAudience
                        ? "is false: tokens for any audience are accepted, and the configured audience is ignored; set it to true"
                        : "is false: tokens for any audience are accepted; set it to true and set ValidAudience";
                TokenValidationContext.ReportSetTrue(context, Rule, assignment, flag, explanation, valuePresent: flag == "RequireAudience" || hasAudience);
                break;
            case "AudienceValidator" when DelegateAnalysis.AlwaysReturnsTrue(assignment.Value):
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, "AudienceValidator",
                    "always succeeds: tokens for any audience are accepted, whatever ValidateAudience says; remove it");
                break;
        }
    }
}
