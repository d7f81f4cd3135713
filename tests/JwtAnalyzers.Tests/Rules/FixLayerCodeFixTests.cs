using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;
using HardCoded = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotHardCodeSigningKeysAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotHardCodeSigningKeysCodeFix>;
using Lifetime = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotDisableLifetimeValidationAnalyzer, JwtAnalyzers.CodeFixes.Rules.UseHardenedValidationParametersCodeFix>;
using Unsigned = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotUseUnsignedTokensCodeFix>;
using Claims = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotTrustUnvalidatedClaimsAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotTrustUnvalidatedClaimsValidateCodeFix>;
using Pin = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.PinAcceptedAlgorithmsAnalyzer, JwtAnalyzers.CodeFixes.Rules.PinAcceptedAlgorithmsCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>The shared fix layer and the new shapes of issue 14 / issue 13 (items 9-11) / issue 8 (section 5).</summary>
public class FixLayerCodeFixTests
{
    [Fact]
    public void EveryFix_DerivesFromTheBase_AndHasASolutionWideFixAll()
    {
        var providers = typeof(JwtCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .ToList();
        Assert.NotEmpty(providers);
        foreach (var type in providers)
        {
            Assert.True(typeof(JwtCodeFixProvider).IsAssignableFrom(type), type.Name + " does not derive from JwtCodeFixProvider");
            var fixAll = ((CodeFixProvider)Activator.CreateInstance(type)!).GetFixAllProvider();
            Assert.NotNull(fixAll);
            Assert.Contains(FixAllScope.Solution, fixAll!.GetSupportedFixAllScopes());
        }
    }

    [Theory]
    [InlineData("JWT003.SetTrue", "SetTrue")]
    [InlineData("JWT012.RenameToHostCookie", "RenameToHostCookie")]
    [InlineData("UseHardenedValidationParameters", null)]
    [InlineData("JWT003.InPlace", null)]
    [InlineData("JWT003.7", null)]
    public void EquivalenceKeys_NameTheRuleAndTheKind(string key, string? expected)
    {
        // The enum is linked into both assemblies; the fixes' copy is the one that reads equivalence keys.
        var kinds = typeof(JwtCodeFixProvider).Assembly.GetType("JwtAnalyzers.JwtFixKinds", throwOnError: true)!;
        var kind = kinds.GetMethod("FromEquivalenceKey")!.Invoke(null, new object?[] { key });
        Assert.Equal(expected, kind?.ToString());
    }

    [Fact]
    public Task SigningKey_UsesTheRootConfiguration_NotASectionInScope()
        => HardCoded.VerifyCodeFixAsync("""
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration config)
                {
                    var jwt = config.GetSection("Jwt");
                    System.Console.WriteLine(jwt["Issuer"]);
                    return new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(config["Jwt:Key"] ?? "dev-only-signing-key-0123456789abcdef")|]);
                }
            }
            """, """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration config)
                {
                    var jwt = config.GetSection("Jwt");
                    System.Console.WriteLine(jwt["Issuer"]);
                    return SigningKeys.LoadHmacKey(config, "Jwt:Key");
                }
            }
            """, "JWT008.LoadSigningKey", withRuntime: true);

    [Fact]
    public Task Hardened_InsideAddJwtBearer_IsBuiltAtStartUp_KeyOnce_OneAlgorithm()
        => Lifetime.VerifyCodeFixAsync("""
            using JwtAnalyzers.Runtime;
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
                        o.SaveToken = true;
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidAudience = "api",
                            IssuerSigningKey = SigningKeys.LoadHmacKey(builder.Configuration),
                            {|JWT003:ValidateLifetime = false|},
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
                        options.ValidAudiences.Add("api");
                        options.ValidAlgorithms.Add(SecurityAlgorithms.HmacSha256);
                    });
                    builder.Services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.SaveToken = true;
                        o.TokenValidationParameters = tokenValidationParameters;
                    });
                }
            }
            """, "JWT003.UseHardenedValidation", withRuntime: true);

    [Fact]
    public Task Hardened_NotOffered_WhenTheOptionsUseAnAuthority()
    {
        // Issuer and keys come from the Authority's metadata; strict parameters would ask for them (and the rewrite
        // must never trade a finding for a JWT013 one). The in-place fixes remain.
        const string source = """
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
                        o.Authority = "https://login.example.com/";
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidAudience = "api",
                            {|JWT003:ValidateLifetime = false|},
                        };
                    });
                }
            }
            """;
        return Lifetime.VerifyCodeFixAsync(source, source, "JWT003.UseHardenedValidation", withRuntime: true);
    }

    [Fact]
    public Task None_IsRemoved_FromCollectionExpressionsAndAppend()
        => Unsigned.VerifyCodeFixAsync("""
            using System.Linq;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static readonly string[] Defaults = { SecurityAlgorithms.HmacSha256 };
                TokenValidationParameters A() => new() { ValidAlgorithms = [SecurityAlgorithms.HmacSha256, {|JWT002:"none"|}] };
                TokenValidationParameters B() => new() { ValidAlgorithms = Defaults.Append({|JWT002:"none"|}) };
            }
            """, """
            using System.Linq;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static readonly string[] Defaults = { SecurityAlgorithms.HmacSha256 };
                TokenValidationParameters A() => new() { ValidAlgorithms = [SecurityAlgorithms.HmacSha256] };
                TokenValidationParameters B() => new() { ValidAlgorithms = Defaults };
            }
            """, "JWT002.RemoveNoneElement");

    [Fact]
    public Task ParseOnlyRead_InAnAsyncMethod_IsValidatedAsynchronously()
        => new Claims.Test
        {
            TestCode = """
                using System.IdentityModel.Tokens.Jwt;
                using System.Linq;
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Configuration;
                class Gate
                {
                    private readonly IConfiguration _configuration;
                    public Gate(IConfiguration configuration) => _configuration = configuration;

                    public async Task<bool> IsAdminAsync(HttpContext context, string token)
                    {
                        await Task.Yield();
                        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                        if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
                        {
                            {|JWT014:context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"))|};
                            return true;
                        }

                        return false;
                    }
                }
                """,
            FixedCode = """
                using System.IdentityModel.Tokens.Jwt;
                using System.Linq;
                using System.Security.Claims;
                using System.Threading.Tasks;
                using JwtAnalyzers.Runtime;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Configuration;
                class Gate
                {
                    private readonly IConfiguration _configuration;
                    public Gate(IConfiguration configuration) => _configuration = configuration;

                    public async Task<bool> IsAdminAsync(HttpContext context, string token)
                    {
                        await Task.Yield();
                        var jwt = await SafeTokenValidation.ValidateFromConfigurationAsync(token, _configuration);
                        if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
                        {
                            context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"));
                            return true;
                        }

                        return false;
                    }
                }
                """,
            CodeActionEquivalenceKey = "JWT014.ValidateInsteadOfRead",
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
        }.RunAsync();

    [Fact]
    public Task ParseOnlyRead_NotOffered_WhenTheTokenIsUsedForWhatAPrincipalLacks()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Configuration;
            class Gate
            {
                private readonly IConfiguration _configuration;
                public Gate(IConfiguration configuration) => _configuration = configuration;

                public bool IsAdmin(HttpContext context, string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    System.Console.WriteLine(jwt.ValidTo);
                    if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
                    {
                        {|JWT014:context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"))|};
                        return true;
                    }

                    return false;
                }
            }
            """;
        return new Claims.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = "JWT014.ValidateInsteadOfRead",
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
        }.RunAsync();
    }
}
