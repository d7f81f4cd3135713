using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Authentication;

/// <summary>A hand-written "validation" helper that replaces each built-in check with one that accepts anything.</summary>
public static class CustomTokenValidation
{
    public static TokenValidationParameters CreateParameters(SecurityKey signingKey)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = "https://idp.example.com",
            ValidAudience = "insecure-api",
            IssuerSigningKey = signingKey,
        };

        // JWT001: unsigned tokens ('alg: none') are accepted.
        parameters.RequireSignedTokens = false;
        // JWT001: the "validator" only parses the token; any signature passes.
        parameters.SignatureValidator = (token, validationParameters) => new JsonWebToken(token);
        // JWT003: a lifetime validator that always succeeds.
        parameters.LifetimeValidator = (notBefore, expires, securityToken, validationParameters) => true;
        // JWT006: every signing key is accepted without the configured checks.
        parameters.IssuerSigningKeyValidator = (key, securityToken, validationParameters) => true;
        // JWT006: the key is taken from the token's own 'jwk' header: attackers sign with their own key.
        parameters.IssuerSigningKeyResolver = (token, securityToken, kid, validationParameters) =>
        {
            var jwt = (JsonWebToken)securityToken;
            return jwt.TryGetHeaderValue("jwk", out string jwk) ? [JsonWebKey.Create(jwk)] : [];
        };

        return parameters;
    }
}
