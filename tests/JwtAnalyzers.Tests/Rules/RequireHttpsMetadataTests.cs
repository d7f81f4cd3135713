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
    public Task HttpAddress_FromConstantsFieldsAndInterpolatedStrings()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                const string Host = "idp.example.com";
                static readonly string Metadata = "http://idp.example.com/.well-known/openid-configuration";
                static readonly string Realm = System.Environment.GetEnvironmentVariable("REALM") ?? "main";
                void Configure(IServiceCollection services, string realm, int port)
                {
                    const string authority = "http://idp.example.com/realms/main";
                    services.AddAuthentication().AddJwtBearer("a", o => {|JWT013:o.Authority = authority|});
                    services.AddAuthentication().AddJwtBearer("b", o => {|JWT013:o.MetadataAddress = Metadata|});
                    // An interpolated string whose host is constant: reported whatever the rest is.
                    services.AddAuthentication().AddJwtBearer("c", o => {|JWT013:o.Authority = $"http://idp.example.com/realms/{realm}"|});
                    services.AddAuthentication().AddJwtBearer("d", o => {|JWT013:o.Authority = $"http://{Host}/realms/{Realm}"|});
                    services.AddAuthentication().AddJwtBearer("e", o => {|JWT013:o.Authority = $"http://idp.example.com:{port}/realms/main"|});
                    // FP guards: the host is interpolated (unknown), loopback, or already https.
                    services.AddAuthentication().AddJwtBearer("f", o => o.Authority = $"http://{realm}.example.com/");
                    services.AddAuthentication().AddJwtBearer("g", o => o.Authority = $"http://localhost:{port}/realms/{realm}");
                    services.AddAuthentication().AddJwtBearer("h", o => o.Authority = $"https://idp.example.com/realms/{realm}");
                }
            }
            """);

    [Fact]
    public Task Fix_ConstantAndInterpolatedAddresses_SchemeRewrittenWhereWritten()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                const string Authority = "http://idp.example.com/realms/main";
                const string Realm = "main";
                void Configure(IServiceCollection services, string realm)
                {
                    const string local = @"http://idp.example.com/realms/local";
                    services.AddAuthentication().AddJwtBearer("a", o => {|JWT013:o.Authority = Authority|});
                    services.AddAuthentication().AddJwtBearer("b", o => {|JWT013:o.Authority = local|});
                    services.AddAuthentication().AddJwtBearer("c", o => {|JWT013:o.Authority = $"http://idp.example.com/realms/{realm}"|});
                    services.AddAuthentication().AddJwtBearer("d", o => {|JWT013:o.MetadataAddress = $"HTTP://idp.example.com/realms/{Realm}" + "/.well-known/openid-configuration"|});
                }
            }
            """, """
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                const string Authority = "https://idp.example.com/realms/main";
                const string Realm = "main";
                void Configure(IServiceCollection services, string realm)
                {
                    const string local = @"https://idp.example.com/realms/local";
                    services.AddAuthentication().AddJwtBearer("a", o => o.Authority = Authority);
                    services.AddAuthentication().AddJwtBearer("b", o => o.Authority = local);
                    services.AddAuthentication().AddJwtBearer("c", o => o.Authority = $"https://idp.example.com/realms/{realm}");
                    services.AddAuthentication().AddJwtBearer("d", o => o.MetadataAddress = $"https://idp.example.com/realms/{Realm}" + "/.well-known/openid-configuration");
                }
            }
            """);

    [Fact]
    public Task Fix_StaticReadonlyFieldInAnotherFile_SharedByTwoOptions_RewrittenOnce()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/0/Startup.cs", """
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o => {|JWT013:o.Authority = Identity.Authority|});
                    services.AddAuthentication().AddOpenIdConnect(o => {|JWT013:o.Authority = Identity.Authority|});
                }
            }
            """));
        test.TestState.Sources.Add(("/0/Identity.cs", """
            static class Identity
            {
                public static readonly string Authority = "http://login.partner.example.com/realms/shop";
            }
            """));
        test.FixedState.Sources.Add(("/0/Startup.cs", """
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o => o.Authority = Identity.Authority);
                    services.AddAuthentication().AddOpenIdConnect(o => o.Authority = Identity.Authority);
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Identity.cs", """
            static class Identity
            {
                public static readonly string Authority = "https://login.partner.example.com/realms/shop";
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_NotOffered_WhenTheAddressIsNotWrittenInTheProject()
    {
        // The readonly field is assigned again in the constructor: which value is used is not a single piece of text.
        const string source = """
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                private readonly string _authority = "http://idp.example.com";
                public Startup(bool partner) { if (partner) { _authority = "http://partner.example.com"; } }
                void Configure(IServiceCollection services)
                    => services.AddAuthentication().AddJwtBearer(o => {|JWT013:o.Authority = _authority|});
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }
}
