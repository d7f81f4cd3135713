using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Jose;
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
            var jose = KnownSymbols.Get(start.Compilation).Jose;
            if (!jose.IsPresent)
            {
                return;
            }

            start.RegisterOperationAction(ctx => Analyze(ctx, jose), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, JoseJwtSymbols jose)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (JoseCalls.AcceptsUnsignedWithoutKey(invocation, jose) is not { } keyArgument)
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
