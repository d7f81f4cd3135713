using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Jose;

/// <summary>
/// The jose-jwt call shapes shared by JWT001, JWT002, JWT003, JWT006 and JWT015: members and parameters of
/// <c>Jose.JWT</c> compared by symbol (<see cref="JoseJwtSymbols"/>).
/// </summary>
internal static class JoseCalls
{
    /// <summary>A <c>JWT.Decode</c>/<c>DecodeBytes</c>/<c>Verify</c>/<c>VerifyBytes</c> call (not the JWE-only overloads).</summary>
    public static bool IsDecodeOrVerify(IInvocationOperation invocation, JoseJwtSymbols jose)
        => IsVerifyingRead(invocation.TargetMethod, jose) && !invocation.TargetMethod.Parameters.Any(p => SymbolGroup.ParameterIn(p, jose.JweParameters));

    /// <summary>
    /// <c>JWT.Decode</c>, <c>Decode&lt;T&gt;</c>, <c>DecodeBytes</c>, <c>Verify</c> or <c>VerifyBytes</c> (every overload, JWE
    /// included): the calls that check the signature (or decrypt) with a key and return the payload.
    /// </summary>
    public static bool IsVerifyingRead(IMethodSymbol method, JoseJwtSymbols jose)
    {
        var jwt = jose.Jwt;
        return method.IsMemberOf(jwt, "Decode") || method.IsMemberOf(jwt, "DecodeBytes") || method.IsMemberOf(jwt, "Verify") || method.IsMemberOf(jwt, "VerifyBytes");
    }

    /// <summary><c>JWT.Encode</c> or <c>JWT.EncodeBytes</c>.</summary>
    public static bool IsEncode(IMethodSymbol method, JoseJwtSymbols jose)
        => method.IsMemberOf(jose.Jwt, "Encode") || method.IsMemberOf(jose.Jwt, "EncodeBytes");

    /// <summary>The <c>key</c> argument of a <c>Jose.JWT</c> call (possibly a default-value argument), or null.</summary>
    public static IArgumentOperation? KeyArgument(IInvocationOperation invocation, JoseJwtSymbols jose)
        => invocation.Arguments.FirstOrDefault(a => jose.IsKeyParameter(a.Parameter));

    /// <summary>The argument that names the expected JWS algorithm, or null for the auto-detecting overloads.</summary>
    public static IArgumentOperation? ExpectedAlgorithm(IInvocationOperation invocation, JoseJwtSymbols jose)
        => invocation.Arguments.FirstOrDefault(a => jose.IsJwsAlgorithmParameter(a.Parameter));

    /// <summary>True when the expected-algorithm argument is absent or the constant null.</summary>
    public static bool HasNoExpectedAlgorithm(IInvocationOperation invocation, JoseJwtSymbols jose)
    {
        var alg = ExpectedAlgorithm(invocation, jose);
        return alg is null
               || alg.ArgumentKind == ArgumentKind.DefaultValue
               || alg.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null };
    }

    /// <summary>
    /// When the call decodes or verifies with no key (omitted or constant null) and no expected algorithm, the key
    /// argument (possibly a default-value argument); otherwise null.
    /// </summary>
    public static IArgumentOperation? AcceptsUnsignedWithoutKey(IInvocationOperation invocation, JoseJwtSymbols jose)
    {
        if (!IsDecodeOrVerify(invocation, jose) || !HasNoExpectedAlgorithm(invocation, jose))
        {
            return null;
        }

        var key = KeyArgument(invocation, jose);
        if (key is null)
        {
            return null;
        }

        var isNull = key.ArgumentKind == ArgumentKind.DefaultValue
            ? key.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: null }
            : ValueFlow.AllSources(key.Value, v => v.WalkDownConversion().ConstantValue is { HasValue: true, Value: null });
        return isNull ? key : null;
    }
}
