using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Rules;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotDisableLifetimeValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotDisableLifetimeValidationCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotDisableLifetimeValidationTests
{
    // ---- insecure shapes ----

    [Fact]
    public Task ObjectInitializer()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new TokenValidationParameters
                {
                    ValidIssuer = "https://issuer.example",
                    {|JWT003:ValidateLifetime = false|},
                    {|JWT003:RequireExpirationTime = false|},
                };
            }
            """);

    [Fact]
    public Task TargetTypedNew()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new() { {|JWT003:ValidateLifetime = false|} };
            }
            """);

    [Fact]
    public Task LaterAssignmentOnLocal()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M()
                {
                    var p = new TokenValidationParameters();
                    {|JWT003:p.ValidateLifetime = false|};
                    return p;
                }
            }
            """);

    [Fact]
    public Task AddJwtBearerNestedMemberAccess()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|JWT003:o.TokenValidationParameters.ValidateLifetime = false|};
                    });
                    services.AddAuthentication().AddJwtBearer("Api", o => {|JWT003:o.TokenValidationParameters.RequireExpirationTime = false|});
                }
            }
            """);

    [Fact]
    public Task AddJwtBearerWithNewParameters()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication("Bearer").AddJwtBearer("Bearer", "Display", o =>
                        o.TokenValidationParameters = new TokenValidationParameters { {|JWT003:ValidateLifetime = false|} });
                }
            }
            """);

    [Fact]
    public Task OptionsPipeline()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => {|JWT003:o.TokenValidationParameters.ValidateLifetime = false|});
                    services.PostConfigure<JwtBearerOptions>(o => {|JWT003:o.TokenValidationParameters.ValidateLifetime = false|});
                    services.AddOptions<JwtBearerOptions>("Api").Configure<IConfiguration>((o, cfg) => {|JWT003:o.TokenValidationParameters.ValidateLifetime = false|});
                }
            }
            """);

    [Fact]
    public Task OpenIdConnectOptions()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddOpenIdConnect(o => {|JWT003:o.TokenValidationParameters.ValidateLifetime = false|});
                }
            }
            """);

    [Fact]
    public Task ConstantShapesAfterSimplePropagation()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                const bool Off = false;
                static readonly bool s_off = false;
                private readonly bool _off;

                C() { _off = false; }

                void M(TokenValidationParameters p)
                {
                    {|JWT003:p.ValidateLifetime = Off|};
                    {|JWT003:p.ValidateLifetime = !true|};
                    {|JWT003:p.ValidateLifetime = bool.Parse("false")|};
                    {|JWT003:p.ValidateLifetime = bool.Parse(" False ")|};
                    {|JWT003:p.ValidateLifetime = s_off|};
                    {|JWT003:p.ValidateLifetime = _off|};
                    var local = false;
                    {|JWT003:p.ValidateLifetime = local|};
                    bool other;
                    other = false;
                    var copy = other;
                    {|JWT003:p.ValidateLifetime = copy|};
                }
            }
            """);

    [Fact]
    public Task HelperMethodFieldAndProperty()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                private readonly TokenValidationParameters _parameters = new() { {|JWT003:ValidateLifetime = false|} };
                public TokenValidationParameters Parameters { get; } = new TokenValidationParameters { {|JWT003:RequireExpirationTime = false|} };
                static TokenValidationParameters GetValidationParameters() => new() { {|JWT003:ValidateLifetime = false|} };
            }
            """);

    [Fact]
    public Task AlwaysTrueLifetimeValidators()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static bool AlwaysValid(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters p) => true;

                void M(TokenValidationParameters p)
                {
                    {|JWT003:p.LifetimeValidator = (nbf, exp, token, parameters) => true|};
                    {|JWT003:p.LifetimeValidator = delegate { return true; }|};
                    {|JWT003:p.LifetimeValidator = AlwaysValid|};
                    {|JWT003:p.LifetimeValidator = Local|};
                    {|JWT003:p.LifetimeValidator = (nbf, exp, token, parameters) =>
                    {
                        Console.WriteLine("lifetime check skipped");
                        return true;
                    }|};
                    {|JWT003:p.LifetimeValidator = (nbf, exp, token, parameters) =>
                    {
                        if (token is null) throw new ArgumentNullException(nameof(token));
                        try { return true; } catch { return true; }
                    }|};

                    static bool Local(DateTime? a, DateTime? b, SecurityToken c, TokenValidationParameters d) => true;
                }
            }
            """);

    [Fact]
    public Task DerivedParametersType()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class MyParameters : TokenValidationParameters { }
            class C
            {
                MyParameters M() => new MyParameters { {|JWT003:ValidateLifetime = false|} };
            }
            """);

    [Fact]
    public Task FullyQualifiedAndAliased()
        => Verify.VerifyAnalyzerAsync("""
            using Tvp = Microsoft.IdentityModel.Tokens.TokenValidationParameters;
            class C
            {
                object A() => new Microsoft.IdentityModel.Tokens.TokenValidationParameters { {|JWT003:ValidateLifetime = false|} };
                object B() => new Tvp { {|JWT003:ValidateLifetime = false|} };
            }
            """);

    // ---- secure look-alikes ----

    [Fact]
    public Task NoDiagnostic_SecureValues()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(bool flag)
                {
                    var p = new TokenValidationParameters { ValidateLifetime = true, RequireExpirationTime = !false };
                    p.ValidateLifetime = bool.Parse("true");
                    p.ValidateLifetime = flag; // not a constant: unknown
                    var maybe = false;
                    if (flag) maybe = true;
                    p.ValidateLifetime = maybe; // assigned both true and false
                    return p;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_LocalPassedByRef()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static void Read(ref bool value) => value = true;
                void M(TokenValidationParameters p)
                {
                    var value = false;
                    Read(ref value);
                    p.ValidateLifetime = value;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_RealLifetimeValidator()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p)
                {
                    p.LifetimeValidator = (nbf, exp, token, parameters) => exp != null && exp > DateTime.UtcNow;
                    p.LifetimeValidator = (nbf, exp, token, parameters) =>
                    {
                        if (exp is null) throw new SecurityTokenNoExpirationException("no exp");
                        return true;
                    };
                    p.LifetimeValidator = null;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_FlagOffButRealValidatorRuns()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                // IdentityModel runs a LifetimeValidator whatever ValidateLifetime says, so the flag is harmless here.
                TokenValidationParameters M() => new TokenValidationParameters
                {
                    ValidateLifetime = false,
                    LifetimeValidator = (nbf, exp, token, parameters) => exp > DateTime.UtcNow.AddMinutes(-1),
                };
            }
            """);

    [Fact]
    public Task NoDiagnostic_UnrelatedTypeWithSameNames()
        => Verify.VerifyAnalyzerAsync("""
            class MyTokenOptions
            {
                public bool ValidateLifetime { get; set; }
                public bool RequireExpirationTime { get; set; }
                public System.Func<bool>? LifetimeValidator { get; set; }
            }
            class C
            {
                MyTokenOptions M() => new MyTokenOptions { ValidateLifetime = false, RequireExpirationTime = false, LifetimeValidator = () => true };
            }
            """);

    [Fact]
    public Task NoDiagnostic_WhenIdentityModelIsNotReferenced()
    {
        var test = new Verify.Test
        {
            TestCode = """
                class TokenValidationParameters { public bool ValidateLifetime { get; set; } }
                class C { object M() => new TokenValidationParameters { ValidateLifetime = false }; }
                """,
            References = JwtAnalyzers.Tests.Verifiers.TestReferences.FrameworkOnly,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task KnownLimit_ValueFromConfigurationIsNotReported()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                // The value is only known at run time: the runtime library's StrictTokenValidation.EnsureStrict catches it.
                TokenValidationParameters M(IConfiguration cfg) => new()
                {
                    ValidateLifetime = cfg.GetValue<bool>("Jwt:ValidateLifetime"),
                    RequireExpirationTime = bool.Parse(cfg["Jwt:RequireExp"]!),
                };
            }
            """);

    [Fact]
    public Task ReadOnlyFieldInitializedInAnotherFile()
    {
        // The flow engine follows a field into the file that declares it (this was a known false negative).
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/A.cs", """
            using Microsoft.IdentityModel.Tokens;
            partial class C
            {
                void M(TokenValidationParameters p) => {|JWT003:p.ValidateLifetime = s_off|};
            }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            partial class C
            {
                static readonly bool s_off = false;
            }
            """));
        return test.RunAsync();
    }

    // ---- values that arrive through fields, helpers, switch arms, records (analysis core) ----

    [Fact]
    public Task BoolFieldSetFalseInTheConstructorFeedsValidateLifetime()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class TokenSettings
            {
                private readonly bool _checkExpiry;
                public TokenSettings() { _checkExpiry = false; }
                public TokenValidationParameters Create() => new() { {|JWT003:ValidateLifetime = _checkExpiry|} };
            }
            """);

    [Fact]
    public Task HelperMethodReturnsTheDisabledFlag()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            static class Flags { public static bool CheckExpiry() => false; }
            class Startup
            {
                TokenValidationParameters Build() => new() { {|JWT003:ValidateLifetime = Flags.CheckExpiry()|} };
            }
            """);

    [Fact]
    public Task HelperMethodReturnsTheWholeParameters()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            static class JwtParameters
            {
                public static TokenValidationParameters Lenient() => new() { {|JWT003:ValidateLifetime = false|} };
            }
            class Startup
            {
                void Configure(IServiceCollection services)
                    => services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = JwtParameters.Lenient());
            }
            """);

    [Fact]
    public Task SwitchArmFalseForRequireExpirationTime()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                TokenValidationParameters Build(string mode) => new()
                {
                    {|JWT003:RequireExpirationTime = mode switch { "legacy" => false, _ => true }|},
                };
            }
            """);

    [Fact]
    public Task RecordCopiedWithWithFeedsValidateLifetime()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            public record JwtOptions(string Issuer, bool ValidateExpiry);
            class Startup
            {
                TokenValidationParameters Build(JwtOptions options)
                {
                    var relaxed = options with { ValidateExpiry = false };
                    return new() { ValidIssuer = relaxed.Issuer, {|JWT003:ValidateLifetime = relaxed.ValidateExpiry|} };
                }

                void Use() => Build(new JwtOptions("https://issuer.example", false));
            }
            """);

    [Fact]
    public Task ParameterOfAPrivateFactoryCalledOnlyWithFalse()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                private static TokenValidationParameters Create(bool lifetime) => new() { {|JWT003:ValidateLifetime = lifetime|} };
                TokenValidationParameters Api() => Create(false);
                TokenValidationParameters Admin() => Create(lifetime: false);
            }
            """);

    [Fact]
    public Task NoDiagnostic_FieldWrittenTrueOnSomePath()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class TokenSettings
            {
                private bool _checkExpiry;
                public TokenSettings(bool strict) { _checkExpiry = strict; }
                public TokenValidationParameters Create() => new() { ValidateLifetime = _checkExpiry };
            }
            """);

    [Fact]
    public Task NoDiagnostic_FalseOnlyInDevelopment()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                TokenValidationParameters Build(IHostEnvironment env) => new() { ValidateLifetime = env.IsDevelopment() ? false : true };
            }
            """);

    [Fact]
    public Task NoDiagnostic_PublicFactoryParameterWithoutCallers()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            public static class JwtParameters
            {
                public static TokenValidationParameters Create(bool lifetime) => new() { ValidateLifetime = lifetime };
            }
            """);

    // ---- the refresh helper (GetPrincipalFromExpiredToken): silent by design, see the JWT003 page ----

    [Fact]
    public Task NoDiagnostic_RefreshHelperThatStillVerifiesTheToken()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;
            class TokenService
            {
                private readonly IConfiguration _configuration;
                public TokenService(IConfiguration configuration) => _configuration = configuration;

                public ClaimsPrincipal GetPrincipalFromExpiredToken(string token)
                {
                    var parameters = new TokenValidationParameters
                    {
                        ValidateAudience = true,
                        ValidAudience = _configuration["Jwt:Audience"],
                        ValidateIssuer = true,
                        ValidIssuer = _configuration["Jwt:Issuer"],
                        ValidateIssuerSigningKey = true,
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_configuration["Jwt:Key"]!)),
                        ValidateLifetime = false,
                    };
                    var principal = new JwtSecurityTokenHandler().ValidateToken(token, parameters, out var securityToken);
                    if (securityToken is not JwtSecurityToken jwt || !jwt.Header.Alg.Equals(SecurityAlgorithms.HmacSha256, System.StringComparison.InvariantCultureIgnoreCase))
                    {
                        throw new SecurityTokenException("Invalid token");
                    }

                    return principal;
                }
            }
            """);

    [Fact]
    public Task RefreshHelperShapeWithIssuerCheckOffIsReported()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;
            class TokenService
            {
                public ClaimsPrincipal GetPrincipalFromExpiredToken(string token, SecurityKey key)
                {
                    var parameters = new TokenValidationParameters
                    {
                        ValidateIssuer = false,
                        IssuerSigningKey = key,
                        {|JWT003:ValidateLifetime = false|},
                    };
                    return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
                }
            }
            """);

    [Fact]
    public Task SameParametersHandedToJwtBearerAreReported()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                void Configure(IServiceCollection services, SecurityKey key)
                {
                    var parameters = new TokenValidationParameters { IssuerSigningKey = key, {|JWT003:ValidateLifetime = false|} };
                    services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = parameters);
                }
            }
            """);

    // ---- code fix ----

    [Fact]
    public Task Fix_SetsFlagsToTrue_FixAll()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M()
                {
                    var p = new TokenValidationParameters
                    {
                        {|JWT003:ValidateLifetime = false|},
                        {|JWT003:RequireExpirationTime = false|}, // keep this comment
                    };
                    {|JWT003:p.ValidateLifetime = !true|};
                    return p;
                }
            }
            """, """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M()
                {
                    var p = new TokenValidationParameters
                    {
                        ValidateLifetime = true,
                        RequireExpirationTime = true, // keep this comment
                    };
                    p.ValidateLifetime = true;
                    return p;
                }
            }
            """);

    [Fact]
    public Task Fix_RemovesAlwaysTrueValidator_FixAll()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p)
                {
                    var q = new TokenValidationParameters
                    {
                        ValidIssuer = "https://issuer.example",
                        {|JWT003:LifetimeValidator = (nbf, exp, token, parameters) => true|},
                        ValidAudience = "api",
                    };
                    {|JWT003:p.LifetimeValidator = delegate { return true; }|};
                }
            }
            """, """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p)
                {
                    var q = new TokenValidationParameters
                    {
                        ValidIssuer = "https://issuer.example",
                        ValidAudience = "api",
                    };
                }
            }
            """);
}
