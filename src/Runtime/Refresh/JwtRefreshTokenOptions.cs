using System;
using System.Collections.Generic;
using System.Security.Claims;

namespace JwtAnalyzers.Runtime;

/// <summary>What <see cref="JwtRefreshTokenOptions.AccessTokenFactory"/> must sign into an access token.</summary>
/// <param name="Claims">The claims: <c>sub</c>, <c>jti</c> (unique), <c>sid</c> (the refresh family, so revoking the
/// family revokes the token), <c>client_id</c> and the claims given to <see cref="RefreshTokenService.IssueAsync"/>.</param>
/// <param name="Lifetime">The access-token lifetime.</param>
/// <param name="Services">The application's services.</param>
public sealed record AccessTokenRequest(IReadOnlyList<Claim> Claims, TimeSpan Lifetime, IServiceProvider? Services);

/// <summary>Options of <c>services.AddJwtRefreshTokens()</c>.</summary>
public sealed class JwtRefreshTokenOptions
{
    /// <summary>A family (one sign-in) ends this long after sign-in, however often it is rotated. Default 14 days.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A refresh token not used for this long expires. Default 2 days.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Lifetime of the access tokens issued with each refresh token. Default 15 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The configuration section the default access-token factory reads (<c>Issuer</c>, <c>Audience</c>, <c>SigningKey</c>). Default <c>Jwt</c>.</summary>
    public string ConfigurationSection { get; set; } = "Jwt";

    /// <summary>Signs an access token; by default <see cref="SafeTokenIssuer.CreateToken(Microsoft.Extensions.Configuration.IConfiguration, IEnumerable{Claim}, TimeSpan, string)"/> with <see cref="ConfigurationSection"/>.</summary>
    public Func<AccessTokenRequest, string>? AccessTokenFactory { get; set; }

    internal string? Validate(JwtRevocationOptions revocation)
    {
        if (AccessTokenLifetime <= TimeSpan.Zero || AccessTokenLifetime > SafeTokenIssuer.DefaultMaxLifetime)
        {
            return $"JwtRefreshTokenOptions.AccessTokenLifetime is {AccessTokenLifetime}; access tokens that rotate with refresh tokens should be short: use more than zero and at most {SafeTokenIssuer.DefaultMaxLifetime}.";
        }

        if (IdleTimeout <= TimeSpan.Zero || IdleTimeout > AbsoluteLifetime)
        {
            return $"JwtRefreshTokenOptions.IdleTimeout is {IdleTimeout}; use more than zero and at most AbsoluteLifetime ({AbsoluteLifetime}).";
        }

        if (AbsoluteLifetime > revocation.Retention)
        {
            return $"JwtRefreshTokenOptions.AbsoluteLifetime ({AbsoluteLifetime}) is longer than JwtRevocationOptions.Retention ({revocation.Retention}): a revoked family could come back. Raise Retention or shorten AbsoluteLifetime.";
        }

        return null;
    }
}
