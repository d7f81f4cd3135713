using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace InsecureApi.Authentication;

/// <summary>JwtBearer registration with the validation switched off piece by piece.</summary>
public static class JwtBearerSetup
{
    public static AuthenticationBuilder AddInsecureJwtBearer(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        return builder.AddJwtBearer(options =>
        {
            // JWT013: signing keys fetched over plain HTTP can be replaced in transit.
            options.Authority = "http://idp.example.com";
            options.RequireHttpsMetadata = false;
            options.Audience = configuration["Jwt:Audience"];

            options.TokenValidationParameters = new TokenValidationParameters
            {
                // JWT003: expired tokens are accepted forever.
                ValidateLifetime = false,
                // JWT004: tokens issued for any other API are accepted.
                ValidateAudience = false,
                // JWT009: tokens stay valid two hours after they expire.
                ClockSkew = TimeSpan.FromHours(2),
                // JWT005: the validator returns whatever issuer the token claims.
                IssuerValidator = (issuer, token, parameters) => issuer,
            };
        });
    }
}
