using System.Collections.Generic;
using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Libraries.Jose;
using JwtAnalyzers.Internal.Libraries.JwtNet;
using JwtAnalyzers.Internal.Libraries.Tokens;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT006: an <c>IssuerSigningKeyValidator</c> that always succeeds, or a verification key taken from the token being
/// validated (its <c>jwk</c>, <c>jku</c>, <c>x5u</c> or <c>x5c</c> header, see <see cref="TokenHeaderKeys"/>) in every
/// library: an <c>IssuerSigningKeyResolver</c> that returns it, <c>IssuerSigningKey(s)</c> built from it, the key of a
/// jose-jwt <c>JWT.Decode</c>/<c>Verify</c>, a Jwt.Net <c>WithSecret</c>, decoder key or algorithm built from it.
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
        "IssuerSigningKeyResolver", "IssuerSigningKeyResolverUsingConfiguration",
        "IssuerSigningKey", "IssuerSigningKeys");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            if (TokenValidationContext.Create(start.Compilation) is { } validation)
            {
                start.RegisterOperationAction(ctx => Analyze(ctx, validation), OperationKind.SimpleAssignment);
            }

            // jose-jwt and Jwt.Net take the key as an argument: registered only when one of them is referenced and the
            // code names a key-bearing header somewhere (a text scan, no flow).
            var symbols = KnownSymbols.Get(start.Compilation);
            var jwtNet = JwtNetDecoding.Create(start.Compilation);
            if ((symbols.Jose.IsPresent || jwtNet is not null) && TokenHeaderKeys.Get(start.Compilation) is { } keys && keys.AnyKeyHeaderNamed())
            {
                start.RegisterOperationAction(ctx => AnalyzeKeyArgument(ctx, symbols, jwtNet, keys), OperationKind.Invocation, OperationKind.ObjectCreation);
            }
        });
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
            case { } name and ("IssuerSigningKeyResolver" or "IssuerSigningKeyResolverUsingConfiguration")
                when ResolverReadsKeyFromToken(assignment.Value, TokenHeaderKeys.Get(symbols.Symbols.Compilation)) is { } header:
                TokenValidationContext.ReportRemoveAssignment(context, Rule, assignment, name,
                    $"builds the signing key from the token's '{header}' header: an attacker can sign tokens with their own key");
                break;
            case { } name and ("IssuerSigningKey" or "IssuerSigningKeys")
                when TokenHeaderKeys.Get(symbols.Symbols.Compilation).FindKeyHeader(assignment.Value) is { } header:
                // No automatic fix: removing the key would leave nothing to verify with; the configured key must replace it.
                Report(context, assignment.Syntax.GetLocation(), name, header);
                break;
        }
    }

    /// <summary>The header name when a value the resolver returns derives from a key-bearing header of the token.</summary>
    private static string? ResolverReadsKeyFromToken(IOperation value, TokenHeaderKeys keys)
    {
        foreach (var returned in ResolverReturns(value, keys.Flow))
        {
            if (keys.FindKeyHeader(returned) is { } header)
            {
                return header;
            }
        }

        return null;
    }

    /// <summary>The values a resolver delegate returns: a lambda, an anonymous method, a local function or a source method (any file).</summary>
    private static IEnumerable<IOperation> ResolverReturns(IOperation value, ValueFlow flow)
    {
        if (DelegateAnalysis.GetBody(value) is { } body)
        {
            foreach (var returned in DelegateAnalysis.GetReturns(body.Block))
            {
                if (returned.ReturnedValue is { } result)
                {
                    yield return result;
                }
            }

            yield break;
        }

        var target = ValueFlow.Unwrap(value);
        if (target is IDelegateCreationOperation creation)
        {
            target = ValueFlow.Unwrap(creation.Target);
        }

        if (target is IMethodReferenceOperation { Method: var method } && ValueFlow.IsFollowable(method))
        {
            foreach (var result in flow.ReturnsOf(method.OriginalDefinition).Values)
            {
                yield return result;
            }
        }
    }

    /// <summary>The key of a jose-jwt decode, a Jwt.Net <c>WithSecret</c>, decoder call or algorithm, when it comes from the token's header.</summary>
    private static void AnalyzeKeyArgument(OperationAnalysisContext context, KnownSymbols symbols, JwtNetDecoding? jwtNet, TokenHeaderKeys keys)
    {
        ImmutableArray<IArgumentOperation> arguments;
        string api;
        switch (context.Operation)
        {
            case IInvocationOperation invocation when JoseCalls.IsVerifyingRead(invocation.TargetMethod, symbols.Jose):
                // The symbol test first: only jose-jwt's decoding calls reach the flow query.
                if (JoseCalls.KeyArgument(invocation, symbols.Jose) is not { ArgumentKind: ArgumentKind.Explicit } key)
                {
                    return;
                }

                arguments = ImmutableArray.Create(key);
                api = "JWT." + invocation.TargetMethod.Name;
                break;
            case IInvocationOperation invocation when jwtNet is not null && invocation.TargetMethod.IsMemberOf(jwtNet.JwtBuilder, "WithSecret"):
                arguments = invocation.Arguments;
                api = "JwtBuilder.WithSecret";
                break;
            case IInvocationOperation invocation when jwtNet is not null && jwtNet.IsDecoderDecode(invocation.TargetMethod):
                var keyArguments = ImmutableArray.CreateBuilder<IArgumentOperation>();
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.Explicit && symbols.JwtNet.IsKeyParameter(argument.Parameter))
                    {
                        keyArguments.Add(argument);
                    }
                }

                arguments = keyArguments.ToImmutable();
                api = "IJwtDecoder." + invocation.TargetMethod.Name;
                break;
            case IObjectCreationOperation { Type: { } type } creation when jwtNet?.JwtAlgorithmInterface is { } algorithm && creation.Arguments.Length > 0 && type.IsOrInheritsFrom(algorithm):
                arguments = creation.Arguments;
                api = "new " + type.Name;
                break;
            default:
                return;
        }

        foreach (var argument in arguments)
        {
            // WithSecret(a, b): a params array, whose elements are the keys.
            var values = argument.ArgumentKind == ArgumentKind.ParamArray && ValueFlow.Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } elements }
                ? elements.ElementValues
                : ImmutableArray.Create(argument.Value);
            foreach (var value in values)
            {
                if (keys.FindKeyHeader(value) is { } header)
                {
                    Report(context, value.Syntax.GetLocation(), api, header);
                    return;
                }
            }
        }
    }

    private static void Report(OperationAnalysisContext context, Location location, string member, string header)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, member,
            $"verifies with a key taken from the token's own '{header}' header: an attacker can sign tokens with their own key; use the keys you configured or your identity provider's metadata"));
    }
}
