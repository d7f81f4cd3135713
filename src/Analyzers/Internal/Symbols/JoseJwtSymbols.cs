using System;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>jose-jwt (NuGet <c>jose-jwt</c>, namespace <c>Jose</c>).</summary>
internal sealed class JoseJwtSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _jwt;
    private readonly Lazy<INamedTypeSymbol?> _jwsAlgorithm;
    private readonly Lazy<INamedTypeSymbol?> _jweAlgorithm;
    private readonly Lazy<INamedTypeSymbol?> _jwk;

    public JoseJwtSymbols(Compilation compilation)
        : base(compilation)
    {
        _jwt = Type("Jose.JWT");
        _jwsAlgorithm = Type("Jose.JwsAlgorithm");
        _jweAlgorithm = Type("Jose.JweAlgorithm");
        _jwk = Type("Jose.Jwk");
    }

    /// <summary>True when jose-jwt is referenced.</summary>
    public override bool IsPresent => Jwt is not null;

    /// <summary><c>Jose.JWT</c>: <c>Encode</c>, <c>Decode</c> (verifies the signature, not <c>exp</c>), <c>Payload</c>/<c>Headers</c> (verify nothing).</summary>
    public INamedTypeSymbol? Jwt => _jwt.Value;

    public INamedTypeSymbol? JwsAlgorithm => _jwsAlgorithm.Value;

    public INamedTypeSymbol? JweAlgorithm => _jweAlgorithm.Value;

    public INamedTypeSymbol? Jwk => _jwk.Value;

    /// <summary>True when <paramref name="method"/> is a static method of <c>Jose.JWT</c>.</summary>
    public bool IsJwtMethod(IMethodSymbol? method) => Jwt is not null && method?.ContainingType.Is(Jwt) == true;
}
