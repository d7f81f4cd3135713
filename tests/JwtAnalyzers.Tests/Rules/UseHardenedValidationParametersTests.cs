using JwtAnalyzers.CodeFixes.Rules;
using Lifetime = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotDisableLifetimeValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.UseHardenedValidationParametersCodeFix>;
using Audience = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotDisableAudienceValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.UseHardenedValidationParametersCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>The "use hardened validation parameters" rewrite to JwtAnalyzers.Runtime's StrictTokenValidation.</summary>
public class UseHardenedValidationParametersTests
{
    [Fact]
    public Task CarriesIssuerAudienceKeysAndDropsTheBypasses()
        => Lifetime.VerifyCodeFixAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(SecurityKey key) => new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example",
                    ValidAudiences = new[] { "orders", "billing" },
                    IssuerSigningKey = key,
                    ValidateIssuer = false,
                    {|JWT003:ValidateLifetime = false|},
                    {|JWT003:LifetimeValidator = (nbf, exp, token, p) => true|},
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            }
            """, """
            using System;
            using JwtAnalyzers.Runtime;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(SecurityKey key) => StrictTokenValidation.Create(options =>
                {
                    options.ValidIssuers.Add("https://issuer.example");
                    options.ValidAudiences.Add("orders");
                    options.ValidAudiences.Add("billing");
                    options.SigningKeys.Add(key);
                    options.ClockSkew = TimeSpan.FromSeconds(30);
                });
            }
            """, UseHardenedValidationParametersCodeFix.EquivalenceKey, withRuntime: true);

    [Fact]
    public Task ReadsMissingValuesFromConfigurationInScope()
        => Audience.VerifyCodeFixAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Program
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidateIssuer = false,
                            {|JWT004:ValidateAudience = false|},
                        };
                    });
                }
            }
            """, """
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Program
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var tokenValidationParameters = StrictTokenValidation.Create(builder.Configuration, "Jwt", options =>
                    {
                        options.ValidAlgorithms.Add(builder.Configuration["Jwt:Algorithm"] ?? SecurityAlgorithms.HmacSha256);
                    });
                    builder.Services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = tokenValidationParameters;
                    });
                }
            }
            """, "JWT004.UseHardenedValidation", withRuntime: true);

    [Fact]
    public Task FixAllRewritesEachObjectOnce()
        => Lifetime.VerifyCodeFixAsync("""
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                IConfiguration _configuration = null!;
                TokenValidationParameters A() => new() { {|JWT003:ValidateLifetime = false|}, {|JWT003:RequireExpirationTime = false|} };
                TokenValidationParameters B() => new() { ValidAudience = "api", {|JWT003:ValidateLifetime = false|} };
            }
            """, """
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                IConfiguration _configuration = null!;
                TokenValidationParameters A() => StrictTokenValidation.Create(_configuration, "Jwt", options =>
                {
                    options.ValidAlgorithms.Add(_configuration["Jwt:Algorithm"] ?? SecurityAlgorithms.HmacSha256);
                });
                TokenValidationParameters B() => StrictTokenValidation.Create(_configuration, "Jwt", options =>
                {
                    options.ValidAudiences.Add("api");
                    options.ValidAlgorithms.Add(_configuration["Jwt:Algorithm"] ?? SecurityAlgorithms.HmacSha256);
                });
            }
            """, UseHardenedValidationParametersCodeFix.EquivalenceKey, withRuntime: true);

    [Fact]
    public Task NotOfferedWithoutTheRuntimeLibrary()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(SecurityKey key) => new() { ValidIssuer = "i", ValidAudience = "a", IssuerSigningKey = key, {|JWT003:ValidateLifetime = false|} };
            }
            """;
        return Lifetime.VerifyCodeFixAsync(source, source, UseHardenedValidationParametersCodeFix.EquivalenceKey, withRuntime: false);
    }

    [Fact]
    public Task NotOfferedWhenAValueIsMissingAndNoConfigurationIsInScope()
    {
        // A fix never invents an issuer or an audience.
        const string source = """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new() { {|JWT003:ValidateLifetime = false|} };
            }
            """;
        return Lifetime.VerifyCodeFixAsync(source, source, UseHardenedValidationParametersCodeFix.EquivalenceKey, withRuntime: true);
    }

    [Fact]
    public Task NotOfferedWhenSomethingWouldBeLost()
    {
        // NameClaimType and a real audience validator have no place in the strict options: left to the in-place fixes.
        const string source = """
            using System.Linq;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(SecurityKey key) => new()
                {
                    ValidIssuer = "i", ValidAudience = "a", IssuerSigningKey = key,
                    NameClaimType = "name",
                    {|JWT003:ValidateLifetime = false|},
                };
                TokenValidationParameters N(SecurityKey key) => new()
                {
                    ValidIssuer = "i", ValidAudience = "a", IssuerSigningKey = key,
                    AudienceValidator = (audiences, token, p) => audiences.Contains("a"),
                    {|JWT003:ValidateLifetime = false|},
                };
            }
            """;
        return Lifetime.VerifyCodeFixAsync(source, source, UseHardenedValidationParametersCodeFix.EquivalenceKey, withRuntime: true);
    }

    [Fact]
    public Task LambdaParameterNameDoesNotClash()
        => Lifetime.VerifyCodeFixAsync("""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(JwtBearerOptions options, SecurityKey key)
                    => options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = "i", ValidAudience = "a", IssuerSigningKey = key,
                        {|JWT003:ValidateLifetime = false|},
                    };
            }
            """, """
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(JwtBearerOptions options, SecurityKey key)
                    => options.TokenValidationParameters = StrictTokenValidation.Create(strict =>
                    {
                        strict.ValidIssuers.Add("i");
                        strict.ValidAudiences.Add("a");
                        strict.SigningKeys.Add(key);
                    });
            }
            """, UseHardenedValidationParametersCodeFix.EquivalenceKey, withRuntime: true);
}
