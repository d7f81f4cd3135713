using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Authentication;

/// <summary>Token issuing with hard-coded and weak HMAC signing keys.</summary>
public sealed class TokenSigning(IConfiguration configuration)
{
    // A secret copied from the jwt.io debugger, committed to source control.
    private const string JwtSecret = "your-256-bit-secret";

    public string Issue(string userName)
    {
        var credentials = new SigningCredentials(
            // JWT007: a well-known published secret (and 19 bytes, HS256 needs 32).
            // JWT008: the key is in the source: anyone with the repository can mint tokens.
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSecret)),
            SecurityAlgorithms.HmacSha256);

        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)]),
            Expires = DateTime.UtcNow.AddMinutes(15),
            SigningCredentials = credentials,
        };
        var handler = new JwtSecurityTokenHandler();
        return handler.WriteToken(handler.CreateToken(descriptor));
    }

    // JWT008: a literal fallback when "Jwt:Key" is missing ships a working key with the binaries.
    // JWT007: the fallback is 32 bytes, but HS512 needs 64.
    public SigningCredentials Hs512Credentials() => new(
        new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"] ?? "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")),
        SecurityAlgorithms.HmacSha512);
}
