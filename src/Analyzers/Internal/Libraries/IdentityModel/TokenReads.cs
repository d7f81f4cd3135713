using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.IdentityModel;

/// <summary>IdentityModel's parse-only reads: <c>ReadJwtToken</c>, <c>ReadJsonWebToken</c>, <c>ReadToken</c>, <c>new JwtSecurityToken(string)</c>, <c>new JsonWebToken(string)</c>.</summary>
internal static class TokenReads
{
    /// <summary>True when <paramref name="value"/> parses a token from a string without checking its signature.</summary>
    public static bool IsUnverifiedRead(KnownSymbols symbols, IOperation value)
    {
        var identityModel = symbols.IdentityModel;
        switch (ValueFlow.Unwrap(value))
        {
            case IObjectCreationOperation creation:
                return creation.Type is { } type
                    && (type.IsOrInheritsFrom(identityModel.JwtSecurityToken) || type.IsOrInheritsFrom(identityModel.JsonWebToken))
                    && creation.Arguments.Length == 1
                    && creation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String;
            case IInvocationOperation invocation:
                return IsReadMethod(identityModel, invocation.TargetMethod);
            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="method"/> is a handler's <c>ReadJwtToken</c>, <c>ReadJsonWebToken</c> or <c>ReadToken</c> (or an override).</summary>
    public static bool IsReadMethod(IdentityModelSymbols identityModel, IMethodSymbol method)
    {
        foreach (var reader in identityModel.TokenReaders)
        {
            if (!method.ContainingType.IsOrInheritsFrom(reader))
            {
                continue;
            }

            for (var current = method; current is not null; current = current.OverriddenMethod)
            {
                if (current.IsMemberOf(reader, "ReadJwtToken") || current.IsMemberOf(reader, "ReadJsonWebToken") || current.IsMemberOf(reader, "ReadToken"))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
