using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>
/// The token-issuing view of <see cref="KnownSymbols"/> for JWT010 and JWT016: the issuing types of IdentityModel,
/// Jwt.Net and jose-jwt (taken from the library groups), the members the issuing rules compare with
/// (<c>SecurityTokenDescriptor.Expires</c>, ...), and the few types no group has yet (<c>DateTimeOffset</c>,
/// <c>EpochTime</c>, Jwt.Net's <c>ClaimName</c> and builder extensions, dictionaries). One instance per compilation
/// (<see cref="Get"/>). <see cref="Create"/> returns null when none of the three libraries is referenced, so the
/// issuing rules register nothing in projects that issue no JWTs.
/// </summary>
internal sealed class TokenIssuingSymbols
{
    private static readonly ConditionalWeakTable<Compilation, TokenIssuingSymbols> s_cache = new();

    private TokenIssuingSymbols(Compilation compilation)
    {
        var known = KnownSymbols.Get(compilation);
        DateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
        DateTimeOffset = known.Bcl.DateTimeOffset;
        TimeSpan = known.Bcl.TimeSpan;
        Enumerable = known.Bcl.Enumerable;
        JsonSerializer = known.Bcl.JsonSerializer;
        NewtonsoftJsonConvert = compilation.GetBestTypeByMetadataName("Newtonsoft.Json.JsonConvert");
        GenericDictionary = compilation.GetBestTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        NonGenericDictionary = compilation.GetBestTypeByMetadataName("System.Collections.IDictionary");
        GenericCollection = known.Bcl.GenericCollection;
        List = known.Bcl.List;
        Task = known.Bcl.Task;
        ValueTask = known.Bcl.ValueTask;

        Claim = known.Bcl.Claim;
        ClaimsIdentity = known.Bcl.ClaimsIdentity;
        ClaimsPrincipal = known.Bcl.ClaimsPrincipal;

        SecurityTokenDescriptor = known.IdentityModel.SecurityTokenDescriptor;
        DescriptorExpires = Property(SecurityTokenDescriptor, "Expires");
        DescriptorSubject = Property(SecurityTokenDescriptor, "Subject");
        DescriptorClaims = Property(SecurityTokenDescriptor, "Claims");
        DescriptorEncryptingCredentials = Property(SecurityTokenDescriptor, "EncryptingCredentials");
        TokenHandler = known.IdentityModel.TokenHandler;
        JwtSecurityTokenHandler = known.IdentityModel.JwtSecurityTokenHandler;
        JsonWebTokenHandler = known.IdentityModel.JsonWebTokenHandler;
        JwtSecurityToken = known.IdentityModel.JwtSecurityToken;
        JwtPayload = known.IdentityModel.JwtPayload;
        EpochTime = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.EpochTime");

        JwtBuilder = known.JwtNet.JwtBuilder;
        JwtBuilderExtensions = compilation.GetBestTypeByMetadataName("JWT.Builder.JwtBuilderExtensions");
        JwtNetClaimName = compilation.GetBestTypeByMetadataName("JWT.Builder.ClaimName");
        JwtEncoderInterface = known.JwtNet.JwtEncoderInterface;
        JwtEncoderExtensions = known.JwtNet.JwtEncoderExtensions;

        JoseJwt = known.Jose.Jwt;
        JoseJweAlgorithm = known.Jose.JweAlgorithm;

        Configuration = known.Bcl.Configuration;
        ConfigurationExtensions = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationExtensions");
        ConfigurationBinder = known.Bcl.ConfigurationBinder;
        _issuingLibraries = new HashSet<IAssemblySymbol>(
            new[] { SecurityTokenDescriptor, TokenHandler, JwtSecurityTokenHandler, JsonWebTokenHandler, JwtSecurityToken, JwtPayload, JwtBuilder, JwtBuilderExtensions, JwtEncoderInterface, JwtEncoderExtensions, JoseJwt }
                .Where(t => t is not null).Select(t => t!.ContainingAssembly),
            SymbolEqualityComparer.Default);
    }

    public INamedTypeSymbol DateTime { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? TimeSpan { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? JsonSerializer { get; }

    public INamedTypeSymbol? NewtonsoftJsonConvert { get; }

    public INamedTypeSymbol? GenericDictionary { get; }

    public INamedTypeSymbol? NonGenericDictionary { get; }

    public INamedTypeSymbol? GenericCollection { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? Claim { get; }

    public INamedTypeSymbol? ClaimsIdentity { get; }

    public INamedTypeSymbol? ClaimsPrincipal { get; }

    public INamedTypeSymbol? SecurityTokenDescriptor { get; }

    public IPropertySymbol? DescriptorExpires { get; }

    public IPropertySymbol? DescriptorSubject { get; }

    public IPropertySymbol? DescriptorClaims { get; }

    public IPropertySymbol? DescriptorEncryptingCredentials { get; }

    public INamedTypeSymbol? TokenHandler { get; }

    public INamedTypeSymbol? JwtSecurityTokenHandler { get; }

    public INamedTypeSymbol? JsonWebTokenHandler { get; }

    public INamedTypeSymbol? JwtSecurityToken { get; }

    public INamedTypeSymbol? JwtPayload { get; }

    public INamedTypeSymbol? EpochTime { get; }

    public INamedTypeSymbol? JwtBuilder { get; }

    public INamedTypeSymbol? JwtBuilderExtensions { get; }

    public INamedTypeSymbol? JwtNetClaimName { get; }

    public INamedTypeSymbol? JwtEncoderInterface { get; }

    public INamedTypeSymbol? JwtEncoderExtensions { get; }

    public INamedTypeSymbol? JoseJwt { get; }

    public INamedTypeSymbol? JoseJweAlgorithm { get; }

    public INamedTypeSymbol? Configuration { get; }

    public INamedTypeSymbol? ConfigurationExtensions { get; }

    public INamedTypeSymbol? ConfigurationBinder { get; }

    public bool HasIdentityModel => SecurityTokenDescriptor is not null || JwtSecurityToken is not null || JsonWebTokenHandler is not null;

    public bool HasJwtNet => JwtBuilder is not null || JwtEncoderInterface is not null;

    public bool HasJoseJwt => JoseJwt is not null;

    /// <summary>The shared instance for <paramref name="compilation"/>.</summary>
    public static TokenIssuingSymbols Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new TokenIssuingSymbols(c));

    /// <summary>The shared instance, or null when no issuing library (IdentityModel, Jwt.Net, jose-jwt) is referenced.</summary>
    public static TokenIssuingSymbols? Create(Compilation compilation)
    {
        // The library groups are lazy and shared: asking them first keeps a project without JWT libraries from paying
        // for the issuing view's own lookups.
        var known = KnownSymbols.Get(compilation);
        if (!known.IdentityModel.IsPresent && !known.JwtNet.IsPresent && !known.Jose.IsPresent)
        {
            return null;
        }

        var symbols = Get(compilation);
        return symbols.HasIdentityModel || symbols.HasJwtNet || symbols.HasJoseJwt ? symbols : null;
    }

    /// <summary>
    /// True when <paramref name="assembly"/> is one of the token libraries (IdentityModel's tokens and JWT assemblies,
    /// Jwt.Net, jose-jwt): a method of any other referenced assembly issues no token.
    /// </summary>
    public bool IsIssuingLibrary(IAssemblySymbol? assembly) => assembly is not null && _issuingLibraries.Contains(assembly);

    private readonly HashSet<IAssemblySymbol> _issuingLibraries;

    /// <summary>A token handler of IdentityModel (<c>TokenHandler</c> and its subclasses, or either JWT handler).</summary>
    public bool IsTokenHandler(ITypeSymbol? type)
        => type.IsOrInheritsFrom(TokenHandler) || type.IsOrInheritsFrom(JwtSecurityTokenHandler) || type.IsOrInheritsFrom(JsonWebTokenHandler);

    /// <summary>True for <c>Jose.JWT.Encode*</c> overloads that produce a JWE (take a <c>JweAlgorithm</c>).</summary>
    public bool IsJoseEncrypting(IMethodSymbol method)
        => JoseJweAlgorithm is not null && method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, JoseJweAlgorithm));

    public bool IsJoseEncode(IMethodSymbol method)
        => JoseJwt is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, JoseJwt) && method.Name is "Encode" or "EncodeBytes";

    /// <summary><c>IJwtEncoder.Encode</c>, an implementation of it, or an overload of <c>JwtEncoderExtensions.Encode</c>.</summary>
    public bool IsJwtNetEncode(IMethodSymbol method)
    {
        if (method.Name != "Encode")
        {
            return false;
        }

        var container = method.ContainingType;
        return SymbolEqualityComparer.Default.Equals(container, JwtEncoderExtensions)
            || SymbolEqualityComparer.Default.Equals(container, JwtEncoderInterface)
            || (JwtEncoderInterface is not null && container.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, JwtEncoderInterface)));
    }

    /// <summary>
    /// A call that issues a token (creates or serialises one) in one of the three libraries: a token handler's
    /// <c>CreateToken</c>, <c>CreateEncodedJwt</c>, <c>CreateJwtSecurityToken</c> or <c>WriteToken</c>, jose-jwt's
    /// <c>JWT.Encode</c>/<c>EncodeBytes</c>, Jwt.Net's <c>IJwtEncoder.Encode</c> (and its extensions) and
    /// <c>JwtBuilder.Encode</c>. The name is tested first, so any other call costs one string comparison.
    /// </summary>
    public bool IsIssuingCall(IMethodSymbol method) => method.Name switch
    {
        "CreateToken" or "CreateEncodedJwt" or "CreateJwtSecurityToken" or "WriteToken" => IsTokenHandler(method.ContainingType),
        "Encode" => IsJwtNetEncode(method) || IsJwtBuilderMethod(method) || IsJoseEncode(method),
        "EncodeBytes" => IsJoseEncode(method),
        _ => false,
    };

    /// <summary>A method of <c>JwtBuilder</c> or one of its extension methods.</summary>
    public bool IsJwtBuilderMethod(IMethodSymbol method)
        => (JwtBuilder is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, JwtBuilder))
           || (JwtBuilderExtensions is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, JwtBuilderExtensions));

    /// <summary>A dictionary type (implements <c>IDictionary&lt;,&gt;</c> or <c>IDictionary</c>, or is one of them).</summary>
    public bool IsDictionary(ITypeSymbol? type)
        => type is INamedTypeSymbol named && (named.IsOrInheritsFrom(GenericDictionary) || named.IsOrInheritsFrom(NonGenericDictionary));

    /// <summary>A collection type: implements <c>ICollection&lt;T&gt;</c> or <c>IDictionary</c> (its <c>Add</c>, <c>AddRange</c>, <c>Insert</c>, <c>TryAdd</c> add items).</summary>
    public bool IsCollection(ITypeSymbol? type)
        => type.IsOrInheritsFrom(GenericCollection) || type.IsOrInheritsFrom(NonGenericDictionary) || IsDictionary(type);

    /// <summary>
    /// A method that hands its argument back as (part of) its result, by symbol: LINQ, <c>List&lt;T&gt;.ToArray</c> /
    /// <c>AsReadOnly</c>, <c>Array.AsReadOnly</c>, <c>Task</c>/<c>ValueTask.FromResult</c>, <c>JsonSerializer.Serialize</c>,
    /// <c>JsonConvert.SerializeObject</c>.
    /// </summary>
    public bool IsPassThrough(IMethodSymbol method)
    {
        var container = (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition;
        if (container is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(container, Enumerable))
        {
            return true;
        }

        return method.Name switch
        {
            "ToArray" or "AsReadOnly" => SymbolEqualityComparer.Default.Equals(container, List) || container.SpecialType == SpecialType.System_Array,
            "FromResult" => SymbolEqualityComparer.Default.Equals(container, Task) || SymbolEqualityComparer.Default.Equals(container, ValueTask),
            "Serialize" => SymbolEqualityComparer.Default.Equals(container, JsonSerializer),
            "SerializeObject" => SymbolEqualityComparer.Default.Equals(container, NewtonsoftJsonConvert),
            _ => false,
        };
    }

    private static IPropertySymbol? Property(INamedTypeSymbol? type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var property = current.GetMembers(name).OfType<IPropertySymbol>().FirstOrDefault();
            if (property is not null)
            {
                return property;
            }
        }

        return null;
    }
}
