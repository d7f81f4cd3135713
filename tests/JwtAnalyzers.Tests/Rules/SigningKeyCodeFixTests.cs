using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Rules;
using JwtAnalyzers.Tests.Verifiers;
using HardCoded = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotHardCodeSigningKeysAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotHardCodeSigningKeysCodeFix>;
using Weak = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.UseStrongHmacKeyAnalyzer, JwtAnalyzers.CodeFixes.Rules.UseStrongHmacKeyCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>The JWT007/JWT008 fix: move the literal key to configuration (or the environment) through JwtAnalyzers.Runtime.</summary>
public class SigningKeyCodeFixTests
{
    private const string Key = "JWT008.LoadSigningKey";

    [Fact]
    public async Task ConfigurationParameterAndTheFallbackKey()
    {
        await HardCoded.VerifyCodeFixAsync(
            """
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration config) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(config["Jwt:Key"] ?? "dev-only-signing-key-0123456789abcdef")|]);
            }
            """,
            """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration config) => SigningKeys.LoadHmacKey(config, "Jwt:Key");
            }
            """,
            Key,
            withRuntime: true);
    }

    [Fact]
    public async Task ConfigurationFieldNamedFromTheConstantFixAll()
    {
        const string Before = """
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class TokenService
            {
                private const string JwtSecret = "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7";
                private readonly IConfiguration _configuration;

                public TokenService(IConfiguration configuration) => _configuration = configuration;

                SecurityKey Signing() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(JwtSecret)|]);
                SecurityKey Validation() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(JwtSecret)|]);
            }
            """;
        const string AfterBoth = """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class TokenService
            {
                private const string JwtSecret = "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7";
                private readonly IConfiguration _configuration;

                public TokenService(IConfiguration configuration) => _configuration = configuration;

                SecurityKey Signing() => SigningKeys.LoadHmacKey(_configuration, "Jwt:Secret");
                SecurityKey Validation() => SigningKeys.LoadHmacKey(_configuration, "Jwt:Secret");
            }
            """;
        var test = new HardCoded.Test
        {
            TestCode = Before,
            // One fix at a time: the second fix sees the last use of the constant and removes it.
            FixedCode = AfterBoth.Replace("    private const string JwtSecret = \"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7\";\n", string.Empty),
            // Fix All computes every fix on the original document: the constant is still used twice there, so it stays
            // (unused afterwards; IDE0051 points at it).
            BatchFixedCode = AfterBoth,
            CodeActionEquivalenceKey = Key,
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task DeclarationsThatOnlyHeldTheSecretAreRemoved()
    {
        await HardCoded.VerifyCodeFixAsync(
            """
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class TokenService(IConfiguration configuration)
            {
                private const string SigningSecret = "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7";
                private const string Issuer = "me";
                private static readonly byte[] s_keyBytes = Encoding.UTF8.GetBytes(SigningSecret);

                public string Name => Issuer;

                SecurityKey Key()
                {
                    var bytes = s_keyBytes;
                    return new SymmetricSecurityKey([|bytes|]);
                }
            }
            """,
            """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class TokenService(IConfiguration configuration)
            {
                private const string Issuer = "me";

                public string Name => Issuer;

                SecurityKey Key()
                {
                    return SigningKeys.LoadHmacKey(configuration, "Jwt:SigningSecret");
                }
            }
            """,
            Key,
            withRuntime: true);
    }

    [Fact]
    public async Task WebApplicationBuilderConfiguration()
    {
        await HardCoded.VerifyCodeFixAsync(
            """
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;

            static class Program
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            IssuerSigningKey = new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]),
                        };
                    });
                }
            }
            """,
            """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;

            static class Program
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            IssuerSigningKey = SigningKeys.LoadHmacKey(builder.Configuration, "Jwt:SigningKey"),
                        };
                    });
                }
            }
            """,
            Key,
            withRuntime: true);
    }

    [Fact]
    public async Task EnvironmentWhenNoConfigurationIsInScopeAndTheAlgorithmIsKept()
    {
        await HardCoded.VerifyCodeFixAsync(
            """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            static class JwtSettings
            {
                public static SigningCredentials Credentials() =>
                    new SigningCredentials(new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]), SecurityAlgorithms.HmacSha512);
            }
            """,
            """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.IdentityModel.Tokens;

            static class JwtSettings
            {
                public static SigningCredentials Credentials() =>
                    new SigningCredentials(SigningKeys.FromEnvironment("JWT_SIGNING_KEY", SecurityAlgorithms.HmacSha512), SecurityAlgorithms.HmacSha512);
            }
            """,
            Key,
            withRuntime: true);
    }

    [Fact]
    public async Task JwtNetAndJoseJwtGetTheKeyBytes()
    {
        var test = new HardCoded.Test
        {
            TestCode = """
                using System.Text;
                using JWT.Algorithms;
                using JWT.Builder;

                class C
                {
                    string A() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret([|"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|]).Encode();
                    string B(object payload) => Jose.JWT.Encode(payload, [|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|], Jose.JwsAlgorithm.HS256);
                }
                """,
            FixedCode = """
                using System.Text;
                using JWT.Algorithms;
                using JWT.Builder;
                using JwtAnalyzers.Runtime;

                class C
                {
                    string A() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(SigningKeys.FromEnvironment("JWT_SIGNING_KEY").Key).Encode();
                    string B(object payload) => Jose.JWT.Encode(payload, SigningKeys.FromEnvironment("JWT_SIGNING_KEY").Key, Jose.JwsAlgorithm.HS256);
                }
                """,
            CodeActionEquivalenceKey = Key,
            References = TestReferences.Default.AddRange(TestReferences.Runtime).AddRange(TestReferences.JwtNet).AddRange(TestReferences.JoseJwt),
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task NoFixWhenTheResultWouldNotCompile()
    {
        // Replacing one of several string secrets with bytes would break WithSecret(params string[]).
        var source = """
            using JWT.Builder;

            class C
            {
                string A() => new JwtBuilder().WithSecret([|"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|], [|"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc8"|]).Encode();
            }
            """;
        var test = new HardCoded.Test
        {
            TestCode = source,
            FixedCode = source,
            References = TestReferences.Default.AddRange(TestReferences.Runtime).AddRange(TestReferences.JwtNet),
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task NoFixWithoutTheRuntimeLibrary()
    {
        var source = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]);
            }
            """;
        await HardCoded.VerifyCodeFixAsync(source, source, Key, withRuntime: false);
    }

    [Fact]
    public async Task WeakLiteralKeyIsMovedToConfiguration()
    {
        await Weak.VerifyCodeFixAsync(
            """
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration configuration) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("your-256-bit-secret")|]);
            }
            """,
            """
            using System.Text;
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration configuration) => SigningKeys.LoadHmacKey(configuration, "Jwt:SigningKey");
            }
            """,
            "JWT007.LoadSigningKey",
            withRuntime: true);
    }

    [Fact]
    public async Task NoFixForAComputedShortKey()
    {
        var source = """
            using System.Security.Cryptography;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            class C
            {
                SecurityKey K(IConfiguration configuration) => new SymmetricSecurityKey([|RandomNumberGenerator.GetBytes(16)|]);
            }
            """;
        await Weak.VerifyCodeFixAsync(source, source, "JWT007.LoadSigningKey", withRuntime: true);
    }

    [Theory]
    [InlineData("Jwt:SigningKey", "JWT_SIGNING_KEY")]
    [InlineData("JwtSettings:Secret", "JWT_SETTINGS_SECRET")]
    [InlineData("AppSettings:JWTKey", "APP_SETTINGS_JWT_KEY")]
    public void EnvironmentVariableNames(string configurationKey, string expected)
        => Assert.Equal(expected, JwtAnalyzers.Internal.Libraries.Keys.SigningKeyNames.ToEnvironmentVariable(configurationKey));

    [Theory]
    [InlineData("_jwtSecret", "JwtSecret")]
    [InlineData("JWT_SECRET_KEY", "JwtSecretKey")]
    [InlineData("s_signingKey", "SigningKey")]
    public void MemberNamesArePascalCased(string member, string expected)
        => Assert.Equal(expected, JwtAnalyzers.Internal.Libraries.Keys.SigningKeyNames.ToPascal(member));
}
