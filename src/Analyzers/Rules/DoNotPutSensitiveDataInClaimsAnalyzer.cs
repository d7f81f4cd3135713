using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Rules;

/// <summary>JWT016: sensitive claim names or values in a token that is signed but not encrypted.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotPutSensitiveDataInClaimsAnalyzer : DiagnosticAnalyzer
{
    public const string SensitiveClaimPatternOption = "sensitive_claim_pattern";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotPutSensitiveDataInClaims,
        title: "Do not put sensitive data in token claims",
        messageFormat: "Claim '{0}' carries sensitive data ({1}) in a token that is signed but not encrypted: anyone who holds the token reads it",
        description: "The payload of a signed JWT is only base64url-encoded: the browser, every proxy and every log that sees the token reads every claim. Keep passwords and their hashes, secrets, keys, connection strings, national ids and payment card data out of tokens; use reference tokens or encrypt the token.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
    }
}
