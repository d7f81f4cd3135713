using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

public class StrictJwtBearerTests
{
    private static readonly string Secret = SigningKeys.GenerateBase64Secret();

    private static IConfiguration HmacConfiguration(string section = "Jwt") => TestTokens.Configuration(
        ($"{section}:Issuer", TestTokens.Issuer),
        ($"{section}:Audience", TestTokens.Audience),
        ($"{section}:SigningKey", Secret));

    private static IOptionsMonitor<JwtBearerOptions> Options(IConfiguration configuration, Action<AuthenticationBuilder>? add = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddAuthentication();
        if (add is null)
        {
            builder.AddStrictJwtBearer(configuration);
        }
        else
        {
            add(builder);
        }

        more?.Invoke(services);
        return services.BuildServiceProvider().GetRequiredService<IOptionsMonitor<JwtBearerOptions>>();
    }

    [Fact]
    public void Wires_strict_parameters_from_configuration()
    {
        var options = Options(HmacConfiguration()).Get(JwtBearerDefaults.AuthenticationScheme);
        var p = options.TokenValidationParameters;

        Assert.Equal(new[] { TestTokens.Issuer }, p.ValidIssuers);
        Assert.Equal(new[] { TestTokens.Audience }, p.ValidAudiences);
        Assert.Equal(Convert.FromBase64String(Secret), Assert.IsType<SymmetricSecurityKey>(Assert.Single(p.IssuerSigningKeys)).Key);
        Assert.Equal(new[] { "HS256", "HS384", "HS512" }, p.ValidAlgorithms);
        Assert.True(p.RequireSignedTokens && p.ValidateLifetime && p.RequireExpirationTime && p.ValidateAudience && p.ValidateIssuer);
        Assert.Equal(TimeSpan.FromMinutes(1), p.ClockSkew);
        Assert.True(options.RequireHttpsMetadata);
        Assert.False(options.IncludeErrorDetails);
        Assert.Empty(StrictTokenValidation.Audit(p));
    }

    [Fact]
    public void Uses_the_given_section_scheme_and_configure_callback()
    {
        var monitor = Options(HmacConfiguration("Auth:Api"), b => b.AddStrictJwtBearer("Api", HmacConfiguration("Auth:Api").GetSection("Auth:Api"), o => o.ValidTypes.Add("at+jwt")));
        var p = monitor.Get("Api").TokenValidationParameters;
        Assert.Equal(new[] { "at+jwt" }, p.ValidTypes);
        Assert.Equal(new[] { TestTokens.Audience }, p.ValidAudiences);
    }

    [Fact]
    public void Missing_configuration_throws_a_clear_error_when_the_options_are_resolved()
    {
        var monitor = Options(TestTokens.Configuration());
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => monitor.Get(JwtBearerDefaults.AuthenticationScheme));
        Assert.Equal(new[] { "Jwt:Issuer", "Jwt:Audience", "Jwt:SigningKey" }, e.Issues.Select(i => i.Property));
        Assert.Contains("dotnet user-secrets set \"Jwt:SigningKey\"", e.Message);
        Assert.Contains("Jwt:Authority", e.Message);
    }

    [Fact]
    public void A_weak_configured_key_is_refused_without_being_revealed()
    {
        var weak = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("your-256-bit-secret"));
        var configuration = TestTokens.Configuration(("Jwt:Issuer", "i"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", weak));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => Options(configuration).Get(JwtBearerDefaults.AuthenticationScheme));
        Assert.Contains("well-known", Assert.Single(e.Issues).Problem);
        Assert.DoesNotContain(weak, e.Message);
        Assert.DoesNotContain("your-256-bit-secret", e.Message);
    }

    [Fact]
    public void Authority_supplies_issuers_and_keys_from_metadata()
    {
        var configuration = TestTokens.Configuration(("Jwt:Authority", "https://login.example.com/"), ("Jwt:Audience", TestTokens.Audience));
        var options = Options(configuration).Get(JwtBearerDefaults.AuthenticationScheme);

        Assert.Equal("https://login.example.com/", options.Authority);
        Assert.True(options.RequireHttpsMetadata);
        Assert.NotNull(options.ConfigurationManager); // created by the JwtBearer post-configure, not fetched yet
        var p = options.TokenValidationParameters;
        Assert.Null(p.IssuerSigningKeys);
        Assert.DoesNotContain(p.ValidAlgorithms, a => a.StartsWith("HS", StringComparison.Ordinal));
        Assert.Contains("RS256", p.ValidAlgorithms);
        Assert.Contains("ES256", p.ValidAlgorithms);
    }

    [Theory]
    [InlineData("http://login.example.com/")]
    [InlineData("login.example.com")]
    public void Authority_must_be_https(string authority)
    {
        var configuration = TestTokens.Configuration(("Jwt:Authority", authority), ("Jwt:Audience", TestTokens.Audience));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => Options(configuration).Get(JwtBearerDefaults.AuthenticationScheme));
        Assert.Equal("Jwt:Authority", Assert.Single(e.Issues).Property);
    }

    [Fact]
    public void Authority_mixed_with_an_hmac_secret_is_refused()
    {
        var configuration = TestTokens.Configuration(("Jwt:Authority", "https://login.example.com/"), ("Jwt:Audience", "a"), ("Jwt:SigningKey", Secret));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => Options(configuration).Get(JwtBearerDefaults.AuthenticationScheme));
        Assert.Contains("algorithm confusion", Assert.Single(e.Issues).Problem);
    }

    [Fact]
    public void A_later_Configure_that_weakens_the_parameters_is_caught()
    {
        var monitor = Options(HmacConfiguration(), more: s => s.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
        {
            o.TokenValidationParameters.ValidateLifetime = false;
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromDays(1);
            o.RequireHttpsMetadata = false;
        }));
        var e = Assert.Throws<InsecureJwtConfigurationException>(() => monitor.Get(JwtBearerDefaults.AuthenticationScheme));
        Assert.Equal(new[] { "ValidateLifetime", "ClockSkew", "RequireHttpsMetadata" }, e.Issues.Select(i => i.Property));
        Assert.Contains("'Bearer'", e.Message);
    }

    [Fact]
    public void StrictJwtOptions_are_named_options_of_the_scheme()
    {
        var services = new ServiceCollection();
        services.AddSingleton(HmacConfiguration());
        services.AddAuthentication().AddStrictJwtBearer("Api", o => o.ValidTypes.Add("at+jwt"));
        using var provider = services.BuildServiceProvider();
        var strict = provider.GetRequiredService<IOptionsMonitor<StrictJwtOptions>>().Get("Api");
        Assert.Equal(new[] { TestTokens.Issuer }, strict.ValidIssuers);
        Assert.Equal(new[] { "at+jwt" }, strict.ValidTypes);
        Assert.Single(strict.SigningKeys);
    }

    [Fact]
    public async Task The_host_fails_to_start_when_configuration_is_missing()
    {
        using var host = new HostBuilder()
            .ConfigureServices(s => s.AddAuthentication().AddStrictJwtBearer(TestTokens.Configuration(("Jwt:Issuer", "i"))))
            .Build();
        var e = await Assert.ThrowsAsync<InsecureJwtConfigurationException>(() => host.StartAsync());
        Assert.Equal(new[] { "Jwt:Audience", "Jwt:SigningKey" }, e.Issues.Select(i => i.Property));
    }

    [Fact]
    public async Task End_to_end_over_http_accepts_a_good_token_and_rejects_forged_ones()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jwt:Issuer"] = TestTokens.Issuer,
            ["Jwt:Audience"] = TestTokens.Audience,
            ["Jwt:SigningKey"] = Secret,
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddStrictJwtBearer(builder.Configuration);
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (HttpContext c) => (c.User.FindFirst("sub") ?? c.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier))?.Value ?? "?").RequireAuthorization();
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
            var key = SigningKeys.FromBase64(Secret);

            async Task<HttpResponseMessage> Get(string? token)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                return await client.SendAsync(request);
            }

            var good = SafeTokenIssuer.CreateToken(new[] { new System.Security.Claims.Claim("sub", "alice") }, new SigningCredentials(key, SecurityAlgorithms.HmacSha256), TestTokens.Issuer, TestTokens.Audience, TimeSpan.FromMinutes(5));
            using (var ok = await Get(good))
            {
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
                Assert.Equal("alice", await ok.Content.ReadAsStringAsync());
            }

            var none = $"{TestTokens.Base64Url("{\"alg\":\"none\"}")}.{good.Split('.')[1]}.";
            var wrongKey = TestTokens.Create(TestTokens.NewHmacKey(), SecurityAlgorithms.HmacSha256);
            var expired = TestTokens.Create(key, SecurityAlgorithms.HmacSha256, d => { d.IssuedAt = d.NotBefore = DateTime.UtcNow.AddHours(-1); d.Expires = DateTime.UtcNow.AddMinutes(-5); });
            foreach (var bad in new[] { none, wrongKey, expired, null })
            {
                using var response = await Get(bad);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.DoesNotContain("error_description", response.Headers.WwwAuthenticate.ToString());
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
