using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotDisableSignatureValidationAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotDisableSignatureValidationCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotDisableSignatureValidationTests
{
    [Fact]
    public Task RequireSignedTokensFalse()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;
            class Startup
            {
                static readonly bool Signed = false;
                void Configure(IServiceCollection services, TokenValidationParameters p)
                {
                    var q = new TokenValidationParameters { {|JWT001:RequireSignedTokens = false|} };
                    {|JWT001:p.RequireSignedTokens = Signed|};
                    services.AddAuthentication().AddJwtBearer(o => {|JWT001:o.TokenValidationParameters.RequireSignedTokens = false|});
                }
            }
            """);

    [Fact]
    public Task SignatureValidatorsThatOnlyParse()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static SecurityToken Parse(string token, TokenValidationParameters p) => new JsonWebToken(token);

                void M(TokenValidationParameters p)
                {
                    {|JWT001:p.SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|};
                    {|JWT001:p.SignatureValidator = (token, parameters) => new JsonWebToken(token)|};
                    {|JWT001:p.SignatureValidator = (token, parameters) => new JwtSecurityTokenHandler().ReadJwtToken(token)|};
                    {|JWT001:p.SignatureValidator = (token, parameters) => new JwtSecurityTokenHandler().ReadToken(token)|};
                    {|JWT001:p.SignatureValidator = (token, parameters) => new JsonWebTokenHandler().ReadJsonWebToken(token)|};
                    {|JWT001:p.SignatureValidator = (token, parameters) => new JsonWebTokenHandler().ReadToken(token)|};
                    {|JWT001:p.SignatureValidator = Parse|};
                    {|JWT001:p.SignatureValidator = delegate (string token, TokenValidationParameters parameters)
                    {
                        var jwt = new JwtSecurityToken(token);
                        return jwt;
                    }|};
                    {|JWT001:p.SignatureValidatorUsingConfiguration = (token, parameters, configuration) => new JsonWebToken(token)|};
                }
            }
            """);

    [Fact]
    public Task SignatureValidatorInJwtBearerOptions()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.JsonWebTokens;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        {|JWT001:o.TokenValidationParameters.SignatureValidator = (token, _) => new JsonWebToken(token)|};
                    });
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_ValidatorsThatVerify()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters _inner = new();
                void M(TokenValidationParameters p)
                {
                    p.RequireSignedTokens = true;
                    // Validates with another handler and other parameters: a real check.
                    p.SignatureValidator = (token, parameters) =>
                    {
                        new JwtSecurityTokenHandler().ValidateToken(token, _inner, out var validated);
                        return validated;
                    };
                    // Verifies the signature itself before returning the parsed token.
                    p.SignatureValidator = (token, parameters) =>
                    {
                        var jwt = new JsonWebToken(token);
                        if (!Verify(jwt)) throw new SecurityTokenInvalidSignatureException("bad signature");
                        return jwt;
                    };
                    p.SignatureValidator = null;
                }
                static bool Verify(JsonWebToken token) => token.EncodedSignature.Length > 0;
            }
            """);

    [Fact]
    public Task NoDiagnostic_UnrelatedType()
        => Verify.VerifyAnalyzerAsync("""
            class Options { public bool RequireSignedTokens { get; set; } }
            class C { object M() => new Options { RequireSignedTokens = false }; }
            """);

    [Fact]
    public Task KnownLimit_MethodGroupDeclaredInAnotherFileIsNotReported()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add(("/A.cs", """
            using Microsoft.IdentityModel.Tokens;
            partial class C
            {
                void M(TokenValidationParameters p) => p.SignatureValidator = Parse;
            }
            """));
        test.TestState.Sources.Add(("/B.cs", """
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            partial class C
            {
                static SecurityToken Parse(string token, TokenValidationParameters p) => new JsonWebToken(token);
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_SetsRequireSignedTokensAndRemovesValidator_FixAll()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new TokenValidationParameters
                {
                    {|JWT001:RequireSignedTokens = false|},
                    {|JWT001:SignatureValidator = (token, parameters) => new JsonWebToken(token)|},
                    ValidAudience = "api",
                };
            }
            """, """
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new TokenValidationParameters
                {
                    RequireSignedTokens = true,
                    ValidAudience = "api",
                };
            }
            """, fixAllIterations: 2);

    [Fact]
    public Task Fix_NotOfferedForExpressionBodiedLambda()
    {
        // Removing the only expression of an expression-bodied lambda would not compile: no fix is offered.
        const string source = """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.JsonWebTokens;
            class Startup
            {
                void Configure(IServiceCollection services)
                    => services.AddAuthentication().AddJwtBearer(o => {|JWT001:o.TokenValidationParameters.SignatureValidator = (t, _) => new JsonWebToken(t)|});
            }
            """;
        return Verify.VerifyCodeFixAsync(source, source);
    }
}
