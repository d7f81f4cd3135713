using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Tokens;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
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
        TokenValidationContext.RegisterAssignmentAnalysis(context, Analyze);
    }

    private static void Analyze(OperationAnalysisContext context, TokenValidationContext symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        switch (symbols.MatchProperty(assignment, Properties))
        {
            case "RequireSignedTokens" when symbols.IsFalse(assignment.Value):
                TokenValidationContext.ReportSetTrue(context, Rule, assignment, "RequireSignedTokens",
                    "is false: unsigned ('alg: none') tokens and tokens with their signature stripped are accepted");
                break;
            case { } name and ("SignatureValidator" or "SignatureValidatorUsingConfiguration") when ReturnsUnverifiedToken(assignment.Value, symbols):
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, name,
                    "returns the token without verifying its signature: forged tokens are accepted");
                break;
        }
    }

    /// <summary>Every return is a token parsed from the string, and nothing in the body verifies anything.</summary>
    private static bool ReturnsUnverifiedToken(IOperation value, TokenValidationContext symbols)
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
                || !symbols.Flow.SourcesOf(returned).All(symbols.IsUnverifiedTokenRead))
            {
                return false;
            }
        }

        // A body that calls a real validation or verification API (ValidateToken, Verify, VerifyData, FixedTimeEquals...),
        // directly or through a project helper that does, checks the signature some other way: not our business.
        var validation = ValidationCalls.Get(symbols.Symbols.Compilation);
        return validation.FindValidation(symbols.Flow, body.Block) is null;
    }
}
