using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>Creates strict <see cref="TokenValidationParameters"/>. (Full implementation in progress.)</summary>
public static class StrictTokenValidation
{
}
