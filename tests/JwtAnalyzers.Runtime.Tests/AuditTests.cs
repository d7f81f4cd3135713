using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

public class AuditTests
{
    private static TokenValidationParameters Strict() => StrictTokenValidation.Create(o =>
    {
        o.ValidIssuers.Add(TestTokens.Issuer);
        o.ValidAudiences.Add(TestTokens.Audience);
        o.SigningKeys.Add(TestTokens.NewHmacKey());
    });

    private static JwtConfigurationIssue Single(Action<TokenValidationParameters> change)
    {
        var p = Strict();
        change(p);
        return Assert.Single(StrictTokenValidation.Audit(p));
    }

    [Fact]
    public void Strict_parameters_have_no_issues()
    {
        Assert.Empty(StrictTokenValidation.Audit(Strict()));
        StrictTokenValidation.EnsureStrict(Strict());
    }

    [Fact]
    public void Each_disabled_check_is_an_issue()
    {
        Assert.Equal("RequireSignedTokens", Single(p => p.RequireSignedTokens = false).Property);
        Assert.Equal("ValidateLifetime", Single(p => p.ValidateLifetime = false).Property);
        Assert.Equal("RequireExpirationTime", Single(p => p.RequireExpirationTime = false).Property);
        Assert.Equal("ValidateAudience", Single(p => p.ValidateAudience = false).Property);
        Assert.Equal("RequireAudience", Single(p => p.RequireAudience = false).Property);
        Assert.Equal("ValidateIssuer", Single(p => p.ValidateIssuer = false).Property);
        Assert.Equal("IncludeTokenOnFailedValidation", Single(p => p.IncludeTokenOnFailedValidation = true).Property);
    }

    [Fact]
    public void Bypassing_delegates_are_issues()
    {
        Assert.Equal("SignatureValidator", Single(p => p.SignatureValidator = (t, _) => new JsonWebToken(t)).Property);
        Assert.Equal("LifetimeValidator", Single(p => p.LifetimeValidator = (_, _, _, _) => true).Property);
        Assert.Equal("AudienceValidator", Single(p => p.AudienceValidator = (_, _, _) => true).Property);
        Assert.Equal("IssuerValidator", Single(p => p.IssuerValidator = (i, _, _) => i).Property);
        Assert.Equal("AlgorithmValidator", Single(p => p.AlgorithmValidator = (_, _, _, _) => true).Property);
    }

    [Theory]
    [InlineData(6 * 60)]
    [InlineData(24 * 60 * 60)]
    public void A_large_clock_skew_is_an_issue(int seconds)
    {
        var issue = Single(p => p.ClockSkew = TimeSpan.FromSeconds(seconds));
        Assert.Equal("ClockSkew", issue.Property);
        Assert.Contains("TimeSpan.FromMinutes(1)", issue.Fix);
        Assert.Equal("ClockSkew", Single(p => p.ClockSkew = TimeSpan.MaxValue).Property);
    }

    [Fact]
    public void The_default_parameters_are_incomplete()
    {
        var issues = StrictTokenValidation.Audit(new TokenValidationParameters());
        Assert.Equal(new[] { "ValidAudiences", "IgnoreTrailingSlashWhenValidatingAudience", "ValidIssuers", "IssuerSigningKeys", "ValidAlgorithms" }, issues.Select(i => i.Property));
    }

    [Fact]
    public void Algorithm_issues()
    {
        Assert.Equal("ValidAlgorithms", Single(p => p.ValidAlgorithms = null).Property);
        Assert.Contains("'none'", Single(p => p.ValidAlgorithms = new[] { "HS256", "none" }).Problem);
    }

    [Fact]
    public void Mixed_key_types_without_pinning_are_an_issue()
    {
        var p = Strict();
        p.IssuerSigningKeys = p.IssuerSigningKeys.Append(TestTokens.NewRsaKey()).ToList();
        p.ValidAlgorithms = null;
        var issues = StrictTokenValidation.Audit(p);
        Assert.Contains(issues, i => i.Property == "IssuerSigningKeys" && i.Problem.Contains("algorithm confusion"));

        p.ValidAlgorithms = new[] { "HS256", "RS256" };
        Assert.Contains(StrictTokenValidation.Audit(p), i => i.Property == "ValidAlgorithms" && i.Problem.Contains("algorithm confusion"));

        p.ValidAlgorithms = new[] { "RS256" };
        Assert.Empty(StrictTokenValidation.Audit(p));
    }

    [Fact]
    public void Weak_and_public_key_derived_hmac_keys_are_issues()
    {
        Assert.Contains("IDX10720", Single(p => p.IssuerSigningKeys = new[] { new SymmetricSecurityKey(new byte[] { 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 121, 98, 219, 61 }) }).Problem);
        var pem = TestTokens.PublicPem(TestTokens.NewRsaKey());
        Assert.Contains("key confusion", Single(p => p.IssuerSigningKeys = new[] { new SymmetricSecurityKey(Encoding.UTF8.GetBytes(pem)) }).Problem);
        Assert.Contains("1024 bits", Single(p => { p.IssuerSigningKeys = new[] { TestTokens.NewRsaKey(1024) }; p.ValidAlgorithms = new[] { "RS256" }; }).Problem);
    }

    [Fact]
    public void EnsureStrict_lists_every_issue()
    {
        var p = new TokenValidationParameters
        {
            RequireSignedTokens = false,
            ValidateLifetime = false,
            ValidateAudience = false,
            ValidateIssuer = false,
            ClockSkew = TimeSpan.FromHours(1),
            IssuerSigningKey = TestTokens.NewHmacKey(),
        };
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => StrictTokenValidation.EnsureStrict(p));
        Assert.Equal(new[] { "RequireSignedTokens", "ValidateLifetime", "ClockSkew", "ValidateAudience", "IgnoreTrailingSlashWhenValidatingAudience", "ValidateIssuer", "ValidAlgorithms" }, e.Issues.Select(i => i.Property));
        foreach (var issue in e.Issues)
        {
            Assert.Contains(issue.Property, e.Message);
            Assert.Contains(issue.Fix, e.Message);
        }

        Assert.Contains("7 issues", e.Message);
    }
}
