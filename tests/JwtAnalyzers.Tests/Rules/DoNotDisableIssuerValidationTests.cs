using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotDisableIssuerValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotDisableIssuerValidationCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotDisableIssuerValidationTests
{
    [Fact]
    public Task FlagShapes()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                const bool Validate = false;
                void Configure(IServiceCollection services, TokenValidationParameters p)
                {
                    var q = new TokenValidationParameters { {|JWT005:ValidateIssuer = false|} };
                    {|JWT005:p.ValidateIssuer = Validate|};
                    services.AddAuthentication().AddJwtBearer(o => {|JWT005:o.TokenValidationParameters.ValidateIssuer = false|});
                    services.AddAuthentication().AddOpenIdConnect(o => o.TokenValidationParameters = new TokenValidationParameters { {|JWT005:ValidateIssuer = false|} });
                }
            }
            """);

    [Fact]
    public Task IssuerValidatorsThatReturnTheirInput()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static string Echo(string issuer, SecurityToken token, TokenValidationParameters p) => issuer;

                void M(TokenValidationParameters p)
                {
                    {|JWT005:p.IssuerValidator = (issuer, token, parameters) => issuer|};
                    {|JWT005:p.IssuerValidator = (issuer, token, parameters) => "https://trusted.example"|};
                    {|JWT005:p.IssuerValidator = Echo|};
                    {|JWT005:p.IssuerValidatorUsingConfiguration = (issuer, token, parameters, configuration) => issuer|};
                    {|JWT005:p.IssuerValidator = delegate (string issuer, SecurityToken token, TokenValidationParameters parameters)
                    {
                        System.ArgumentNullException.ThrowIfNull(issuer);
                        return issuer;
                    }|};
                }
            }
            """);

    /// <summary>
    /// Throw helpers are recognised by symbol: a static <c>Throw*</c> of an exception type (<c>ObjectDisposedException.ThrowIf</c>)
    /// or a project method whose body throws may reject; a project's <c>Throw*</c>-named method that throws nothing does not.
    /// </summary>
    [Fact]
    public Task ThrowHelpers_BySymbol_NotBySpelling()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            static class Audit
            {
                public static void ThrowAway(string issuer) { }
            }

            static class Guard
            {
                public static void Trusted(string issuer)
                {
                    if (!issuer.StartsWith("https://login.example/", StringComparison.Ordinal))
                    {
                        throw new SecurityTokenInvalidIssuerException("untrusted issuer");
                    }
                }
            }

            class C
            {
                void M(TokenValidationParameters p, IDisposable owner, bool disposed)
                {
                    {|JWT005:p.IssuerValidator = (issuer, token, parameters) =>
                    {
                        Audit.ThrowAway(issuer);
                        return issuer;
                    }|};
                    p.IssuerValidator = (issuer, token, parameters) =>
                    {
                        Guard.Trusted(issuer);
                        return issuer;
                    };
                    p.IssuerValidator = (issuer, token, parameters) =>
                    {
                        ObjectDisposedException.ThrowIf(disposed, owner);
                        return issuer;
                    };
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_RealIssuerValidator()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new()
                {
                    ValidateIssuer = false, // a real IssuerValidator runs regardless of the flag
                    IssuerValidator = (issuer, token, parameters) =>
                        issuer.StartsWith("https://login.example/", System.StringComparison.Ordinal)
                            ? issuer
                            : throw new SecurityTokenInvalidIssuerException("untrusted issuer"),
                };

                void N(TokenValidationParameters p)
                {
                    p.IssuerValidator = (issuer, token, parameters) => Validators.ValidateIssuer(issuer, token, parameters);
                    p.ValidateIssuer = true;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_UnrelatedType()
        => Verify.VerifyAnalyzerAsync("""
            class Options { public bool ValidateIssuer { get; set; } public System.Func<string, string>? IssuerValidator { get; set; } }
            class C { object M() => new Options { ValidateIssuer = false, IssuerValidator = i => i }; }
            """);

    [Fact]
    public Task Fix_SetsTrueWhenIssuerOrAuthorityPresent()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    var p = new TokenValidationParameters { ValidIssuer = "https://issuer.example", {|JWT005:ValidateIssuer = false|} };
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.example";
                        {|JWT005:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
                    services.AddAuthentication().AddJwtBearer("Other", o =>
                    {
                        o.MetadataAddress = "https://login.example/.well-known/openid-configuration";
                        o.TokenValidationParameters = new TokenValidationParameters { {|JWT005:ValidateIssuer = false|} };
                    });
                }
            }
            """, """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    var p = new TokenValidationParameters { ValidIssuer = "https://issuer.example", ValidateIssuer = true };
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.example";
                        o.TokenValidationParameters.ValidateIssuer = true;
                    });
                    services.AddAuthentication().AddJwtBearer("Other", o =>
                    {
                        o.MetadataAddress = "https://login.example/.well-known/openid-configuration";
                        o.TokenValidationParameters = new TokenValidationParameters { ValidateIssuer = true };
                    });
                }
            }
            """);

    [Fact]
    public Task Fix_NotOfferedWithoutAnIssuer()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;
            class C { TokenValidationParameters M() => new() { {|JWT005:ValidateIssuer = false|} }; }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    /// <summary>The Authority that supplies the issuer is the JwtBearer options' (by symbol): a project object's own <c>Authority</c> is not.</summary>
    [Fact]
    public Task Fix_NotOfferedWhenOnlyAProjectTypeSetsAnAuthority()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class AuditSettings { public string? Authority { get; set; } }
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        var audit = new AuditSettings();
                        audit.Authority = "operations";
                        {|JWT005:o.TokenValidationParameters.ValidateIssuer = false|};
                    });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public Task Fix_RemovesEchoValidator()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new()
                {
                    ValidIssuer = "https://issuer.example",
                    {|JWT005:IssuerValidator = (issuer, token, parameters) => issuer|},
                };
            }
            """, """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new()
                {
                    ValidIssuer = "https://issuer.example",
                };
            }
            """);
}
