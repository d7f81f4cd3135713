using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Jose;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT015 (off by default; the strict preset turns it on): the accepted algorithms are not pinned where the keys
/// could admit several key types. <c>TokenValidationParameters</c> with a key set mixing key types or a key resolver,
/// and no <c>ValidAlgorithms</c>; jose-jwt <c>JWT.Decode(token, key)</c> without the expected algorithm; a Jwt.Net
/// <c>DelegateAlgorithmFactory</c> that can return both HMAC and asymmetric algorithms.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PinAcceptedAlgorithmsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.PinAcceptedAlgorithms,
        title: "Pin the accepted signing algorithms",
        messageFormat: "'{0}' {1}",
        description: "When the accepted algorithms are not pinned, the token's own 'alg' header picks how it is verified. With keys of several types (an HMAC secret next to RSA keys, a resolver, a JWKS), that lets an attacker pick the weakest combination, such as an HS256 token verified with a public key as the secret (key confusion), or make jose-jwt decrypt where it should verify. Pin the algorithms of the configured keys.",
        isEnabledByDefault: false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.Get(start.Compilation);
            var identityModel = known.IdentityModel;
            var keyTypes = new KeyTypes(known);
            if (identityModel.TokenValidationParameters is not null && identityModel.TokenValidationParametersProperty("ValidAlgorithms") is not null)
            {
                // ValidAlgorithms exists from IdentityModel 6.x: on 5.x there is nothing to pin with.
                start.RegisterOperationAction(ctx => AnalyzeTokenValidationParameters(ctx, identityModel, keyTypes), OperationKind.ObjectCreation);
            }

            if (known.Jose.IsPresent)
            {
                start.RegisterOperationAction(ctx => AnalyzeJose(ctx, known.Jose, keyTypes), OperationKind.Invocation);
            }

            if (known.JwtNet.DelegateAlgorithmFactory is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeDelegateFactory(ctx, known.JwtNet), OperationKind.ObjectCreation);
            }
        });
    }

    private static void AnalyzeTokenValidationParameters(OperationAnalysisContext context, IdentityModelSymbols identityModel, KeyTypes keyTypes)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.IsOrInheritsFrom(identityModel.TokenValidationParameters)
            || creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>().FirstOrDefault() is not { } first)
        {
            return;
        }

        var scope = ObjectWrites.For(first);
        if (scope.Assigns(identityModel.TokenValidationParametersProperty("ValidAlgorithms")) || scope.Assigns(identityModel.TokenValidationParametersProperty("AlgorithmValidator")))
        {
            return;
        }

        var resolver = scope.Assigns(identityModel.TokenValidationParametersProperty("IssuerSigningKeyResolver")) || scope.Assigns(identityModel.TokenValidationParametersProperty("IssuerSigningKeyResolverUsingConfiguration"));
        var families = new HashSet<string>();
        var unknown = false;
        foreach (var value in scope.ValuesOf(identityModel.TokenValidationParametersProperty("IssuerSigningKeys")).Concat(scope.ValuesOf(identityModel.TokenValidationParametersProperty("IssuerSigningKey"))))
        {
            CollectFamilies(value, keyTypes, families, ref unknown);
        }

        var keySet = scope.Assigns(identityModel.TokenValidationParametersProperty("IssuerSigningKeys"));
        string explanation;
        if (resolver)
        {
            explanation = "has a signing-key resolver and no ValidAlgorithms: the token's 'alg' header decides how the resolved keys are used";
        }
        else if (families.Count > 1)
        {
            explanation = "mixes key types (" + string.Join(", ", families.OrderBy(f => f, System.StringComparer.Ordinal)) + ") without ValidAlgorithms: a token can pick the algorithm, the door to key confusion";
        }
        else if (keySet && unknown)
        {
            explanation = "has a key set of unknown key types and no ValidAlgorithms: the token's 'alg' header decides how the keys are used";
        }
        else
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, "ValidAlgorithms");
        if (!resolver && !unknown && families.Count > 0)
        {
            properties = properties
                .Add(DiagnosticPropertyKeys.FixKind, SignatureFixKinds.PinValidAlgorithms)
                .Add(SignatureFixKinds.AlgorithmsKey, string.Join(",", families.OrderBy(f => f, System.StringComparer.Ordinal)));
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetNameLocationOfCreation(), properties, "TokenValidationParameters", explanation));
    }

    /// <summary>The <c>SecurityAlgorithms</c> member of each key created in view; <paramref name="unknown"/> when a key's type cannot be told.</summary>
    private static void CollectFamilies(IOperation value, KeyTypes keyTypes, HashSet<string> families, ref bool unknown)
    {
        value = value.WalkDownConversion();
        switch (value)
        {
            case IObjectCreationOperation { Initializer: { } initializer } when initializer.Initializers.Length > 0 && value.Type is INamedTypeSymbol { IsGenericType: true }:
                foreach (var element in initializer.Initializers)
                {
                    if (element is IInvocationOperation { Arguments.Length: 1 } add)
                    {
                        CollectFamilies(add.Arguments[0].Value, keyTypes, families, ref unknown);
                    }
                    else
                    {
                        unknown = true;
                    }
                }

                return;
            case IObjectCreationOperation creation:
                if (keyTypes.FamilyOf(creation.Type) is { } family)
                {
                    families.Add(family);
                }
                else
                {
                    unknown = true;
                }

                return;
            case IArrayCreationOperation { Initializer: { } arrayInitializer }:
                foreach (var element in arrayInitializer.ElementValues)
                {
                    CollectFamilies(element, keyTypes, families, ref unknown);
                }

                return;
            default:
                if (value.Type is { } type && keyTypes.FamilyOf(type) is { } typed)
                {
                    families.Add(typed);
                }
                else
                {
                    unknown = true;
                }

                return;
        }
    }

    private static void AnalyzeJose(OperationAnalysisContext context, JoseJwtSymbols jose, KeyTypes keyTypes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!(method.IsMemberOf(jose.Jwt, "Decode") || method.IsMemberOf(jose.Jwt, "DecodeBytes"))
            || !JoseCalls.IsDecodeOrVerify(invocation, jose)
            || !JoseCalls.HasNoExpectedAlgorithm(invocation, jose)
            || JoseCalls.AcceptsUnsignedWithoutKey(invocation, jose) is not null // JWT001's business
            || JoseCalls.KeyArgument(invocation, jose) is not { ArgumentKind: ArgumentKind.Explicit } key)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, "JWT." + invocation.TargetMethod.Name);
        var algorithm = keyTypes.JoseAlgorithmOf(key.Value.WalkDownConversion().Type);
        if (algorithm is not null && invocation.Arguments.Count(a => a.ArgumentKind == ArgumentKind.Explicit) == 2 && JoseCalls.ExpectedAlgorithm(invocation, jose) is null)
        {
            properties = properties.Add(DiagnosticPropertyKeys.FixKind, SignatureFixKinds.AddExpectedAlgorithm).Add(SignatureFixKinds.AlgorithmsKey, algorithm);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetNameLocation(), properties, "JWT." + invocation.TargetMethod.Name,
            "does not name the expected algorithm: the token header chooses it, and an attacker can send a JWE encrypted with the public key where a signed token is expected"));
    }

    private static void AnalyzeDelegateFactory(OperationAnalysisContext context, JwtNetSymbols jwtNet)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var asymmetric = jwtNet.AsymmetricAlgorithmInterface;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, jwtNet.DelegateAlgorithmFactory) || creation.Arguments.Length != 1
            || DelegateAnalysis.GetBody(creation.Arguments[0].Value) is not { } body)
        {
            return;
        }

        var created = body.Block.Descendants().OfType<IObjectCreationOperation>().Select(c => c.Type).Where(t => t is not null).ToList();
        var hmac = created.Any(t => t is INamedTypeSymbol named && jwtNet.HmacAlgorithms.ContainsKey(named.OriginalDefinition));
        var asym = created.Any(t => asymmetric is not null && t!.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, asymmetric)));
        if (hmac && asym)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "DelegateAlgorithmFactory",
                "can return both an HMAC and an asymmetric algorithm: the token picks, the door to RS256/HS256 key confusion; use one algorithm family per key"));
        }
    }

    private sealed class KeyTypes
    {
        private readonly INamedTypeSymbol? _symmetric;
        private readonly INamedTypeSymbol? _rsa;
        private readonly INamedTypeSymbol? _x509;
        private readonly INamedTypeSymbol? _ecdsa;
        private readonly INamedTypeSymbol? _cryptoRsa;
        private readonly INamedTypeSymbol? _cryptoEcdsa;

        public KeyTypes(KnownSymbols symbols)
        {
            _symmetric = symbols.IdentityModel.SymmetricSecurityKey;
            _rsa = symbols.IdentityModel.RsaSecurityKey;
            _x509 = symbols.IdentityModel.X509SecurityKey;
            _ecdsa = symbols.IdentityModel.ECDsaSecurityKey;
            _cryptoRsa = symbols.Bcl.Rsa;
            _cryptoEcdsa = symbols.Bcl.ECDsa;
        }

        /// <summary>The <c>SecurityAlgorithms</c> member for an IdentityModel key type.</summary>
        public string? FamilyOf(ITypeSymbol? type)
        {
            if (type.IsOrInheritsFrom(_symmetric))
            {
                return "HmacSha256";
            }

            if (type.IsOrInheritsFrom(_rsa) || type.IsOrInheritsFrom(_x509))
            {
                return "RsaSha256";
            }

            return type.IsOrInheritsFrom(_ecdsa) ? "EcdsaSha256" : null;
        }

        /// <summary>The <c>JwsAlgorithm</c> member for a jose-jwt key object.</summary>
        public string? JoseAlgorithmOf(ITypeSymbol? type)
        {
            if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
            {
                return "HS256";
            }

            if (type.IsOrInheritsFrom(_cryptoRsa))
            {
                return "RS256";
            }

            return type.IsOrInheritsFrom(_cryptoEcdsa) ? "ES256" : null;
        }
    }
}
