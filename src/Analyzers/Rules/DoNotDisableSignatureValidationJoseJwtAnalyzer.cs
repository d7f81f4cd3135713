using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT001 for jose-jwt: <c>JWT.Verify(token, null)</c>, <c>JWT.Decode(token)</c> / <c>Decode(token, null)</c> /
/// <c>Decode&lt;T&gt;(token)</c> / <c>DecodeBytes(token)</c>. Without a key and without an expected algorithm jose-jwt
/// accepts an unsigned <c>alg: none</c> token as valid (a non-null key makes it reject <c>none</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotDisableSignatureValidationJoseJwtAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(DoNotDisableSignatureValidationAnalyzer.Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var jwt = start.Compilation.GetBestTypeByMetadataName("Jose.JWT");
            if (jwt is null)
            {
                return;
            }

            start.RegisterOperationAction(ctx => Analyze(ctx, jwt), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol jwt)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (JoseCalls.AcceptsUnsignedWithoutKey(invocation, jwt) is not { } keyArgument)
        {
            return;
        }

        var location = keyArgument.ArgumentKind == ArgumentKind.DefaultValue ? invocation.Syntax.GetNameLocation() : keyArgument.Syntax.GetLocation();
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, invocation.TargetMethod.Name);
        context.ReportDiagnostic(Diagnostic.Create(DoNotDisableSignatureValidationAnalyzer.Rule, location, properties,
            "JWT." + invocation.TargetMethod.Name,
            "is called without a key and without an expected algorithm: an unsigned 'alg: none' token is accepted as valid"));
    }
}

/// <summary>The jose-jwt call shapes shared by JWT001, JWT014 and JWT015.</summary>
internal static class JoseCalls
{
    /// <summary>A <c>JWT.Decode</c>/<c>DecodeBytes</c>/<c>Verify</c>/<c>VerifyBytes</c> call (not the JWE-only overloads).</summary>
    public static bool IsDecodeOrVerify(IInvocationOperation invocation, INamedTypeSymbol jwt)
    {
        var method = invocation.TargetMethod;
        return method.Name is "Decode" or "DecodeBytes" or "Verify" or "VerifyBytes"
               && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, jwt)
               && !method.Parameters.Any(p => p.Name == "enc");
    }

    /// <summary>The argument that names the expected JWS algorithm, or null for the auto-detecting overloads.</summary>
    public static IArgumentOperation? ExpectedAlgorithm(IInvocationOperation invocation)
        => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "alg" or "jwsAlg");

    /// <summary>True when the expected-algorithm argument is absent or the constant null.</summary>
    public static bool HasNoExpectedAlgorithm(IInvocationOperation invocation)
    {
        var alg = ExpectedAlgorithm(invocation);
        return alg is null
               || alg.ArgumentKind == ArgumentKind.DefaultValue
               || alg.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null };
    }

    /// <summary>
    /// When the call decodes or verifies with no key (omitted or constant null) and no expected algorithm, the key
    /// argument (possibly a default-value argument); otherwise null.
    /// </summary>
    public static IArgumentOperation? AcceptsUnsignedWithoutKey(IInvocationOperation invocation, INamedTypeSymbol jwt)
    {
        if (!IsDecodeOrVerify(invocation, jwt) || !HasNoExpectedAlgorithm(invocation))
        {
            return null;
        }

        var key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
        if (key is null)
        {
            return null;
        }

        var isNull = key.ArgumentKind == ArgumentKind.DefaultValue
            ? key.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: null }
            : ValueFlow.AllSources(key.Value, v => v.WalkDownConversion().ConstantValue is { HasValue: true, Value: null });
        return isNull ? key : null;
    }
}
