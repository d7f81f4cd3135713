using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

using JwtAnalyzers.Internal.Options;

namespace JwtAnalyzers.Internal;

/// <summary>
/// Decides whether a name (a storage key, a cookie name, a variable) or a value (an expression) is a bearer token.
/// Shared by JWT011 (browser storage), JWT012 (cookies) and JWT017 (logs) so the three rules agree.
/// <para>
/// Names: by default, a name is token-like when one of its words (split on case changes, <c>_</c>, <c>-</c>, <c>.</c>,
/// <c>:</c>, spaces) is <c>token</c>, <c>jwt</c>, <c>bearer</c> or <c>authorization</c>, or when the whole name is
/// <c>auth</c>, <c>access</c>, <c>refresh</c> or <c>id_token</c>-like. Words that make a token name harmless follow it
/// (<c>tokenType</c>, <c>tokenExpiry</c>, <c>tokenEndpoint</c>, <c>jwtId</c>) or precede it (<c>csrfToken</c>,
/// <c>cancellationToken</c>, <c>stoppingToken</c>, <c>antiForgeryToken</c>). <c>tokenizer</c>, <c>author</c>, <c>authority</c>, <c>accessLevel</c> are not token names.
/// The <c>.editorconfig</c> keys <c>JWTnnn.token_name_pattern</c> (per rule) or <c>jwt.token_name_pattern</c> (all three
/// rules) replace this heuristic with a case-insensitive regular expression.
/// </para>
/// <para>
/// Values: the result of a token-producing API (<c>WriteToken</c>, <c>CreateToken</c>, <c>CreateEncodedJwt</c>,
/// Jwt.Net / jose-jwt <c>Encode</c>, <c>GetTokenAsync</c>, <c>GetTokenValue</c>, the <c>Authorization</c> header,
/// <c>MessageReceivedContext.Token</c>, <c>RawData</c>/<c>EncodedToken</c>), a string member or variable with a token
/// name (<c>response.AccessToken</c>, <c>access_token</c>, a parameter <c>jwt</c>), an indexer read with a token key
/// (<c>json["access_token"]</c>), followed through locals, conversions, <c>await</c>, string concatenation and
/// interpolation.
/// </para>
/// </summary>
internal sealed class TokenLikeness
{
    public const string SharedPatternKey = "jwt.token_name_pattern";
    public const string PatternOptionName = "token_name_pattern";

    private static readonly HashSet<string> s_tokenWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "tokens", "jwt", "jwts", "bearer", "authorization",
    };

    /// <summary>Names that are a token on their own (a storage key "auth", a cookie "access").</summary>
    private static readonly HashSet<string> s_wholeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "auth", "access", "refresh", "idtoken", "id_token", "accesstoken", "refreshtoken", "authtoken",
    };

    /// <summary>A word after "token" that makes the name metadata about a token, not the token.</summary>
    private static readonly HashSet<string> s_harmlessAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        "type", "types", "count", "length", "lifetime", "expiry", "expires", "expiration", "exp", "endpoint", "url", "uri",
        "name", "names", "handler", "handlers", "validation", "validator", "kind", "hash", "id", "jti", "issuer", "audience",
        "provider", "providers", "options", "settings", "source", "cache", "service", "store", "client", "key", "status", "state",
        "claims", "header", "scheme", "format", "version", "usage",
    };

    /// <summary>A word before "token" that makes it something other than a bearer credential.</summary>
    private static readonly HashSet<string> s_harmlessBefore = new(StringComparer.OrdinalIgnoreCase)
    {
        "csrf", "xsrf", "antiforgery", "forgery", "verification", "cancellation", "stopping", "continuation", "page", "paging", "next", "sync", "change", "lexer", "parser", "syntax",
    };

    private readonly Regex? _pattern;
    private readonly bool _localFlow;

    private TokenLikeness(Regex? pattern, bool localFlow)
    {
        _pattern = pattern;
        _localFlow = localFlow;
    }

    /// <summary>The default heuristic (no <c>.editorconfig</c> pattern), values followed by the whole flow engine.</summary>
    public static TokenLikeness Default { get; } = new(null, localFlow: false);

    private static readonly TokenLikeness s_defaultLocal = new(null, localFlow: true);

    /// <summary>
    /// The token-likeness in effect for <paramref name="tree"/>: <c>ruleId.token_name_pattern</c>, then
    /// <c>jwt.token_name_pattern</c>, then the default. With <paramref name="localFlow"/>, a local's value is followed
    /// inside its body and into the methods that return it (<see cref="ValueFlow.LocalSourcesOf"/>), and fields,
    /// properties and parameters are judged by what they are: for rules whose sinks are everywhere (every log call).
    /// </summary>
    public static TokenLikeness For(AnalyzerOptions options, SyntaxTree tree, string ruleId, bool localFlow = false)
    {
        var pattern = RuleOptions.TokenNamePatternFor(ruleId).Get(options, tree) ?? RuleOptions.SharedTokenNamePattern.Get(options, tree);
        return pattern is not null ? new TokenLikeness(pattern, localFlow) : localFlow ? s_defaultLocal : Default;
    }

    private FlowValues SourcesOf(IOperation operation, Compilation compilation)
        => _localFlow ? ValueFlow.Get(compilation).LocalSourcesOf(operation) : ValueFlow.Get(compilation).SourcesOf(operation);

    /// <summary>True when this is the default name heuristic (answers about names and types can be cached).</summary>
    internal bool UsesDefaultNames => _pattern is null;

    /// <summary>True when <paramref name="name"/> (a key, a cookie name, an identifier) names a token.</summary>
    public bool IsTokenName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        if (_pattern is not null)
        {
            try
            {
                return _pattern.IsMatch(name);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        return IsDefaultTokenName(name!);
    }

    /// <summary>Names already judged by the default heuristic: a project spells the same few hundred names again and again.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> s_defaultNames = new(StringComparer.Ordinal);

    private static int s_defaultNameCount;

    internal static bool IsDefaultTokenName(string name)
    {
        if (s_defaultNames.TryGetValue(name, out var known))
        {
            return known;
        }

        // Bounded without ConcurrentDictionary.Count (which takes every lock of the dictionary on each call).
        var result = ComputeIsDefaultTokenName(name);
        if (Volatile.Read(ref s_defaultNameCount) < 100_000 && s_defaultNames.TryAdd(name, result))
        {
            Interlocked.Increment(ref s_defaultNameCount);
        }

        return result;
    }

    private static bool ComputeIsDefaultTokenName(string name)
    {
        var trimmed = name.Trim().TrimStart('_', '@', '.');
        if (trimmed.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed.Substring(trimmed.IndexOf('-') + 1);
        }

        if (s_wholeNames.Contains(trimmed))
        {
            return true;
        }

        var words = SplitWords(trimmed);
        for (var i = 0; i < words.Count; i++)
        {
            if (!s_tokenWords.Contains(words[i]))
            {
                continue;
            }

            if (i + 1 < words.Count && s_harmlessAfter.Contains(words[i + 1]))
            {
                continue;
            }

            if (i > 0 && s_harmlessBefore.Contains(words[i - 1]))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="word"/> (one word of a name) is a token word of the default heuristic (<c>token</c>, <c>jwt</c>, <c>bearer</c>, <c>authorization</c>).</summary>
    internal static bool IsTokenWord(string word) => s_tokenWords.Contains(word);

    /// <summary>Splits <c>accessToken</c>, <c>access_token</c>, <c>pref:Access-Token</c>, <c>JWTValue</c> into words.</summary>
    internal static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : '\0';
            if (!char.IsLetterOrDigit(c))
            {
                if (start >= 0)
                {
                    words.Add(name.Substring(start, i - start));
                    start = -1;
                }

                continue;
            }

            if (start < 0)
            {
                start = i;
                continue;
            }

            var previous = name[i - 1];
            var boundary = (char.IsUpper(c) && char.IsLower(previous))
                || (char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]))
                || (char.IsDigit(c) != char.IsDigit(previous));
            if (boundary)
            {
                words.Add(name.Substring(start, i - start));
                start = i;
            }
        }

        return words;
    }

    /// <summary>
    /// True when <paramref name="value"/> may hold a token: a token-producing API, a token-named member or variable,
    /// followed through locals, conversions, awaits, concatenation and interpolation.
    /// </summary>
    public bool IsTokenValue(IOperation? value) => value is not null && IsTokenValue(value, depth: 0);

    private bool IsTokenValue(IOperation value, int depth)
    {
        if (depth > 6)
        {
            return false;
        }

        value = value.WalkDownConversion();
        if (value is ILiteralOperation)
        {
            return false;
        }

        // Decided by the type before anything else: a number, a date, a Guid, an enum, an exception, a logger, a list or
        // any other class never holds a token's text, so no flow query starts for it. Text types, object, interfaces
        // and type parameters go on; a record is judged by its members (its generated ToString writes every one).
        if (value.Type is { } type && value.SemanticModel is { } typeModel)
        {
            var compilation = typeModel.Compilation;
            if (!MayHoldText(type, compilation))
            {
                // IsRecord only for the project's own types: for a referenced type the compiler answers it by loading
                // every member to look for the clone method, which costs more than everything else here.
                if (!type.IsValueType && type.DeclaringSyntaxReferences.Length > 0 && type.IsRecord)
                {
                    return TokenCarriers.IsTokenCarrierType(type, this, compilation);
                }

                if (type.IsValueType || type.TypeKind is TypeKind.Class or TypeKind.Array or TypeKind.Delegate or TypeKind.Enum or TypeKind.Pointer or TypeKind.FunctionPointer)
                {
                    return false;
                }
            }
        }

        switch (value)
        {

            case IAwaitOperation awaitOperation:
                return IsTokenValue(awaitOperation.Operation, depth + 1);

            case IParenthesizedOperation parenthesized:
                return IsTokenValue(parenthesized.Operand, depth + 1);

            case IConditionalOperation conditional:
                return IsTokenValue(conditional.WhenTrue, depth + 1) || (conditional.WhenFalse is { } whenFalse && IsTokenValue(whenFalse, depth + 1));

            case ICoalesceOperation coalesce:
                return IsTokenValue(coalesce.Value, depth + 1) || IsTokenValue(coalesce.WhenNull, depth + 1);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return IsTokenValue(binary.LeftOperand, depth + 1) || IsTokenValue(binary.RightOperand, depth + 1);

            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation && IsTokenValue(interpolation.Expression, depth + 1))
                    {
                        return true;
                    }
                }

                return false;

            case ILocalReferenceOperation local:
                // Token-ness comes from where the value comes from first, from the name only when the source is unknown:
                // a local named 'token' holding the Accept header is not a token; 'raw' holding the Authorization header is.
                // With local flow (a rule whose sinks are everywhere), a local whose name is not a token's is a token only
                // through a token source; its declaration's initializer (the usual 'var raw = ...') answers that without
                // walking the body. A token-named local needs every value (to clear 'token' holding the Accept header).
                if (_localFlow && value.SemanticModel is { } declarationModel && !IsTokenName(local.Local.Name)
                    && InitializerOf(local.Local, declarationModel) is { } initializer)
                {
                    return IsTokenValue(initializer, depth + 1);
                }

                if (value.SemanticModel is { } model)
                {
                    var sources = SourcesOf(local, model.Compilation);
                    foreach (var possible in sources.Values)
                    {
                        if (!ReferenceEquals(possible, local) && IsTokenValue(possible, depth + 1))
                        {
                            return true;
                        }
                    }

                    if (sources.IsComplete && !sources.Values.IsEmpty)
                    {
                        return false;
                    }
                }

                return IsStringLike(local.Type, local.SemanticModel?.Compilation) && IsTokenName(local.Local.Name);

            case IArrayElementReferenceOperation element:
                // header.Split(' ')[1]: a piece of a bearer header is the token; token.Split('.')[0] is a segment of
                // the JWT (its header or payload), not a credential.
                return !SplitsOnDot(element.ArrayReference) && IsTokenValue(element.ArrayReference, depth + 1);

            case IParameterReferenceOperation parameter:
                return IsStringLike(parameter.Type, parameter.SemanticModel?.Compilation) && IsTokenName(parameter.Parameter.Name);

            case IFieldReferenceOperation field:
                return IsStringLike(field.Type, field.SemanticModel?.Compilation) && !field.Field.IsConst && IsTokenName(field.Field.Name);

            case IPropertyReferenceOperation property:
                return IsTokenProperty(property);

            case IInvocationOperation invocation:
                return IsTokenInvocation(invocation, depth);

            default:
                return false;
        }
    }

    private bool IsTokenProperty(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (property.IsIndexer)
        {
            // json["access_token"], Request.Headers["Authorization"], Request.Cookies["jwt"], Request.Query["token"]
            // A list, an array-like or a dictionary keyed by anything but text has no token key (Items["jwt"] keys an
            // object by a string: the key is looked at below its conversion); a constant key needs no flow.
            var keyValue = reference.Arguments.Length == 1 ? reference.Arguments[0].Value.WalkDownConversion() : null;
            if (keyValue?.Type?.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            if (keyValue.ConstantValue is { HasValue: true, Value: var constantKey })
            {
                return constantKey is string constantName && IsTokenName(constantName);
            }

            return reference.SemanticModel is { } indexModel
                && ConstantValues.String(ValueFlow.Get(indexModel.Compilation), reference.Arguments[0].Value) is { } key
                && IsTokenName(key);
        }

        if (reference.SemanticModel is { } model && IsTokenApiProperty(property, KnownSymbols.Get(model.Compilation)))
        {
            return true;
        }

        return IsStringLike(property.Type, reference.SemanticModel?.Compilation) && IsTokenName(property.Name);
    }

    /// <summary>Properties that hold a token whatever they are called, by symbol.</summary>
    private static bool IsTokenApiProperty(IPropertySymbol property, KnownSymbols symbols)
    {
        // The names of the properties below: a prefilter only (the symbol decides), so most properties cost one switch.
        if (property.Name is not ("Authorization" or "Parameter" or "Token" or "RawData" or "EncodedToken" or "IdToken" or "AccessToken" or "RefreshToken"))
        {
            return false;
        }

        var http = symbols.Http;
        var authentication = symbols.Authentication;
        var identityModel = symbols.IdentityModel;
        return property.IsPropertyOf(http.HeaderDictionary, "Authorization")
            || property.IsPropertyOf(http.HttpRequestHeaders, "Authorization")
            || property.IsPropertyOf(http.AuthenticationHeaderValue, "Parameter")
            || property.IsPropertyOf(authentication.MessageReceivedContext, "Token")
            || property.IsPropertyOf(identityModel.JwtSecurityToken, "RawData")
            || property.IsPropertyOf(identityModel.JsonWebToken, "EncodedToken")
            || property.IsPropertyOf(authentication.OpenIdConnectMessage, "IdToken")
            || property.IsPropertyOf(authentication.OpenIdConnectMessage, "AccessToken")
            || property.IsPropertyOf(authentication.OpenIdConnectMessage, "RefreshToken");
    }

    private bool IsTokenInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (invocation.SemanticModel is { } model)
        {
            var symbols = KnownSymbols.Get(model.Compilation);
            if (IsTokenProducer(method, symbols))
            {
                return true;
            }

            // JsonSerializer.Serialize(response) of an object with an AccessToken member is the token in JSON.
            if (TokenCarriers.IsSerialization(method, symbols) && TokenCarriers.IsTokenCarrier(invocation, this))
            {
                return true;
            }
        }

        switch (method.Name)
        {
            // JsonElement: root.GetProperty("access_token").GetString() is a token by the property's name.
            case "GetString" when invocation.Instance is { } element && invocation.SemanticModel is { } jsonModel
                                  && method.IsMemberOf(KnownSymbols.Get(jsonModel.Compilation).Bcl.JsonElement, "GetString"):
                if (element.WalkDownConversion() is IInvocationOperation { Arguments.Length: >= 1 } getProperty
                    && getProperty.TargetMethod.IsMemberOf(KnownSymbols.Get(jsonModel.Compilation).Bcl.JsonElement, "GetProperty")
                    && ConstantValues.String(ValueFlow.Get(jsonModel.Compilation), getProperty.Arguments[0].Value) is { } propertyName)
                {
                    return IsTokenName(propertyName);
                }

                return IsTokenValue(element, depth + 1);

            // Text pass-throughs, by symbol: object.ToString (and its overrides), string's own methods, StringValues.
            case "ToString" when invocation.Instance is { } instance && IsObjectToString(method):
                return IsTokenValue(instance, depth + 1);
            case "Trim" or "TrimStart" or "TrimEnd" or "Split" or "Substring" or "Replace" or "Remove" or "ToArray"
                when invocation.Instance is { } instance && IsStringOrHeaderValues(method.ContainingType, invocation.SemanticModel?.Compilation):
                return IsTokenValue(instance, depth + 1);

            // Enumerable.First(Request.Headers["Authorization"]) and friends.
            case "First" or "FirstOrDefault" or "Single" or "SingleOrDefault"
                when method.IsExtensionMethod && invocation.Arguments.Length >= 1 && invocation.SemanticModel is { } linqModel
                     && SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType, KnownSymbols.Get(linqModel.Compilation).Bcl.Enumerable):
                return IsTokenValue(invocation.Arguments[0].Value, depth + 1);
            case "Concat" or "Format" or "Join" when type.SpecialType == SpecialType.System_String:
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversion() is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            if (IsTokenValue(element, depth + 1))
                            {
                                return true;
                            }
                        }
                    }
                    else if (IsTokenValue(argument.Value, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
        }

        return false;
    }

    /// <summary>The value a local is declared with (<c>var raw = ...</c>), or null when it has no initializer or several declarations.</summary>
    private static IOperation? InitializerOf(ILocalSymbol local, SemanticModel model)
    {
        var references = local.DeclaringSyntaxReferences;
        if (references.Length != 1
            || references[0].GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer }
            || initializer.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(initializer);
    }

    private bool SplitsOnDot(IOperation array)
    {
        var sources = array.SemanticModel is { } model ? SourcesOf(array, model.Compilation).Values : System.Collections.Immutable.ImmutableArray.Create(array);
        foreach (var source in sources)
        {
            if (source is IInvocationOperation { Arguments.Length: >= 1 } split
                && split.TargetMethod.ContainingType.SpecialType == SpecialType.System_String
                && split.Arguments[0].Value.WalkDownConversion() is { } separator
                && (separator.ConstantValue is { HasValue: true, Value: '.' or "." }
                    || (separator is IArrayCreationOperation { Initializer.ElementValues.Length: 1 } separators && separators.Initializer!.ElementValues[0].ConstantValue is { HasValue: true, Value: '.' })))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>APIs whose result is a token, by symbol: handlers' <c>WriteToken</c>/<c>CreateEncodedJwt</c>/<c>CreateToken</c>, Jwt.Net and jose-jwt <c>Encode</c>, <c>GetTokenAsync</c>/<c>GetTokenValue</c>.</summary>
    private static bool IsTokenProducer(IMethodSymbol method, KnownSymbols symbols)
    {
        // The names of the APIs below: a prefilter only (the symbol decides), so most calls cost one switch.
        if (method.Name is not ("WriteToken" or "CreateEncodedJwt" or "CreateToken" or "Encode" or "GetTokenAsync" or "GetTokenValue"))
        {
            return false;
        }

        var identityModel = symbols.IdentityModel;
        if (method.Name is "WriteToken" or "CreateEncodedJwt" or "CreateToken" && IsStringLike(method.ReturnType, symbols.Compilation))
        {
            if (method.IsOrOverridesMemberOf(identityModel.JwtSecurityTokenHandler, method.Name) || method.IsOrOverridesMemberOf(identityModel.JsonWebTokenHandler, method.Name)
                || method.IsOrOverridesMemberOf(identityModel.SecurityTokenHandler, method.Name) || method.IsOrOverridesMemberOf(identityModel.TokenHandler, method.Name))
            {
                return true;
            }
        }

        var jwtNet = symbols.JwtNet;
        return method.IsMemberOf(jwtNet.JwtBuilder, "Encode")
            || method.IsOrOverridesMemberOf(jwtNet.JwtEncoderInterface, "Encode")
            || method.IsMemberOf(jwtNet.JwtEncoderExtensions, "Encode")
            || method.IsMemberOf(symbols.Jose.Jwt, "Encode")
            || method.IsMemberOf(symbols.Authentication.AuthenticationHttpContextExtensions, "GetTokenAsync")
            || method.IsMemberOf(symbols.Authentication.AuthenticationTokenExtensions, "GetTokenAsync")
            || method.IsMemberOf(symbols.Authentication.AuthenticationTokenExtensions, "GetTokenValue")
            || method.IsMemberOf(symbols.Authentication.AuthenticationProperties, "GetTokenValue");
    }

    /// <summary>A text type, an array of one (<c>header.Split(' ')</c>), or a task of one (<c>GetTokenAsync</c>).</summary>
    private static bool MayHoldText(ITypeSymbol type, Compilation compilation)
    {
        if (IsStringLike(type, compilation))
        {
            return true;
        }

        if (type is IArrayTypeSymbol array)
        {
            return IsStringLike(array.ElementType, compilation);
        }

        if (type is INamedTypeSymbol { Arity: 1 } generic && IsStringLike(generic.TypeArguments[0], compilation))
        {
            var bcl = KnownSymbols.Get(compilation).Bcl;
            var definition = generic.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(definition, bcl.TaskOfT) || SymbolEqualityComparer.Default.Equals(definition, bcl.ValueTaskOfT);
        }

        return false;
    }

    /// <summary>
    /// string, object (a boxed string), <c>dynamic</c>, <c>char[]</c>, and by symbol <c>StringValues</c> (also nullable)
    /// and <c>AuthenticationHeaderValue</c>: the types that can carry a token's text.
    /// </summary>
    private static bool IsStringLike(ITypeSymbol? type, Compilation? compilation)
    {
        if (type is null)
        {
            return false;
        }

        if (type.SpecialType is SpecialType.System_String or SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic
            || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char })
        {
            return true;
        }

        if (compilation is null || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Struct or TypeKind.Class))
        {
            return false;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        // The name is a prefilter only (most types pay one string switch); the symbol decides.
        if (type.Name is not ("StringValues" or "AuthenticationHeaderValue"))
        {
            return false;
        }

        var http = KnownSymbols.Get(compilation).Http;
        return SymbolEqualityComparer.Default.Equals(type, http.StringValues) || SymbolEqualityComparer.Default.Equals(type, http.AuthenticationHeaderValue);
    }

    /// <summary>A method of <c>string</c> or of <c>StringValues</c>.</summary>
    private static bool IsStringOrHeaderValues(INamedTypeSymbol? type, Compilation? compilation)
        => type is not null
           && (type.SpecialType == SpecialType.System_String
               || (compilation is not null && KnownSymbols.Get(compilation).Http.StringValues is { } values && SymbolEqualityComparer.Default.Equals(type, values)));

    /// <summary><c>object.ToString()</c> or an override of it (not a project's own <c>ToString(...)</c> overload or extension).</summary>
    private static bool IsObjectToString(IMethodSymbol method)
    {
        if (method.Parameters.Length != 0 || method.IsStatic)
        {
            return false;
        }

        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (current.ContainingType?.SpecialType == SpecialType.System_Object)
            {
                return true;
            }
        }

        return false;
    }
}
