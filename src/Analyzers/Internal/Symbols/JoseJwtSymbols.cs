using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>jose-jwt (NuGet <c>jose-jwt</c>, namespace <c>Jose</c>).</summary>
internal sealed class JoseJwtSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _jwt;
    private readonly Lazy<INamedTypeSymbol?> _jwsAlgorithm;
    private readonly Lazy<INamedTypeSymbol?> _jweAlgorithm;
    private readonly Lazy<INamedTypeSymbol?> _jwk;
    private readonly Lazy<INamedTypeSymbol?> _jwtSettings;
    private readonly Lazy<INamedTypeSymbol?> _jweEncryption;
    private readonly Lazy<IFieldSymbol?> _none;
    private readonly Lazy<ImmutableHashSet<IParameterSymbol>> _keyParameters;
    private readonly Lazy<ImmutableHashSet<IParameterSymbol>> _jwsAlgorithmNameParameters;
    private readonly Lazy<ImmutableHashSet<IParameterSymbol>> _jweParameters;
    private readonly Lazy<ImmutableHashSet<IParameterSymbol>> _algorithmNameParameters;

    public JoseJwtSymbols(Compilation compilation)
        : base(compilation)
    {
        _jwt = Type("Jose.JWT");
        _jwsAlgorithm = Type("Jose.JwsAlgorithm");
        _jweAlgorithm = Type("Jose.JweAlgorithm");
        _jwk = Type("Jose.Jwk");
        _jwtSettings = Type("Jose.JwtSettings");
        _jweEncryption = Type("Jose.JweEncryption");
        _none = Lazy(() => Member<IFieldSymbol>(JwsAlgorithm, "none"));
        _keyParameters = Lazy(() => ParametersOf(new[] { Jwt }, static p => p.Name == "key"));
        // JWT.Encode(payload, key, string jwsAlg) / Decode(token, key, string jwsAlg): the JWS algorithm by name.
        _jwsAlgorithmNameParameters = Lazy(() => ParametersOf(new[] { Jwt }, static p => p.Name == "jwsAlg" && p.Type.SpecialType == SpecialType.System_String));
        // Any algorithm given by name: string jwsAlg (JWS) or string alg (JWE key management).
        _algorithmNameParameters = Lazy(() => ParametersOf(new[] { Jwt }, static p => p.Name is "jwsAlg" or "alg" && p.Type.SpecialType == SpecialType.System_String));
        // The JWE-only parameters: JweAlgorithm/JweEncryption, or their names (string alg, string enc).
        _jweParameters = Lazy(() => ParametersOf(new[] { Jwt }, p => p.Name is "alg" or "enc"
            && (p.Type.SpecialType == SpecialType.System_String || IsJweType(p.Type))));
    }

    /// <summary>True when jose-jwt is referenced.</summary>
    public override bool IsPresent => Jwt is not null;

    /// <summary><c>Jose.JWT</c>: <c>Encode</c>, <c>Decode</c> (verifies the signature, not <c>exp</c>), <c>Payload</c>/<c>Headers</c> (verify nothing).</summary>
    public INamedTypeSymbol? Jwt => _jwt.Value;

    public INamedTypeSymbol? JwsAlgorithm => _jwsAlgorithm.Value;

    public INamedTypeSymbol? JweAlgorithm => _jweAlgorithm.Value;

    public INamedTypeSymbol? Jwk => _jwk.Value;

    public INamedTypeSymbol? JweEncryption => _jweEncryption.Value;

    /// <summary><c>Jose.JwtSettings</c>: <c>DeregisterJws</c> and friends (the hardening calls).</summary>
    public INamedTypeSymbol? JwtSettings => _jwtSettings.Value;

    /// <summary>The field <c>JwsAlgorithm.none</c>.</summary>
    public IFieldSymbol? NoneAlgorithm => _none.Value;

    /// <summary>The <c>key</c> parameters of <c>Jose.JWT</c>'s methods.</summary>
    public ImmutableHashSet<IParameterSymbol> KeyParameters => _keyParameters.Value;

    /// <summary>The <c>string jwsAlg</c> parameters of <c>Jose.JWT</c>'s methods (a JWS algorithm given by name).</summary>
    public ImmutableHashSet<IParameterSymbol> JwsAlgorithmNameParameters => _jwsAlgorithmNameParameters.Value;

    /// <summary>The <c>string jwsAlg</c> and <c>string alg</c> parameters of <c>Jose.JWT</c>'s methods (an algorithm given by name).</summary>
    public ImmutableHashSet<IParameterSymbol> AlgorithmNameParameters => _algorithmNameParameters.Value;

    /// <summary>The JWE parameters of <c>Jose.JWT</c>'s methods (<c>alg</c>/<c>enc</c> as <c>JweAlgorithm</c>/<c>JweEncryption</c> or strings).</summary>
    public ImmutableHashSet<IParameterSymbol> JweParameters => _jweParameters.Value;

    /// <summary>True when <paramref name="parameter"/> is the <c>key</c> parameter of a <c>Jose.JWT</c> method.</summary>
    public bool IsKeyParameter(IParameterSymbol? parameter) => ParameterIn(parameter, KeyParameters);

    /// <summary>True when <paramref name="parameter"/> names the expected JWS algorithm: a <c>JwsAlgorithm</c>/<c>JwsAlgorithm?</c> or a <c>string jwsAlg</c> of <c>Jose.JWT</c>.</summary>
    public bool IsJwsAlgorithmParameter(IParameterSymbol? parameter)
        => parameter is not null
           && (ParameterIn(parameter, JwsAlgorithmNameParameters)
               || (IsJwtMethod(parameter.ContainingSymbol as IMethodSymbol) && Underlying(parameter.Type).Is(JwsAlgorithm)));

    private static ITypeSymbol Underlying(ITypeSymbol type)
        => type is INamedTypeSymbol { IsGenericType: true, ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private bool IsJweType(ITypeSymbol type)
    {
        var underlying = Underlying(type);
        return underlying.Is(JweAlgorithm) || underlying.Is(JweEncryption);
    }

    /// <summary>True when <paramref name="method"/> is a static method of <c>Jose.JWT</c>.</summary>
    public bool IsJwtMethod(IMethodSymbol? method) => Jwt is not null && method?.ContainingType.Is(Jwt) == true;
}
