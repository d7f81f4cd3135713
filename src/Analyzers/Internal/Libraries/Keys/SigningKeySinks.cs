using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal.Libraries.Jose;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Keys;

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

    private readonly KnownSymbols _symbols;
    private readonly IdentityModelSymbols _identityModel;
    private readonly JwtNetSymbols _jwtNet;
    private readonly JoseJwtSymbols _jose;
    private readonly ValueFlow _flow;

    private SigningKeySinks(KnownSymbols symbols)
    {
        _symbols = symbols;
        _identityModel = symbols.IdentityModel;
        _jwtNet = symbols.JwtNet;
        _jose = symbols.Jose;
        _flow = ValueFlow.Get(symbols.Compilation);
    }

    private INamedTypeSymbol? _symmetricSecurityKey => _identityModel.SymmetricSecurityKey;

    private INamedTypeSymbol? _signingCredentials => _identityModel.SigningCredentials;

    private INamedTypeSymbol? _encryptingCredentials => _identityModel.EncryptingCredentials;

    private INamedTypeSymbol? _jsonWebKey => _identityModel.JsonWebKey;

    private INamedTypeSymbol? _jwtBuilder => _jwtNet.JwtBuilder;

    private INamedTypeSymbol? _jwtEncoderInterface => _jwtNet.JwtEncoderInterface;

    private INamedTypeSymbol? _jwtDecoderInterface => _jwtNet.JwtDecoderInterface;

    private INamedTypeSymbol? _jwtEncoderExtensions => _jwtNet.JwtEncoderExtensions;

    private INamedTypeSymbol? _jwtDecoderExtensions => _jwtNet.JwtDecoderExtensions;

    private INamedTypeSymbol? _jwtEncoder => _jwtNet.JwtEncoder;

    private INamedTypeSymbol? _jwtDecoder => _jwtNet.JwtDecoder;

    private System.Collections.Generic.Dictionary<INamedTypeSymbol, (int Bytes, string Name)> _jwtNetAlgorithms => _jwtNet.HmacAlgorithms;

    private INamedTypeSymbol? _joseJwt => _jose.Jwt;

    private INamedTypeSymbol? _jwsAlgorithm => _jose.JwsAlgorithm;

    private INamedTypeSymbol? _jweAlgorithm => _jose.JweAlgorithm;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, SigningKeySinks> s_cache = new();

    /// <summary>The sinks found so far, by the syntax of the operation that holds them: JWT007 and JWT008 ask about the same operations.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, ImmutableArray<SigningKeySink>> _found = new();

    /// <summary>Null when none of IdentityModel, Jwt.Net and jose-jwt is referenced; otherwise one instance per compilation, shared by the rules.</summary>
    public static SigningKeySinks? Create(Compilation compilation)
    {
        var symbols = KnownSymbols.Get(compilation);
        return symbols.IdentityModel.SymmetricSecurityKey is null && !symbols.JwtNet.IsPresent && !symbols.Jose.IsPresent
            ? null
            : s_cache.GetValue(compilation, static c => new SigningKeySinks(KnownSymbols.Get(c)));
    }

    /// <summary>The keys <paramref name="operation"/> (an object creation or an invocation) hands to a JWT library.</summary>
    public ImmutableArray<SigningKeySink> GetSinks(IOperation operation)
    {
        if (!MayBeSink(operation))
        {
            return ImmutableArray<SigningKeySink>.Empty;
        }

        if (_found.TryGetValue(operation.Syntax, out var cached))
        {
            return cached;
        }

        return _found.GetOrAdd(operation.Syntax, FindSinks(operation));
    }

    /// <summary>
    /// The cheap symbol test before any other work: a creation of a <c>SymmetricSecurityKey</c>, a call of one of the
    /// key-taking methods' names (the symbol test follows), or an assignment of a <c>JsonWebKey</c>'s <c>K</c>.
    /// </summary>
    private bool MayBeSink(IOperation operation)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation:
                return _symmetricSecurityKey is not null && creation.Constructor is { } constructor && constructor.ContainingType.IsOrInheritsFrom(_symmetricSecurityKey);
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation)
                {
                    return true;
                }

                switch (method.Name)
                {
                    case "WithSecret":
                    case "Encode":
                    case "EncodeBytes":
                    case "Decode":
                    case "DecodeBytes":
                    case "DecodeToObject":
                    case "Validate":
                    case "Verify":
                    case "VerifyBytes":
                    case "Decrypt":
                    case "DecryptBytes":
                        return true;
                    default:
                        return false;
                }

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target }:
                return target.Property.IsPropertyOf(_jsonWebKey, "K");
            default:
                return false;
        }
    }

    private ImmutableArray<SigningKeySink> FindSinks(IOperation operation)
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

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                when target.Property.IsPropertyOf(_jsonWebKey, "K"):
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
        if (method.IsMemberOf(_jwtBuilder, "WithSecret"))
        {
            var (bytes, algorithm) = GetBuilderAlgorithm(invocation);
            return KeyArguments(invocation, "JwtBuilder.WithSecret", bytes, algorithm, p => true);
        }

        if (IsJwtNetMember(method, "Encode", _jwtEncoderInterface, _jwtEncoderExtensions))
        {
            var (bytes, algorithm) = GetComponentAlgorithm(Receiver(invocation), _jwtEncoder);
            return KeyArguments(invocation, container.Name + ".Encode", bytes, algorithm, _jwtNet.IsKeyParameter);
        }

        if (IsJwtNetMember(method, "Decode", _jwtDecoderInterface, _jwtDecoderExtensions)
            || IsJwtNetMember(method, "DecodeToObject", _jwtDecoderInterface, _jwtDecoderExtensions)
            || IsJwtNetMember(method, "Validate", _jwtDecoderInterface, _jwtDecoderExtensions))
        {
            var (bytes, algorithm) = GetComponentAlgorithm(Receiver(invocation), _jwtDecoder);
            return KeyArguments(invocation, container.Name + "." + method.Name, bytes, algorithm, _jwtNet.IsKeyParameter);
        }

        // jose-jwt
        if (JoseCalls.IsEncode(method, _jose) || JoseCalls.IsVerifyingRead(method, _jose) || IsJoseDecrypt(method))
        {
            var (bytes, algorithm, isHmac) = GetJoseAlgorithm(invocation);
            if (!isHmac && bytes != 0)
            {
                return ImmutableArray<SigningKeySink>.Empty;
            }

            return KeyArguments(invocation, "JWT." + method.Name, bytes, algorithm, _jose.IsKeyParameter);
        }

        return ImmutableArray<SigningKeySink>.Empty;
    }

    private bool IsJoseDecrypt(IMethodSymbol method) => method.IsMemberOf(_joseJwt, "Decrypt") || method.IsMemberOf(_joseJwt, "DecryptBytes");

    /// <summary>The Jwt.Net member <paramref name="name"/> of the interface <paramref name="contract"/> (or an implementation), or of its extension class.</summary>
    private static bool IsJwtNetMember(IMethodSymbol method, string name, INamedTypeSymbol? contract, INamedTypeSymbol? extensions)
        => method.IsOrOverridesMemberOf(contract, name) || method.IsMemberOf(extensions, name);

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

            var keyArgument = credentials.Arguments.FirstOrDefault(a => a.Parameter is { } p && p.Type.IsOrInheritsFrom(_identityModel.SecurityKey));
            if (keyArgument is null || !FlowsFrom(keyArgument.Value, keyCreation))
            {
                continue;
            }

            if (isEncrypting)
            {
                usedForEncryption = true;
                continue;
            }

            var algorithmArgument = credentials.Arguments.FirstOrDefault(a => SymbolGroup.ParameterIn(a.Parameter, _identityModel.CredentialAlgorithmParameters));
            var size = GetHmacSize(algorithmArgument is null ? null : ConstantValues.String(_flow, algorithmArgument.Value));
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

    private bool FlowsFrom(IOperation value, IOperation source)
        => _flow.SourcesOf(value).Any(v => v.WalkDownConversion().Syntax == source.Syntax);

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
                if (call.TargetMethod.IsMemberOf(_jwtBuilder, "WithAlgorithm")
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
        if (!call.TargetMethod.IsMemberOf(_jwtBuilder, "WithAlgorithm") || call.Arguments.Length == 0)
        {
            return null;
        }

        return JwtNetAlgorithm(call.Arguments[call.Arguments.Length - 1].Value);
    }

    private (int, string?)? JwtNetAlgorithm(IOperation value)
    {
        var values = _flow.SourcesOf(value).Values;
        if (values.IsEmpty)
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

        var values = _flow.SourcesOf(receiver).Values;
        if (values.IsEmpty)
        {
            return (DefaultRequiredBytes, null);
        }

        foreach (var value in values)
        {
            if (value.WalkDownConversion() is IObjectCreationOperation creation
                && creation.Type.IsOrInheritsFrom(componentType)
                && creation.Arguments.FirstOrDefault(a => a.Parameter is { } p && p.Type.IsOrInheritsFrom(_jwtNet.JwtAlgorithmInterface)) is { } algorithmArgument
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
            else if (SymbolGroup.ParameterIn(parameter, _jose.JwsAlgorithmNameParameters))
            {
                name = ConstantValues.String(_flow, argument.Value);
            }
            else if (SymbolGroup.ParameterIn(parameter, _jose.JweParameters))
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

        if (IsJoseDecrypt(invocation.TargetMethod))
        {
            return (0, null, true);
        }

        return (DefaultRequiredBytes, null, true);
    }
}
