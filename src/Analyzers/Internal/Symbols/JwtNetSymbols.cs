using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>
/// Jwt.Net (NuGet <c>JWT</c>). The <c>JWT</c> assembly carries only its major version (<c>7.0.0.0</c>); the defaults
/// that matter changed by major (see <see cref="DecoderDefaultIsUnverified"/>, <see cref="BuilderDefaultIsUnverified"/>).
/// When the version cannot be read (types declared in source), the newest behaviour is assumed.
/// </summary>
internal sealed class JwtNetSymbols : SymbolGroup
{
    /// <summary>Major version assumed when the <c>JWT</c> assembly version cannot be read: the newest behaviour.</summary>
    public const int UnknownMajor = int.MaxValue;

    private readonly Lazy<INamedTypeSymbol?> _jwtBuilder;
    private readonly Lazy<INamedTypeSymbol?> _jwtEncoderInterface;
    private readonly Lazy<INamedTypeSymbol?> _jwtDecoderInterface;
    private readonly Lazy<INamedTypeSymbol?> _jwtEncoderExtensions;
    private readonly Lazy<INamedTypeSymbol?> _jwtDecoderExtensions;
    private readonly Lazy<INamedTypeSymbol?> _jwtEncoder;
    private readonly Lazy<INamedTypeSymbol?> _jwtDecoder;
    private readonly Lazy<INamedTypeSymbol?> _validationParameters;
    private readonly Lazy<INamedTypeSymbol?> _jwtAuthenticationOptions;
    private readonly Lazy<INamedTypeSymbol?> _noneAlgorithm;
    private readonly Lazy<INamedTypeSymbol?> _jwtAlgorithmInterface;
    private readonly Lazy<INamedTypeSymbol?> _asymmetricAlgorithmInterface;
    private readonly Lazy<INamedTypeSymbol?> _delegateAlgorithmFactory;
    private readonly Lazy<INamedTypeSymbol?> _jwtHeader;
    private readonly Lazy<ImmutableHashSet<IParameterSymbol>> _keyParameters;
    private readonly Lazy<Dictionary<INamedTypeSymbol, (int Bytes, string Name)>> _hmacAlgorithms;
    private readonly Lazy<int> _major;

    public JwtNetSymbols(Compilation compilation)
        : base(compilation)
    {
        _jwtBuilder = Type("JWT.Builder.JwtBuilder");
        _jwtEncoderInterface = Type("JWT.IJwtEncoder");
        _jwtDecoderInterface = Type("JWT.IJwtDecoder");
        _jwtEncoderExtensions = Type("JWT.JwtEncoderExtensions");
        _jwtDecoderExtensions = Type("JWT.JwtDecoderExtensions");
        _jwtEncoder = Type("JWT.JwtEncoder");
        _jwtDecoder = Type("JWT.JwtDecoder");
        _validationParameters = Type("JWT.ValidationParameters");
        _jwtAuthenticationOptions = Type("JWT.Extensions.AspNetCore.JwtAuthenticationOptions");
        _noneAlgorithm = Type("JWT.Algorithms.NoneAlgorithm");
        _jwtAlgorithmInterface = Type("JWT.Algorithms.IJwtAlgorithm");
        _asymmetricAlgorithmInterface = Type("JWT.Algorithms.IAsymmetricAlgorithm");
        _delegateAlgorithmFactory = Type("JWT.Algorithms.DelegateAlgorithmFactory");
        _jwtHeader = Type("JWT.Builder.JwtHeader");
        _keyParameters = Lazy(() => ParametersOf(
            new[] { JwtEncoderInterface, JwtEncoder, JwtEncoderExtensions, JwtDecoderInterface, JwtDecoder, JwtDecoderExtensions },
            static p => p.Name is "key" or "keys"));
        _hmacAlgorithms = Lazy(() =>
        {
            var algorithms = new Dictionary<INamedTypeSymbol, (int Bytes, string Name)>(SymbolEqualityComparer.Default);
            foreach (var (name, bytes, alg) in new[] { ("HMACSHA256Algorithm", 32, "HS256"), ("HMACSHA384Algorithm", 48, "HS384"), ("HMACSHA512Algorithm", 64, "HS512") })
            {
                if (Compilation.GetBestTypeByMetadataName("JWT.Algorithms." + name) is { } type)
                {
                    algorithms[type] = (bytes, alg);
                }
            }

            return algorithms;
        });
        _major = Lazy(() =>
        {
            var version = Compilation.GetReferencedAssemblyVersion("JWT");
            return version is null || version.Major == 0 ? UnknownMajor : version.Major;
        });
    }

    /// <summary>True when Jwt.Net is referenced.</summary>
    public override bool IsPresent => JwtBuilder is not null || JwtDecoderInterface is not null || JwtAuthenticationOptions is not null || ValidationParameters is not null;

    public INamedTypeSymbol? JwtBuilder => _jwtBuilder.Value;

    public INamedTypeSymbol? JwtEncoderInterface => _jwtEncoderInterface.Value;

    public INamedTypeSymbol? JwtDecoderInterface => _jwtDecoderInterface.Value;

    public INamedTypeSymbol? JwtEncoderExtensions => _jwtEncoderExtensions.Value;

    public INamedTypeSymbol? JwtDecoderExtensions => _jwtDecoderExtensions.Value;

    public INamedTypeSymbol? JwtEncoder => _jwtEncoder.Value;

    public INamedTypeSymbol? JwtDecoder => _jwtDecoder.Value;

    public INamedTypeSymbol? ValidationParameters => _validationParameters.Value;

    public INamedTypeSymbol? JwtAuthenticationOptions => _jwtAuthenticationOptions.Value;

    public INamedTypeSymbol? NoneAlgorithm => _noneAlgorithm.Value;

    public INamedTypeSymbol? JwtAlgorithmInterface => _jwtAlgorithmInterface.Value;

    public INamedTypeSymbol? AsymmetricAlgorithmInterface => _asymmetricAlgorithmInterface.Value;

    public INamedTypeSymbol? DelegateAlgorithmFactory => _delegateAlgorithmFactory.Value;

    /// <summary>The <c>key</c>/<c>keys</c> parameters of the encoder's and decoder's methods (interfaces, classes and extensions).</summary>
    public ImmutableHashSet<IParameterSymbol> KeyParameters => _keyParameters.Value;

    /// <summary>True when <paramref name="parameter"/> is a <c>key</c>/<c>keys</c> parameter of a Jwt.Net encoder or decoder method.</summary>
    public bool IsKeyParameter(IParameterSymbol? parameter) => ParameterIn(parameter, KeyParameters);

    /// <summary><c>JWT.Builder.JwtHeader</c>: the decoded header (<c>X5u</c>, <c>X5c</c>, <c>KeyId</c>...).</summary>
    public INamedTypeSymbol? JwtHeader => _jwtHeader.Value;

    /// <summary><c>HMACSHA256Algorithm</c> and friends, with the key size they need and their JWS name.</summary>
    public Dictionary<INamedTypeSymbol, (int Bytes, string Name)> HmacAlgorithms => _hmacAlgorithms.Value;

    /// <summary>Major version of the referenced <c>JWT</c> assembly, or <see cref="UnknownMajor"/>.</summary>
    public int Major => _major.Value;

    /// <summary><c>decoder.Decode(token)</c> (no key, no <c>verify</c>) skips verification up to 9.x.</summary>
    public bool DecoderDefaultIsUnverified => Major <= 9;

    /// <summary><c>JwtBuilder.Decode</c> without <c>MustVerifySignature()</c> skips verification up to 8.x.</summary>
    public bool BuilderDefaultIsUnverified => Major <= 8;
}
