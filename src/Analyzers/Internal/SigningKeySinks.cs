using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>Which API a key is handed to: decides how a fix can replace it.</summary>
internal enum SigningKeySinkKind
{
    /// <summary><c>new SymmetricSecurityKey(key)</c>: the whole creation can become <c>SigningKeys.LoadHmacKey(...)</c>.</summary>
    SymmetricSecurityKey,

    /// <summary>A Jwt.Net or jose-jwt key argument (<c>byte[]</c> or <c>string</c>): it can become <c>SigningKeys.LoadHmacKey(...).Key</c>.</summary>
    KeyArgument,

    /// <summary><c>JsonWebKey.K</c> (base64url of the key bytes): no fix.</summary>
    JsonWebKeyValue,
}

/// <summary>One key handed to a JWT library.</summary>
internal sealed class SigningKeySink
{
    public SigningKeySink(IOperation key, string apiName, SigningKeySinkKind kind, int requiredBytes, string? algorithm)
    {
        Key = key;
        ApiName = apiName;
        Kind = kind;
        RequiredBytes = requiredBytes;
        Algorithm = algorithm;
    }

    /// <summary>The key expression (the argument value).</summary>
    public IOperation Key { get; }

    /// <summary>The API named in messages, e.g. <c>SymmetricSecurityKey</c> or <c>JwtBuilder.WithSecret</c>.</summary>
    public string ApiName { get; }

    public SigningKeySinkKind Kind { get; }

    /// <summary>Bytes the HMAC algorithm used with the key needs (32/48/64); 0 when the key is not an HMAC key (encryption).</summary>
    public int RequiredBytes { get; }

    /// <summary>The algorithm the size comes from (<c>HS512</c>), or null when none is visible (HS256 assumed).</summary>
    public string? Algorithm { get; }
}

/// <summary>
/// The places where key material enters a JWT library, resolved once per compilation: IdentityModel
/// <c>new SymmetricSecurityKey(byte[])</c> (size from the <c>SigningCredentials</c> it is used with), Jwt.Net
/// <c>JwtBuilder.WithSecret</c>, encoder <c>Encode(..., key)</c>, decoder <c>Decode</c>/<c>DecodeToObject</c>/<c>Validate</c>
/// (size from the <c>HMACSHA*Algorithm</c> of the builder chain, encoder or decoder), and jose-jwt
/// <c>JWT.Encode</c>/<c>Decode</c>/<c>Verify</c> (size from the <c>JwsAlgorithm</c> argument).
/// </summary>
internal sealed class SigningKeySinks
{
    public const int DefaultRequiredBytes = 32;

    private readonly INamedTypeSymbol? _symmetricSecurityKey;
    private readonly INamedTypeSymbol? _signingCredentials;
    private readonly INamedTypeSymbol? _encryptingCredentials;
    private readonly INamedTypeSymbol? _jwtBuilder;
    private readonly INamedTypeSymbol? _jwtEncoderInterface;
    private readonly INamedTypeSymbol? _jwtDecoderInterface;
    private readonly INamedTypeSymbol? _jwtEncoderExtensions;
    private readonly INamedTypeSymbol? _jwtDecoderExtensions;
    private readonly INamedTypeSymbol? _jwtEncoder;
    private readonly INamedTypeSymbol? _jwtDecoder;
    private readonly Dictionary<INamedTypeSymbol, (int Bytes, string Name)> _jwtNetAlgorithms = new(SymbolEqualityComparer.Default);
    private readonly INamedTypeSymbol? _jsonWebKey;
    private readonly INamedTypeSymbol? _jose;
    private readonly INamedTypeSymbol? _jwsAlgorithm;
    private readonly INamedTypeSymbol? _jweAlgorithm;

    private SigningKeySinks(Compilation compilation)
    {
        _symmetricSecurityKey = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
        _signingCredentials = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SigningCredentials");
        _encryptingCredentials = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.EncryptingCredentials");
        _jwtBuilder = compilation.GetBestTypeByMetadataName("JWT.Builder.JwtBuilder");
        _jwtEncoderInterface = compilation.GetBestTypeByMetadataName("JWT.IJwtEncoder");
        _jwtDecoderInterface = compilation.GetBestTypeByMetadataName("JWT.IJwtDecoder");
        _jwtEncoderExtensions = compilation.GetBestTypeByMetadataName("JWT.JwtEncoderExtensions");
        _jwtDecoderExtensions = compilation.GetBestTypeByMetadataName("JWT.JwtDecoderExtensions");
        _jwtEncoder = compilation.GetBestTypeByMetadataName("JWT.JwtEncoder");
        _jwtDecoder = compilation.GetBestTypeByMetadataName("JWT.JwtDecoder");
        foreach (var (name, bytes, alg) in new[] { ("HMACSHA256Algorithm", 32, "HS256"), ("HMACSHA384Algorithm", 48, "HS384"), ("HMACSHA512Algorithm", 64, "HS512") })
        {
            if (compilation.GetBestTypeByMetadataName("JWT.Algorithms." + name) is { } type)
            {
                _jwtNetAlgorithms.Add(type, (bytes, alg));
            }
        }

        _jsonWebKey = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.JsonWebKey");
        _jose = compilation.GetBestTypeByMetadataName("Jose.JWT");
        _jwsAlgorithm = compilation.GetBestTypeByMetadataName("Jose.JwsAlgorithm");
        _jweAlgorithm = compilation.GetBestTypeByMetadataName("Jose.JweAlgorithm");
    }

    /// <summary>Null when none of IdentityModel, Jwt.Net and jose-jwt is referenced.</summary>
    public static SigningKeySinks? Create(Compilation compilation)
    {
        var sinks = new SigningKeySinks(compilation);
        return sinks._symmetricSecurityKey is null && sinks._jwtBuilder is null && sinks._jwtEncoderInterface is null
               && sinks._jwtDecoderInterface is null && sinks._jose is null
            ? null
            : sinks;
    }

    /// <summary>The keys <paramref name="operation"/> (an object creation or an invocation) hands to a JWT library.</summary>
    public ImmutableArray<SigningKeySink> GetSinks(IOperation operation)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation when _symmetricSecurityKey is not null
                                                         && creation.Constructor is { } constructor
                                                         && constructor.ContainingType.IsOrInheritsFrom(_symmetricSecurityKey):
                var keyArgument = creation.Arguments.FirstOrDefault(a => a.Parameter is { Type: IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } });
                if (keyArgument is null)
                {
                    return ImmutableArray<SigningKeySink>.Empty;
                }

                var (bytes, algorithm) = GetIdentityModelAlgorithm(creation);
                return ImmutableArray.Create(new SigningKeySink(keyArgument.Value, constructor.ContainingType.Name, SigningKeySinkKind.SymmetricSecurityKey, bytes, algorithm));

            case IInvocationOperation invocation:
                return GetInvocationSinks(invocation);

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "K" } target } assignment
                when _jsonWebKey is not null && target.Property.ContainingType.IsOrInheritsFrom(_jsonWebKey):
                // new JsonWebKey { Kty = "oct", K = "base64url" }
                return ImmutableArray.Create(new SigningKeySink(assignment.Value, "JsonWebKey.K", SigningKeySinkKind.JsonWebKeyValue, DefaultRequiredBytes, null));

            default:
                return ImmutableArray<SigningKeySink>.Empty;
        }
    }

    private ImmutableArray<SigningKeySink> GetInvocationSinks(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var container = method.ContainingType?.OriginalDefinition;
        if (container is null)
        {
            return ImmutableArray<SigningKeySink>.Empty;
        }

        // Jwt.Net
        if (_jwtBuilder is not null && method.Name == "WithSecret" && SymbolEqualityComparer.Default.Equals(container, _jwtBuilder))
        {
            var (bytes, algorithm) = GetBuilderAlgorithm(invocation);
            return KeyArguments(invocation, "JwtBuilder.WithSecret", bytes, algorithm, p => true);
        }

        if (method.Name == "Encode" && IsJwtNet(container, _jwtEncoderInterface, _jwtEncoderExtensions))
        {
            var (bytes, algorithm) = GetComponentAlgorithm(Receiver(invocation), _jwtEncoder);
            return KeyArguments(invocation, container.Name + ".Encode", bytes, algorithm, p => p.Name == "key");
        }

        if (method.Name is "Decode" or "DecodeToObject" or "Validate" && IsJwtNet(container, _jwtDecoderInterface, _jwtDecoderExtensions))
        {
            var (bytes, algorithm) = GetComponentAlgorithm(Receiver(invocation), _jwtDecoder);
            return KeyArguments(invocation, container.Name + "." + method.Name, bytes, algorithm, p => p.Name is "key" or "keys");
        }

        // jose-jwt
        if (_jose is not null && SymbolEqualityComparer.Default.Equals(container, _jose)
            && method.Name is "Encode" or "EncodeBytes" or "Decode" or "DecodeBytes" or "Verify" or "VerifyBytes" or "Decrypt" or "DecryptBytes")
        {
            var (bytes, algorithm, isHmac) = GetJoseAlgorithm(invocation);
            if (!isHmac && bytes != 0)
            {
                return ImmutableArray<SigningKeySink>.Empty;
            }

            return KeyArguments(invocation, "JWT." + method.Name, bytes, algorithm, p => p.Name == "key");
        }

        return ImmutableArray<SigningKeySink>.Empty;
    }

    private static bool IsJwtNet(INamedTypeSymbol container, INamedTypeSymbol? contract, INamedTypeSymbol? extensions)
    {
        if (contract is null)
        {
            return false;
        }

        return SymbolEqualityComparer.Default.Equals(container, contract)
            || SymbolEqualityComparer.Default.Equals(container, extensions)
            || container.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, contract));
    }

    private static IOperation? Receiver(IInvocationOperation invocation)
        => invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    private static ImmutableArray<SigningKeySink> KeyArguments(IInvocationOperation invocation, string apiName, int requiredBytes, string? algorithm, System.Func<IParameterSymbol, bool> isKeyParameter)
    {
        var builder = ImmutableArray.CreateBuilder<SigningKeySink>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !isKeyParameter(parameter))
            {
                continue;
            }

            var value = argument.Value.WalkDownConversion();
            if (parameter.Type is IArrayTypeSymbol { ElementType: var element } && (element.SpecialType == SpecialType.System_String || element is IArrayTypeSymbol))
            {
                // WithSecret(params string[]), Decode(token, string[] keys, ...): every element is a key.
                if (value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element2 in initializer.ElementValues)
                    {
                        builder.Add(new SigningKeySink(element2, apiName, SigningKeySinkKind.KeyArgument, requiredBytes, algorithm));
                    }
                }

                continue;
            }

            var type = value.Type;
            if (type?.SpecialType == SpecialType.System_String || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
            {
                builder.Add(new SigningKeySink(argument.Value, apiName, SigningKeySinkKind.KeyArgument, requiredBytes, algorithm));
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The HMAC size of an IdentityModel algorithm name (<c>HS256</c> or the XML-DSig URI); null for any other.</summary>
    internal static (int Bytes, string Name)? GetHmacSize(string? algorithm)
    {
        switch (algorithm)
        {
            case "HS256":
            case "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256":
                return (32, "HS256");
            case "HS384":
            case "http://www.w3.org/2001/04/xmldsig-more#hmac-sha384":
                return (48, "HS384");
            case "HS512":
            case "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512":
                return (64, "HS512");
            default:
                return null;
        }
    }

    /// <summary>
    /// The algorithm of the <c>SigningCredentials</c> the key is used with in the same method or initializer: directly
    /// (<c>new SigningCredentials(new SymmetricSecurityKey(k), alg)</c>) or through a local or field.
    /// </summary>
    private (int Bytes, string? Algorithm) GetIdentityModelAlgorithm(IObjectCreationOperation keyCreation)
    {
        if (_signingCredentials is null)
        {
            return (DefaultRequiredBytes, null);
        }

        var required = 0;
        string? name = null;
        var usedForEncryption = false;
        foreach (var credentials in CredentialCandidates(keyCreation))
        {
            var isSigning = credentials.Type.IsOrInheritsFrom(_signingCredentials);
            var isEncrypting = !isSigning && credentials.Type.IsOrInheritsFrom(_encryptingCredentials);
            if ((!isSigning && !isEncrypting) || credentials.Arguments.Length < 2)
            {
                continue;
            }

            var keyArgument = credentials.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
            if (keyArgument is null || !FlowsFrom(keyArgument.Value, keyCreation))
            {
                continue;
            }

            if (isEncrypting)
            {
                usedForEncryption = true;
                continue;
            }

            var algorithmArgument = credentials.Arguments.FirstOrDefault(a => a.Parameter?.Name == "algorithm");
            var size = GetHmacSize(algorithmArgument is null ? null : ConstantEvaluator.TryGetString(algorithmArgument.Value));
            var bytes = size?.Bytes ?? DefaultRequiredBytes;
            if (bytes > required)
            {
                required = bytes;
                name = size?.Name;
            }
        }

        if (required == 0)
        {
            // Only seen as an encryption key (sizes differ: A128KW needs 16 bytes): no HMAC size applies.
            return usedForEncryption ? (0, null) : (DefaultRequiredBytes, null);
        }

        return (required, name);
    }

    private static bool FlowsFrom(IOperation value, IOperation source)
    {
        var values = ValueResolver.GetPossibleValues(value);
        return !values.IsDefaultOrEmpty && values.Any(v => v.WalkDownConversion().Syntax == source.Syntax);
    }

    /// <summary>
    /// The object creations that may receive the key: those of the same method or initializer, and, for a key stored in
    /// a field by its initializer (<c>static readonly SymmetricSecurityKey Key = new(...)</c>), those of the containing
    /// type declared in the same file.
    /// </summary>
    private static IEnumerable<IObjectCreationOperation> CredentialCandidates(IObjectCreationOperation keyCreation)
    {
        var root = keyCreation.GetRoot();
        foreach (var creation in root.DescendantsAndSelf().OfType<IObjectCreationOperation>())
        {
            yield return creation;
        }

        if (root is not IFieldInitializerOperation { InitializedFields.Length: 1 } || keyCreation.SemanticModel is not { } semanticModel)
        {
            yield break;
        }

        var typeDeclaration = keyCreation.Syntax.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>();
        if (typeDeclaration is null)
        {
            yield break;
        }

        foreach (var syntax in typeDeclaration.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax>())
        {
            if (!root.Syntax.Span.Contains(syntax.Span)
                && syntax.ArgumentList is { Arguments.Count: >= 2 }
                && semanticModel.GetOperation(syntax) is IObjectCreationOperation creation)
            {
                yield return creation;
            }
        }
    }

    /// <summary><c>.WithAlgorithm(new HMACSHA512Algorithm())</c> anywhere on the same builder chain (before or after <c>WithSecret</c>).</summary>
    private (int Bytes, string? Algorithm) GetBuilderAlgorithm(IInvocationOperation withSecret)
    {
        // Down the chain: the receivers.
        for (var current = Receiver(withSecret)?.WalkDownConversion(); current is IInvocationOperation call; current = Receiver(call)?.WalkDownConversion())
        {
            if (AlgorithmOf(call) is { } found)
            {
                return found;
            }
        }

        // Up the chain: the calls made on the result.
        IOperation node = withSecret;
        while (node.Parent is IInvocationOperation parent && Receiver(parent)?.WalkDownConversion() == node)
        {
            if (AlgorithmOf(parent) is { } found)
            {
                return found;
            }

            node = parent;
        }

        // A builder kept in a local: builder.WithAlgorithm(...) as a separate statement of the same method.
        if (Bottom(withSecret) is ILocalReferenceOperation builderLocal)
        {
            foreach (var call in withSecret.GetRoot().DescendantsAndSelf().OfType<IInvocationOperation>())
            {
                if (call.TargetMethod.Name == "WithAlgorithm"
                    && Bottom(call) is ILocalReferenceOperation other
                    && SymbolEqualityComparer.Default.Equals(other.Local, builderLocal.Local)
                    && AlgorithmOf(call) is { } found)
                {
                    return found;
                }
            }
        }

        return (DefaultRequiredBytes, null);
    }

    /// <summary>The start of a fluent chain: <c>builder</c> in <c>builder.A().B()</c>.</summary>
    private static IOperation? Bottom(IInvocationOperation invocation)
    {
        var current = Receiver(invocation)?.WalkDownConversion();
        while (current is IInvocationOperation call)
        {
            current = Receiver(call)?.WalkDownConversion();
        }

        return current;
    }

    private (int, string?)? AlgorithmOf(IInvocationOperation call)
    {
        if (call.TargetMethod.Name != "WithAlgorithm" || call.Arguments.Length == 0)
        {
            return null;
        }

        return JwtNetAlgorithm(call.Arguments[call.Arguments.Length - 1].Value);
    }

    private (int, string?)? JwtNetAlgorithm(IOperation value)
    {
        var values = ValueResolver.GetPossibleValues(value);
        if (values.IsDefaultOrEmpty)
        {
            return null;
        }

        var required = 0;
        string? name = null;
        foreach (var candidate in values)
        {
            if (candidate.WalkDownConversion() is IObjectCreationOperation { Type: INamedTypeSymbol type }
                && _jwtNetAlgorithms.TryGetValue(type.OriginalDefinition, out var algorithm))
            {
                if (algorithm.Bytes > required)
                {
                    (required, name) = algorithm;
                }
            }
        }

        return required == 0 ? null : (required, name);
    }

    /// <summary>The <c>HMACSHA*Algorithm</c> given to the <c>JwtEncoder</c>/<c>JwtDecoder</c> the method is called on.</summary>
    private (int Bytes, string? Algorithm) GetComponentAlgorithm(IOperation? receiver, INamedTypeSymbol? componentType)
    {
        if (receiver is null || componentType is null)
        {
            return (DefaultRequiredBytes, null);
        }

        var values = ValueResolver.GetPossibleValues(receiver);
        if (values.IsDefaultOrEmpty)
        {
            return (DefaultRequiredBytes, null);
        }

        foreach (var value in values)
        {
            if (value.WalkDownConversion() is IObjectCreationOperation creation
                && creation.Type.IsOrInheritsFrom(componentType)
                && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "algorithm") is { } algorithmArgument
                && JwtNetAlgorithm(algorithmArgument.Value) is { } found)
            {
                return found;
            }
        }

        return (DefaultRequiredBytes, null);
    }

    /// <summary>jose-jwt: the <c>JwsAlgorithm</c> (or JWS algorithm name) argument. isHmac false with a non-zero size means "not a symmetric key use we check".</summary>
    private (int Bytes, string? Algorithm, bool IsHmac) GetJoseAlgorithm(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var parameterType = parameter.Type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } nullable
                                && nullable.ConstructedFrom.SpecialType == SpecialType.System_Nullable_T
                ? nullable.TypeArguments[0]
                : parameter.Type;

            if (_jweAlgorithm is not null && SymbolEqualityComparer.Default.Equals(parameterType, _jweAlgorithm))
            {
                // JWE: a hard-coded key is still hard-coded (JWT008), but AES/PBES2 sizes are not HMAC sizes.
                return (0, null, true);
            }

            string? name = null;
            if (_jwsAlgorithm is not null && SymbolEqualityComparer.Default.Equals(parameterType, _jwsAlgorithm))
            {
                if (argument.Value.WalkDownConversion() is IFieldReferenceOperation field && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, _jwsAlgorithm))
                {
                    name = field.Field.Name;
                }
                else
                {
                    return (DefaultRequiredBytes, null, true);
                }
            }
            else if (parameter.Name is "jwsAlg" && parameter.Type.SpecialType == SpecialType.System_String)
            {
                name = ConstantEvaluator.TryGetString(argument.Value);
            }
            else if (parameter.Name is "alg" or "enc" && parameter.Type.SpecialType == SpecialType.System_String)
            {
                // Decrypt/Decode(token, key, string alg, string enc): JWE.
                return (0, null, true);
            }

            if (name is null)
            {
                continue;
            }

            return GetHmacSize(name) is { } size ? (size.Bytes, size.Name, true) : (DefaultRequiredBytes, name, false);
        }

        if (invocation.TargetMethod.Name is "Decrypt" or "DecryptBytes")
        {
            return (0, null, true);
        }

        return (DefaultRequiredBytes, null, true);
    }
}
