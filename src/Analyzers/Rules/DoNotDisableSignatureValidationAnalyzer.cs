using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>JWT001: <c>RequireSignedTokens = false</c>, or a <c>SignatureValidator</c> that parses the token without verifying it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotDisableSignatureValidationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotDisableSignatureValidation,
        title: "Do not disable token signature validation",
        messageFormat: "'{0}' {1}",
        description: "A token whose signature is not verified can be forged by anyone: RequireSignedTokens = false accepts 'alg: none' tokens and tokens whose signature was simply removed, and a SignatureValidator that only parses the token accepts any signature.");

    private static readonly ImmutableArray<string> Properties = ImmutableArray.Create(
        "RequireSignedTokens", "SignatureValidator", "SignatureValidatorUsingConfiguration");

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
            case "RequireSignedTokens" when ConstantEvaluator.IsConstantFalse(assignment.Value):
                TokenValidationRules.ReportSetTrue(context, Rule, assignment, "RequireSignedTokens",
                    "is false: unsigned ('alg: none') tokens and tokens with their signature stripped are accepted");
                break;
            case { } name and ("SignatureValidator" or "SignatureValidatorUsingConfiguration") when ReturnsUnverifiedToken(assignment.Value, symbols):
                TokenValidationRules.ReportRemoveAssignment(context, Rule, assignment, name,
                    "returns the token without verifying its signature: forged tokens are accepted");
                break;
        }
    }

    /// <summary>Every return is a token parsed from the string, and nothing in the body verifies anything.</summary>
    private static bool ReturnsUnverifiedToken(IOperation value, TokenValidationSymbols symbols)
    {
        if (DelegateAnalysis.GetBody(value) is not { } body)
        {
            return false;
        }

        var returns = DelegateAnalysis.GetReturns(body.Block);
        if (returns.Count == 0 || DelegateAnalysis.MayReject(body.Block))
        {
            return false;
        }

        foreach (var ret in returns)
        {
            if (ret.ReturnedValue is not { } returned
                || !ValueResolver.AllValues(returned, symbols.IsUnverifiedTokenRead))
            {
                return false;
            }
        }

        // A body that calls a validation or verification API (ValidateToken, Verify, VerifyData, FixedTimeEquals...)
        // checks the signature some other way: not our business.
        return !body.Block.Descendants().OfType<IInvocationOperation>().Any(i => IsVerification(i.TargetMethod.Name));

        static bool IsVerification(string name)
            => name.StartsWith("Validate", System.StringComparison.Ordinal)
               || name.StartsWith("Verify", System.StringComparison.Ordinal)
               || name.StartsWith("TryValidate", System.StringComparison.Ordinal)
               || name == "FixedTimeEquals";
    }
}
