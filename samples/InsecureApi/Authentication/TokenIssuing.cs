using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Authentication;

/// <summary>Issues tokens and reads them back without validation. Do not copy.</summary>
public static class TokenIssuing
{
    public static string IssueUnsigned(string userId)
    {
        var handler = new JwtSecurityTokenHandler();

        // JWT002: no SigningCredentials, so the handler writes an unsigned 'alg: none' token.
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(new[] { new Claim("sub", userId) }),
            Expires = DateTime.UtcNow.AddMinutes(15),
        };
        return handler.CreateEncodedJwt(descriptor);
    }

    public static TokenValidationParameters AcceptNone(SecurityKey key) => new()
    {
        IssuerSigningKey = key,
        ValidIssuer = "https://issuer.example",
        ValidAudience = "api",
        // JWT002: 'none' among the accepted algorithms.
        ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256, "none" },
    };

    /// <summary>Middleware-style check that trusts the claims of a token nobody validated.</summary>
    public static bool IsAdmin(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = new JwtSecurityTokenHandler().ReadJwtToken(header["Bearer ".Length..]);

        // JWT014: the role claim of an unvalidated (possibly forged) token decides access.
        if (token.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity(token.Claims, "jwt"));
            return true;
        }

        return false;
    }
}
