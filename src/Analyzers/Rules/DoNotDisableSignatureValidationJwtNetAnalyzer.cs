using System.Collections.Immutable;
using System.Globalization;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Libraries.JwtNet;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT001 for Jwt.Net (NuGet <c>JWT</c>): decoding without signature verification, version-aware. Reports
/// <c>verify: false</c>, the decoder overloads that never verify (up to 9.x), <c>JwtBuilder.Decode</c> without
/// <c>MustVerifySignature()</c> (up to 8.x), <c>DoNotVerifySignature()</c>, <c>WithVerifySignature(false)</c>,
/// <c>ValidationParameters.None</c>, <c>ValidateSignature = false</c> and <c>JwtAuthenticationOptions.VerifySignature = false</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotDisableSignatureValidationJwtNetAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DoNotDisableSignatureValidationAnalyzer.Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = JwtNetDecoding.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, symbols), OperationKind.Invocation);
            start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols), OperationKind.SimpleAssignment);
            if (symbols.ValidationParameters is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzePropertyReference(ctx, symbols), OperationKind.PropertyReference);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, JwtNetDecoding symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;

        if (symbols.GetUnverifiedDecoderCall(invocation) is { } unverified)
        {
            if (unverified.Kind == UnverifiedDecodeKind.VerifyFalse && unverified.VerifyArgument is { } verify)
            {
                Report(context, verify.Syntax.GetLocation(), SignatureFixKinds.SetArgumentTrue, method.Name,
                    "is called with verify: false: forged and 'alg: none' tokens are decoded as if they were valid");
            }
            else
            {
                Report(context, invocation.Syntax.GetNameLocation(), fixKind: null, method.Name,
                    string.Format(CultureInfo.InvariantCulture,
                        "does not verify the signature in Jwt.Net {0}: pass the key and verify: true (or use JwtBuilder with MustVerifySignature())",
                        VersionText(symbols)));
            }

            return;
        }

        if (symbols.JwtBuilder is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.JwtBuilder))
        {
            return;
        }

        switch (method.Name)
        {
            case "DoNotVerifySignature":
                Report(context, invocation.Syntax.GetNameLocation(), SignatureFixKinds.UseMustVerifySignature, method.Name,
                    "turns signature verification off: forged and 'alg: none' tokens are decoded as if they were valid");
                break;

            case "WithVerifySignature" when invocation.Arguments.Length == 1 && ConstantValues.IsFalse(invocation.Arguments[0].Value):
                Report(context, invocation.Arguments[0].Syntax.GetLocation(), SignatureFixKinds.SetArgumentTrue, method.Name,
                    "is called with false: forged and 'alg: none' tokens are decoded as if they were valid");
                break;

            case "Decode":
                var verification = symbols.GetBuilderVerification(invocation);
                if (verification.Kind == BuilderVerificationKind.DefaultUnverified)
                {
                    Report(context, invocation.Syntax.GetNameLocation(), SignatureFixKinds.InsertMustVerifySignature, method.Name,
                        string.Format(CultureInfo.InvariantCulture,
                            "is called on a JwtBuilder without MustVerifySignature(): Jwt.Net {0} does not verify the signature by default",
                            VersionText(symbols)));
                }

                break;
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, JwtNetDecoding symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        // The property (by symbol) before the value: only these two assignments pay for a flow query.
        var container = target.Property.ContainingType?.OriginalDefinition;
        var validateSignature = target.Property.Name == "ValidateSignature" && SymbolEqualityComparer.Default.Equals(container, symbols.ValidationParameters);
        var verifySignature = !validateSignature && target.Property.Name == "VerifySignature" && SymbolEqualityComparer.Default.Equals(container, symbols.JwtAuthenticationOptions);
        if ((!validateSignature && !verifySignature) || !ConstantValues.IsFalse(assignment.Value))
        {
            return;
        }

        if (validateSignature)
        {
            TokenValidationContext.ReportSetTrue(context, DoNotDisableSignatureValidationAnalyzer.Rule, assignment, "ValidateSignature",
                "is false: Jwt.Net decodes forged and 'alg: none' tokens as if they were valid");
        }
        else
        {
            TokenValidationContext.ReportSetTrue(context, DoNotDisableSignatureValidationAnalyzer.Rule, assignment, "VerifySignature",
                "is false: the Jwt.Net authentication handler accepts forged and 'alg: none' tokens");
        }
    }

    /// <summary><c>ValidationParameters.None</c> handed to a builder, a validator or assigned: every check is off, the signature first.</summary>
    private static void AnalyzePropertyReference(OperationAnalysisContext context, JwtNetDecoding symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (!symbols.IsValidationParametersNone(reference))
        {
            return;
        }

        Report(context, reference.Syntax.GetLocation(), SignatureFixKinds.UseDefaultValidationParameters, "ValidationParameters.None",
            "turns every check off, signature verification included: forged and 'alg: none' tokens are decoded as if they were valid");
    }

    private static string VersionText(JwtNetDecoding symbols)
        => symbols.Major == JwtNetSymbols.UnknownMajor ? "this version" : symbols.Major.ToString(CultureInfo.InvariantCulture) + ".x";

    private static void Report(OperationAnalysisContext context, Location location, string? fixKind, string member, string explanation)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        if (fixKind is not null)
        {
            properties = properties.Add(DiagnosticPropertyKeys.FixKind, fixKind);
        }

        context.ReportDiagnostic(Diagnostic.Create(DoNotDisableSignatureValidationAnalyzer.Rule, location, properties, member, explanation));
    }
}
