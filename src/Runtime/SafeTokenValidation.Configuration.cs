using System;
using System.Security.Claims;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;

namespace JwtAnalyzers.Runtime;

public static partial class SafeTokenValidation
{
    /// <summary>
    /// Validates <paramref name="token"/> with strict parameters built from the configuration section
    /// <paramref name="sectionName"/> (see <see cref="StrictTokenValidation.Create(IConfiguration, string, Action{StrictJwtOptions}?)"/>)
    /// and returns its principal. The replacement for reading a token's claims without validating it.
    /// </summary>
    /// <param name="token">The compact JWT, without a <c>Bearer </c> prefix.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="sectionName">The section, <c>Jwt</c> by default.</param>
    /// <param name="cancellationToken">Cancels before validation starts.</param>
    /// <returns>The principal built from the validated token.</returns>
    /// <exception cref="JwtValidationException">The token is missing, malformed, too large, unsigned, or fails validation.</exception>
    /// <exception cref="InsecureJwtConfigurationException">The configuration is missing or insecure.</exception>
    public static Task<ClaimsPrincipal> ValidateFromConfigurationAsync(string token, IConfiguration configuration, string sectionName = "Jwt", CancellationToken cancellationToken = default) =>
        ValidateAsync(token, StrictTokenValidation.Create(configuration, sectionName), cancellationToken);

    /// <summary>
    /// Synchronous <see cref="ValidateFromConfigurationAsync"/>: validates <paramref name="token"/> with strict
    /// parameters from the configuration section and returns its principal. The JWT014 code fix rewrites a parse-only
    /// read (<c>ReadJwtToken</c>, <c>new JsonWebToken(token)</c>...) whose claims decide access to this call.
    /// </summary>
    /// <param name="token">The compact JWT, without a <c>Bearer </c> prefix.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="sectionName">The section, <c>Jwt</c> by default.</param>
    /// <returns>The principal built from the validated token.</returns>
    /// <exception cref="JwtValidationException">The token is missing, malformed, too large, unsigned, or fails validation.</exception>
    /// <exception cref="InsecureJwtConfigurationException">The configuration is missing or insecure.</exception>
    public static ClaimsPrincipal ValidateFromConfiguration(string token, IConfiguration configuration, string sectionName = "Jwt") =>
        Validate(token, StrictTokenValidation.Create(configuration, sectionName));
}
