using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Tests.Verifiers;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotTrustUnvalidatedClaimsAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotTrustUnvalidatedClaimsValidateCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT014 fix: a parse-only read whose claims decide access becomes a validating read through the runtime.</summary>
public class DoNotTrustUnvalidatedClaimsValidateFixTests
{
    private static Task VerifyAsync(string source, string fixedSource) => new VerifyFix.Test
    {
        TestCode = source,
        FixedCode = fixedSource,
        CodeActionEquivalenceKey = DoNotTrustUnvalidatedClaimsValidateCodeFix.EquivalenceKey,
        References = TestReferences.Default.AddRange(TestReferences.Runtime),
    }.RunAsync();

    [Fact]
    public Task ReadBecomesValidation_FixAll()
        => VerifyAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.JsonWebTokens;
            class Gate
            {
                private readonly IConfiguration _configuration;
                public Gate(IConfiguration configuration) => _configuration = configuration;

                public bool IsAdmin(HttpContext context, string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
                    {
                        {|JWT014:context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"))|};
                        return true;
                    }

                    return false;
                }

                public void SignIn(HttpContext context, string token)
                {
                    var read = new JsonWebToken(token);
                    {|JWT014:context.User = new ClaimsPrincipal(new ClaimsIdentity(read.Claims, "jwt"))|};
                }
            }
            """, """
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            using System.Security.Claims;
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.JsonWebTokens;
            class Gate
            {
                private readonly IConfiguration _configuration;
                public Gate(IConfiguration configuration) => _configuration = configuration;

                public bool IsAdmin(HttpContext context, string token)
                {
                    var jwt = SafeTokenValidation.ValidateFromConfiguration(token, _configuration);
                    if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
                    {
                        context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"));
                        return true;
                    }

                    return false;
                }

                public void SignIn(HttpContext context, string token)
                {
                    var read = SafeTokenValidation.ValidateFromConfiguration(token, _configuration);
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(read.Claims, "jwt"));
                }
            }
            """);

    [Fact]
    public Task NotOfferedWhenThePrincipalWouldNotCompile()
    {
        // jwt.Subject exists on JwtSecurityToken, not on ClaimsPrincipal: the rewrite would break the build.
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Configuration;
            class Gate
            {
                public void SignIn(HttpContext context, string token, IConfiguration configuration)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    {|JWT014:context.User = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim("sub", jwt.Subject) }, "jwt"))|};
                }
            }
            """;
        return VerifyAsync(source, source);
    }

    [Fact]
    public Task NotOfferedWithoutConfigurationInScope()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            class Gate
            {
                public void SignIn(HttpContext context, string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    {|JWT014:context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"))|};
                }
            }
            """;
        return VerifyAsync(source, source);
    }
}
