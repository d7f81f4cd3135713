using System;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT006: an <c>IssuerSigningKeyValidator</c> that always succeeds, or an <c>IssuerSigningKeyResolver</c> that takes
/// the key from the token being validated (its <c>jwk</c>, <c>jku</c>, <c>x5u</c> or <c>x5c</c> header).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotBypassSigningKeyValidationAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotBypassSigningKeyValidation,
        title: "Do not bypass signing-key validation",
        messageFormat: "'{0}' {1}",
        description: "The key that verifies a token must come from your configuration, never from the token: a key taken from the token's jwk, jku, x5u or x5c header lets the attacker sign with their own key. A signing-key validator that always succeeds removes the checks you configured on the key.");

    private static readonly ImmutableArray<string> Properties = ImmutableArray.Create(
        "IssuerSigningKeyValidator", "IssuerSigningKeyValidatorUsingConfiguration",
        "IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration");

    private static readonly ImmutableHashSet<string> KeyHeaders = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "jwk", "jku", "x5u", "x5c");

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
            case { } name and ("IssuerSigningKeyValidator" or "IssuerSigningKeyValidatorUsingConfiguration") when DelegateAnalysis.AlwaysReturnsTrue(assignment.Value):
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, name,
                    "always succeeds: every signing key is accepted without the checks you configured");
                break;
            case { } name and ("IssuerSigningKeyResolver" or "IssuerSigningKeyResolverUsingConfiguration") when ReadsKeyFromToken(assignment.Value) is { } header:
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, name,
                    $"builds the signing key from the token's '{header}' header: an attacker can sign tokens with their own key");
                break;
        }
    }

    /// <summary>The header name when the resolver body reads a key-bearing header of the token.</summary>
    private static string? ReadsKeyFromToken(IOperation value)
    {
        if (DelegateAnalysis.GetBody(value) is not { } body)
        {
            return null;
        }

        foreach (var operation in body.Block.Descendants())
        {
            // header["jwk"], TryGetHeaderValue("jku", out ...), GetHeaderValue<string>("x5u"), Header[JwtHeaderParameterNames.X5c]
            if (operation is IArgumentOperation or IPropertyReferenceOperation { Arguments.Length: > 0 })
            {
                continue;
            }

            if (operation.ConstantValue is { HasValue: true, Value: string text }
                && KeyHeaders.Contains(text)
                && operation.Parent is IArgumentOperation or IPropertyReferenceOperation { Arguments.Length: > 0 } or IArrayElementReferenceOperation)
            {
                return text.ToLowerInvariant();
            }

            // JwtHeader.X5c / JsonWebToken.X5c-like properties that expose a key-bearing header directly.
            if (operation is IPropertyReferenceOperation { Property.Name: var propertyName }
                && KeyHeaders.Contains(propertyName)
                && operation.Type?.SpecialType == SpecialType.System_String)
            {
                return propertyName.ToLowerInvariant();
            }
        }

        return null;
    }
}
