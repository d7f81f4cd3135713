namespace JwtAnalyzers.Runtime;

/// <summary>One problem found in JWT validation settings by <see cref="StrictTokenValidation.Audit(Microsoft.IdentityModel.Tokens.TokenValidationParameters)"/>.</summary>
/// <param name="Property">
/// The <see cref="Microsoft.IdentityModel.Tokens.TokenValidationParameters"/> or <see cref="StrictJwtOptions"/> member,
/// or the configuration key (such as <c>Jwt:Audience</c>), that is wrong.
/// </param>
/// <param name="Problem">What is wrong and why it matters.</param>
/// <param name="Fix">How to fix it.</param>
public sealed record JwtConfigurationIssue(string Property, string Problem, string Fix)
{
    /// <summary>Returns <c>Property: Problem Fix: Fix</c>.</summary>
    /// <returns>A one-line description of the issue.</returns>
    public override string ToString() => $"{Property}: {Problem} Fix: {Fix}";
}
