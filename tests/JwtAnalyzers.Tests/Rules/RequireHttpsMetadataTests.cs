using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.RequireHttpsMetadataAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.RequireHttpsMetadataCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class RequireHttpsMetadataTests
{
    [Fact]
    public Task RequireHttpsMetadataFalse()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.example";
                        {|JWT013:o.RequireHttpsMetadata = false|};
                    });
                    // Authority bound from configuration: nothing visible here, still reported.
                    services.AddAuthentication().AddJwtBearer("Api", o => {|JWT013:o.RequireHttpsMetadata = false|});
                    services.AddAuthentication().AddOpenIdConnect(o => {|JWT013:o.RequireHttpsMetadata = false|});
                    services.Configure<JwtBearerOptions>(o => {|JWT013:o.RequireHttpsMetadata = false|});
                    var options = new OpenIdConnectOptions { MetadataAddress = "https://login.example/.well-known/openid-configuration", {|JWT013:RequireHttpsMetadata = false|} };
                }
            }
            """);

    [Fact]
    public Task HttpAuthorityAndMetadataAddress()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                const string Authority = "http://idp.example.com/realms/main";
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|JWT013:o.Authority = "http://idp.example.com"|};
                        {|JWT013:o.MetadataAddress = "HTTP://idp.example.com/.well-known/openid-configuration"|};
                    });
                    services.AddAuthentication().AddOpenIdConnect(o => {|JWT013:o.Authority = Authority|});
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_SecureOrHarmless()
        => Verify.VerifyAnalyzerAsync("""
            using System.Text;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                void Configure(IServiceCollection services, IWebHostEnvironment env, bool flag)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.example";
                        o.RequireHttpsMetadata = true;
                        o.RequireHttpsMetadata = !env.IsDevelopment(); // not a constant
                    });
                    // Loopback authorities are a development setup.
                    services.AddAuthentication().AddJwtBearer("Local", o => o.Authority = "http://localhost:5001");
                    services.AddAuthentication().AddJwtBearer("Local2", o => o.MetadataAddress = "http://127.0.0.1:8080/.well-known/openid-configuration");
                    // Symmetric-key setup: no metadata is ever fetched, the flag is never read.
                    services.AddAuthentication().AddJwtBearer("Hmac", o =>
                    {
                        o.RequireHttpsMetadata = false;
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            IssuerSigningKey = new SymmetricSecurityKey(new byte[64]),
                        };
                    });
                    // Only relaxed inside a development guard.
                    services.AddAuthentication().AddJwtBearer("Dev", o =>
                    {
                        o.Authority = "https://login.example";
                        if (env.IsDevelopment())
                        {
                            o.RequireHttpsMetadata = false;
                        }
                    });
                }
            }
            class Unrelated { public bool RequireHttpsMetadata { get; set; } public string? Authority { get; set; } }
            class D { object M() => new Unrelated { RequireHttpsMetadata = false, Authority = "http://idp.example.com" }; }
            """);

    [Fact]
    public Task NoDiagnostic_WhenAspNetCoreAuthenticationIsNotReferenced()
    {
        var test = new Verify.Test
        {
            TestCode = """
                class JwtBearerOptions { public bool RequireHttpsMetadata { get; set; } }
                class C { object M() => new JwtBearerOptions { RequireHttpsMetadata = false }; }
                """,
            References = JwtAnalyzers.Tests.Verifiers.TestReferences.FrameworkOnly,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_RequiresHttpsAndUpgradesLiterals_FixAll()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|JWT013:o.Authority = "http://idp.example.com/realms/main"|};
                        {|JWT013:o.RequireHttpsMetadata = false|};
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
                        o.Authority = "https://idp.example.com/realms/main";
                        o.RequireHttpsMetadata = true;
                    });
                }
            }
            """, fixAllIterations: 2);

    [Fact]
    public Task Fix_NotOfferedForAConstantDeclaredElsewhere()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                const string Authority = "http://idp.example.com";
                void Configure(IServiceCollection services)
                    => services.AddAuthentication().AddJwtBearer(o => {|JWT013:o.Authority = Authority|});
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }
}
