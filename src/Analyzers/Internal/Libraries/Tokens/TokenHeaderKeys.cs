using System;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Tokens;

/// <summary>
/// Key material read from the token's own header (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>: RFC 7515 §4.1.2 to
/// §4.1.6), in every library, by symbol:
/// <list type="bullet">
/// <item>IdentityModel: <c>JwtHeader.X5c</c>, the <c>JwtHeader</c> dictionary (<c>jwt.Header["jwk"]</c>,
/// <c>Header[JwtHeaderParameterNames.Jku]</c>, <c>TryGetValue("x5c", out ...)</c>),
/// <c>JsonWebToken.GetHeaderValue&lt;T&gt;("jwk")</c> and <c>TryGetHeaderValue&lt;T&gt;("x5c", out ...)</c>;</item>
/// <item>jose-jwt: the dictionary or object <c>JWT.Headers(token)</c>/<c>Headers&lt;T&gt;(token)</c> returns;</item>
/// <item>Jwt.Net: <c>JWT.Builder.JwtHeader.X5c</c>/<c>X5u</c>, and what <c>DecodeHeader</c>,
/// <c>DecodeHeader&lt;T&gt;</c> and <c>DecodeHeaderToDictionary</c> of a decoder or builder return.</item>
/// </list>
/// A header object of a project type (<c>JWT.Headers&lt;MyHeader&gt;(token).Jwk</c>) counts when it comes from one of
/// those calls. <c>kid</c> is not a key: picking a configured key by <c>kid</c> is the correct use of the header.
/// <see cref="FindKeyHeader"/> follows a key value back with the flow engine (<see cref="ValueFlow.FindSource"/>).
/// </summary>
internal sealed class TokenHeaderKeys
{
    private static readonly ConditionalWeakTable<Compilation, TokenHeaderKeys> s_cache = new();

    /// <summary>The header parameters that carry or point to a key (the token's names, RFC 7515).</summary>
    public static readonly ImmutableHashSet<string> KeyHeaders = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "jwk", "jku", "x5u", "x5c");

    private static readonly char[] NameStarts = { 'j', 'J', 'x', 'X' };

    private readonly KnownSymbols _symbols;
    private readonly Lazy<bool> _anyKeyHeaderNamed;

    private TokenHeaderKeys(Compilation compilation)
    {
        _symbols = KnownSymbols.Get(compilation);
        Flow = ValueFlow.Get(compilation);
        _anyKeyHeaderNamed = new Lazy<bool>(() => AnyKeyHeaderNamed(compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>False when the compilation's text never names a key-bearing header: no key can come from one (see <see cref="AnyKeyHeaderNamed(Compilation)"/>).</summary>
    public bool AnyKeyHeaderNamed() => _anyKeyHeaderNamed.Value;

    /// <summary>The compilation's flow engine.</summary>
    public ValueFlow Flow { get; }

    /// <summary>The instance of <paramref name="compilation"/>.</summary>
    public static TokenHeaderKeys Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new TokenHeaderKeys(c));

    /// <summary>
    /// The key-bearing header (<c>"jwk"</c>, <c>"jku"</c>, <c>"x5u"</c>, <c>"x5c"</c>) <paramref name="value"/> derives from,
    /// across locals, fields, properties, helper methods and lambdas; null when none (or when the compilation reads no
    /// token header at all).
    /// </summary>
    public string? FindKeyHeader(IOperation value)
    {
        if (!_anyKeyHeaderNamed.Value)
        {
            return null;
        }

        string? header = null;
        Flow.FindSource(value, operation => (header = KeyHeaderRead(operation)) is not null);
        return header;
    }

    /// <summary>
    /// Cheap when irrelevant: reading a key-bearing header needs its name in the source (a <c>"jwk"</c> literal,
    /// <c>JwtHeaderParameterNames.X5c</c>, the <c>X5c</c>/<c>X5u</c> properties, a header type's <c>Jwk</c> member), so a
    /// compilation whose text never spells <c>jwk</c>, <c>jku</c>, <c>x5u</c> or <c>x5c</c> (any case) has no such read and
    /// no flow query is started. A plain text scan: no syntax walk, no semantic model, no index.
    /// </summary>
    private static bool AnyKeyHeaderNamed(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!tree.TryGetText(out var text))
            {
                text = tree.GetText();
            }

            // A string-backed text returns its string without a copy; IndexOfAny is vectorised by the runtime.
            var source = text.ToString();
            for (var i = source.IndexOfAny(NameStarts); i >= 0 && i + 2 < source.Length; i = source.IndexOfAny(NameStarts, i + 1))
            {
                var c0 = (char)(source[i] | 0x20);
                var c1 = (char)(source[i + 1] | 0x20);
                var c2 = (char)(source[i + 2] | 0x20);
                if ((c0 == 'j' && ((c1 == 'w' && c2 == 'k') || (c1 == 'k' && c2 == 'u')))
                    || (c0 == 'x' && c1 == '5' && (c2 == 'u' || c2 == 'c')))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The header name when <paramref name="operation"/> itself reads a key-bearing header of a token; otherwise null.</summary>
    public string? KeyHeaderRead(IOperation operation)
    {
        var identityModel = _symbols.IdentityModel;
        var jwtNet = _symbols.JwtNet;
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                return ConstantKeyHeader(indexer.Arguments) is { } indexed && IsHeader(indexer.Instance) ? indexed : null;

            case IPropertyReferenceOperation { Property: var property } reference:
                if (property.IsPropertyOf(identityModel.JwtHeader, "X5c") || property.IsPropertyOf(jwtNet.JwtHeader, "X5c"))
                {
                    return "x5c";
                }

                if (property.IsPropertyOf(jwtNet.JwtHeader, "X5u"))
                {
                    return "x5u";
                }

                // A project's own header type filled by JWT.Headers<T>(token) / DecodeHeader<T>(token): its members are the token's names.
                return property.IsInSource() && KeyHeaders.Contains(property.Name) && IsHeader(reference.Instance) ? property.Name.ToLowerInvariant() : null;

            case IInvocationOperation call when ConstantKeyHeader(call.Arguments) is { } key:
                var method = call.TargetMethod;
                return method.IsMemberOf(identityModel.JsonWebToken, "GetHeaderValue")
                       || method.IsMemberOf(identityModel.JsonWebToken, "TryGetHeaderValue")
                       || (call.Instance is { } instance && IsHeader(instance))
                    ? key
                    : null;

            case ILocalReferenceOperation local:
                // TryGetHeaderValue<string>("x5c", out var chain) / header.TryGetValue("jwk", out var jwk): the out variable.
                return OutVariableFiller(local) is { } filler ? KeyHeaderRead(filler) : null;

            default:
                return null;
        }
    }

    /// <summary>The call that declares <paramref name="local"/> as its <c>out var</c> argument, or null.</summary>
    private IInvocationOperation? OutVariableFiller(ILocalReferenceOperation local)
    {
        if (local.Local.DeclaringSyntaxReferences.Length != 1
            || local.Local.DeclaringSyntaxReferences[0].GetSyntax() is not SingleVariableDesignationSyntax designation
            || designation.Parent is not DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } } })
        {
            return null;
        }

        return Flow.Models.Get(invocation.SyntaxTree)?.GetOperation(invocation) as IInvocationOperation;
    }

    private static string? ConstantKeyHeader(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue is { HasValue: true, Value: string name } && KeyHeaders.Contains(name))
            {
                return name.ToLowerInvariant();
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="instance"/> is a token header: a <c>JwtHeader</c>, or a value from a header-decoding call.</summary>
    private bool IsHeader(IOperation? instance)
    {
        if (instance is null)
        {
            return false;
        }

        var type = ValueFlow.Unwrap(instance).Type;
        if (type.IsOrInheritsFrom(_symbols.IdentityModel.JwtHeader) || type.IsOrInheritsFrom(_symbols.JwtNet.JwtHeader))
        {
            return true;
        }

        return Flow.FindSource(instance, IsHeaderDecode) is not null;
    }

    /// <summary><c>JWT.Headers</c> (jose-jwt), <c>DecodeHeader</c>/<c>DecodeHeaderToDictionary</c> (Jwt.Net decoder, extensions and builder).</summary>
    private bool IsHeaderDecode(IOperation operation)
    {
        if (operation is not IInvocationOperation { TargetMethod: var method })
        {
            return false;
        }

        var jwtNet = _symbols.JwtNet;
        return method.IsMemberOf(_symbols.Jose.Jwt, "Headers")
               || method.IsOrOverridesMemberOf(jwtNet.JwtDecoderInterface, "DecodeHeader")
               || method.IsMemberOf(jwtNet.JwtDecoderExtensions, "DecodeHeader")
               || method.IsMemberOf(jwtNet.JwtDecoderExtensions, "DecodeHeaderToDictionary")
               || method.IsMemberOf(jwtNet.JwtBuilder, "DecodeHeader");
    }
}
