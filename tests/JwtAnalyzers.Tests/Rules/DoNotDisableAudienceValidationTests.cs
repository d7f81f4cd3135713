using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotDisableAudienceValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotDisableAudienceValidationCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotDisableAudienceValidationTests
{
    [Fact]
    public Task ObjectInitializerAndLaterAssignment()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M()
                {
                    var p = new TokenValidationParameters { {|JWT004:ValidateAudience = false|}, {|JWT004:RequireAudience = false|} };
                    {|JWT004:p.ValidateAudience = false|};
                    return p;
                }
            }
            """);

    [Fact]
    public Task ConfiguredAudienceIsIgnoredWhenValidationIsOff()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new()
                {
                    ValidAudiences = new[] { "api" },
                    {|#0:ValidateAudience = false|},
                };
            }
            """,
            Verify.Diagnostic("JWT004").WithLocation(0).WithArguments("ValidateAudience", "is false: tokens for any audience are accepted, and the configured audience is ignored; set it to true"));

    [Fact]
    public Task JwtBearerAndOpenIdConnect()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o => {|JWT004:o.TokenValidationParameters.ValidateAudience = false|});
                    services.AddAuthentication().AddOpenIdConnect(o => {|JWT004:o.TokenValidationParameters.ValidateAudience = false|});
                    services.PostConfigure<JwtBearerOptions>("Api", o => {|JWT004:o.TokenValidationParameters.RequireAudience = false|});
                }
            }
            """);

    [Fact]
    public Task AlwaysTrueAudienceValidators()
        => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                bool AnyAudience(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters p) => true;

                void M(TokenValidationParameters p)
                {
                    // The delegate wins over the flag: ValidateAudience = true does not help.
                    p.ValidateAudience = true;
                    {|JWT004:p.AudienceValidator = (audiences, token, parameters) => true|};
                    {|JWT004:p.AudienceValidator = AnyAudience|};
                    AudienceValidator validator = (a, t, q) => true;
                    {|JWT004:p.AudienceValidator = validator|};
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_RealAudienceValidator()
        => Verify.VerifyAnalyzerAsync("""
            using System.Linq;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new()
                {
                    // A validator that really checks something runs whatever the flag says.
                    ValidateAudience = false,
                    AudienceValidator = (audiences, token, parameters) => audiences.Contains("api"),
                };

                void N(TokenValidationParameters p)
                {
                    p.AudienceValidator = (audiences, token, parameters) => audiences.Any(a => a == "api");
                    p.ValidateAudience = true;
                    p.RequireAudience = true;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_UnrelatedTypeAndConfiguration()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;
            class Settings { public bool ValidateAudience { get; set; } }
            class C
            {
                object A() => new Settings { ValidateAudience = false };
                TokenValidationParameters B(IConfiguration cfg) => new() { ValidateAudience = cfg.GetValue("Jwt:ValidateAudience", true) };
            }
            """);

    [Fact]
    public Task Fix_SetsTrueOnlyWhenAnAudienceIsPresent()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters A() => new()
                {
                    ValidAudience = "api",
                    {|JWT004:ValidateAudience = false|},
                    {|JWT004:RequireAudience = false|},
                };
            }
            """, """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters A() => new()
                {
                    ValidAudience = "api",
                    ValidateAudience = true,
                    RequireAudience = true,
                };
            }
            """);

    [Fact]
    public Task Fix_JwtBearerAudienceCountsAsPresent()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Audience = "api";
                        {|JWT004:o.TokenValidationParameters.ValidateAudience = false|};
                    });
                }
            }
            """, """
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Audience = "api";
                        o.TokenValidationParameters.ValidateAudience = true;
                    });
                }
            }
            """);

    [Fact]
    public Task Fix_NotOfferedWithoutAnAudience()
    {
        // Setting ValidateAudience = true with no audience would reject every token: the fix must not invent one.
        const string source = """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters A() => new() { {|JWT004:ValidateAudience = false|} };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fix_RemovesAlwaysTrueValidator()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p)
                {
                    p.ValidAudience = "api";
                    {|JWT004:p.AudienceValidator = (audiences, token, parameters) => true|};
                }
            }
            """, """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p)
                {
                    p.ValidAudience = "api";
                }
            }
            """);
}
