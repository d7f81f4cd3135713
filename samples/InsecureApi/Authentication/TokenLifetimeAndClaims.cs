using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Authentication;

/// <summary>The user record the tutorial code copies into tokens.</summary>
public sealed class AppUser
{
    public string Id { get; set; } = "";

    public string Email { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}

/// <summary>Issues tokens that live for days and carry a password hash. Do not copy.</summary>
public static class TokenLifetimeAndClaims
{
    public static string IssueForAWeek(AppUser user, SigningCredentials credentials)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(new[]
            {
                new Claim(JwtRegisteredClaimNames.Sub, user.Id),
                new Claim(JwtRegisteredClaimNames.Email, user.Email),
                // JWT016: the payload is only base64url-encoded; anyone holding the token reads the hash.
                new Claim("password_hash", user.PasswordHash),
            }),
            Issuer = "https://issuer.example",
            Audience = "api",
            // JWT010: a stolen token stays valid for a week; access tokens should live minutes.
            Expires = DateTime.UtcNow.AddDays(7),
            SigningCredentials = credentials,
        };
        return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
    }

    public static string IssueForever(AppUser user, SigningCredentials credentials)
    {
        // JWT010: 'new JwtSecurityToken' without 'expires' writes no 'exp' at all: the token never expires.
        var token = new JwtSecurityToken(
            issuer: "https://issuer.example",
            audience: "api",
            claims: new[] { new Claim(JwtRegisteredClaimNames.Sub, user.Id) },
            signingCredentials: credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
