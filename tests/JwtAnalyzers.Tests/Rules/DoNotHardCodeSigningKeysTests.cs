using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotHardCodeSigningKeysAnalyzer>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotHardCodeSigningKeysTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Text;
        using System.Security.Cryptography;
        using Microsoft.Extensions.Configuration;
        using Microsoft.IdentityModel.Tokens;

        """;

    private const string LongSecret = "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7Xa2Ee9Uu4Ii8Oo1Pp6Ww3Qq5Rr0Tt7Yy";

    private static Task VerifyAsync(string source, ImmutableArray<MetadataReference>? references = null, string? editorConfig = null, params (string Path, string Content)[] additionalFiles)
    {
        var test = new Verify.Test { TestCode = source, EditorConfig = editorConfig };
        if (references is { } extra)
        {
            test.References = TestReferences.Default.AddRange(extra);
        }

        foreach (var file in additionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.Content));
        }

        return test.RunAsync();
    }

    [Fact]
    public async Task LiteralKeysOfAnyLength()
    {
        await VerifyAsync(Usings + $$"""
            class C
            {
                private const string Secret = "{{LongSecret}}";
                private static readonly byte[] s_bytes = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

                SecurityKey A() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("{{LongSecret}}")|]);
                SecurityKey B() => new SymmetricSecurityKey([|Encoding.ASCII.GetBytes(Secret)|]);
                SecurityKey D() => new SymmetricSecurityKey([|s_bytes|]);
                SecurityKey E() => new SymmetricSecurityKey([|Convert.FromBase64String("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=")|]);
                SecurityKey F() => new SymmetricSecurityKey([|Convert.FromHexString("404E635266556A586E3272357538782F413F4428472B4B6250645367566B5970")|]);
                SecurityKey G() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes($"{Secret}-{Secret}")|]);
                SecurityKey H() => new SymmetricSecurityKey([|SHA256.HashData(Encoding.UTF8.GetBytes("passphrase"))|]);
            }
            """);
    }

    [Fact]
    public async Task LiteralFallbacks()
    {
        await VerifyAsync(Usings + """
            class C
            {
                SecurityKey A(IConfiguration config) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(config["Jwt:Key"] ?? "dev-only-signing-key-0123456789abcdef")|]);

                SecurityKey B()
                {
                    var key = Environment.GetEnvironmentVariable("JWT_KEY") ?? "dev-only-signing-key-0123456789abcdef";
                    return new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(key)|]);
                }

                SecurityKey D(IConfiguration config)
                {
                    var key = config["Jwt:Key"];
                    return new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(string.IsNullOrEmpty(key) ? "dev-only-signing-key-0123456789abcdef" : key)|]);
                }

                SecurityKey E(IConfiguration config) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(config.GetValue<string>("Jwt:Key", "dev-only-signing-key-0123456789abcdef")!)|]);
            }
            """);
    }

    [Fact]
    public async Task OptionsClassDefaultsAndProperties()
    {
        await VerifyAsync(Usings + """
            public class JwtOptions
            {
                public string Key { get; set; } = "options-default-signing-key-0123456789";
                public static string Fixed => "expression-bodied-signing-key-0123456789";
            }

            class C
            {
                SecurityKey A(JwtOptions options) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(options.Key)|]);
                SecurityKey B() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(JwtOptions.Fixed)|]);
            }
            """);
    }

    [Fact]
    public async Task TokenValidationParametersInitializer()
    {
        await VerifyAsync(Usings + $$"""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;

            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            IssuerSigningKey = new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("{{LongSecret}}")|]),
                        };
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task JsonWebKeyWithALiteralK()
    {
        await VerifyAsync(Usings + """
            class C
            {
                JsonWebKey A() => new JsonWebKey { Kty = "oct", K = [|"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA"|] };
                JsonWebKey B(IConfiguration config) => new JsonWebKey { Kty = "oct", K = config["Jwt:K"] };
            }
            """);
    }

    [Fact]
    public async Task JwtNetAndJoseJwt()
    {
        await VerifyAsync(
            $$"""
            using System.Text;
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;

            class C
            {
                string A() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret([|"{{LongSecret}}"|]).Encode();
                string B(IJwtEncoder encoder, object payload) => encoder.Encode(payload, [|"{{LongSecret}}"|]);
                string D(IJwtDecoder decoder, string token) => decoder.Decode(token, [|Encoding.UTF8.GetBytes("{{LongSecret}}")|], verify: true);
                string E(object payload) => Jose.JWT.Encode(payload, [|Encoding.UTF8.GetBytes("{{LongSecret}}")|], Jose.JwsAlgorithm.HS256);
                string F(string token) => Jose.JWT.Decode(token, [|new byte[] { 1, 2, 3 }|], Jose.JwsAlgorithm.HS256);
                string G(object payload) => Jose.JWT.Encode(payload, [|"correct horse battery staple"|], Jose.JweAlgorithm.PBES2_HS256_A128KW, Jose.JweEncryption.A128GCM);
            }
            """,
            TestReferences.JwtNet.AddRange(TestReferences.JoseJwt));
    }

    [Fact]
    public async Task MessageSaysWhereTheKeyIs()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    SecurityKey A(IConfiguration config) => new SymmetricSecurityKey({|#0:Encoding.UTF8.GetBytes(config["Jwt:Key"] ?? "dev-only-signing-key-0123456789abcdef")|});
                    SecurityKey B() => new SymmetricSecurityKey({|#1:new byte[] { 1, 2, 3 }|});
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(0).WithArguments("SymmetricSecurityKey", "as a literal fallback"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(1).WithArguments("SymmetricSecurityKey", "in source"));
        await test.RunAsync();
    }

    [Fact]
    public async Task SecureLookAlikesStaySilent()
    {
        await VerifyAsync(Usings + """
            using Microsoft.AspNetCore.DataProtection;

            class C
            {
                // Configuration (64 bytes or not, it is not in the source).
                SecurityKey A(IConfiguration config) => new SymmetricSecurityKey(Convert.FromBase64String(config["Jwt:SigningKey"]!));

                // Environment.
                SecurityKey B() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("JWT_KEY")!));

                // A file.
                SecurityKey D() => new SymmetricSecurityKey(File.ReadAllBytes("/run/secrets/jwt"));

                // A CSPRNG.
                SecurityKey E() => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64));

                // A buffer filled by a CSPRNG.
                SecurityKey F()
                {
                    var key = new byte[64];
                    RandomNumberGenerator.Fill(key);
                    return new SymmetricSecurityKey(key);
                }

                // A parameter.
                SecurityKey G(byte[] key) => new SymmetricSecurityKey(key);

                // Asymmetric keys: a public key literal is not a secret.
                SecurityKey H() => new RsaSecurityKey(RSA.Create());

                // A configuration lookup whose *name* is a literal: the name is not the key.
                SecurityKey I(IConfiguration config) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(config.GetSection("Jwt")["Key"]!));

                // An empty literal fails at run time (IDX10703); it is not a secret.
                SecurityKey J() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(""));

                // A null fallback.
                SecurityKey K(IConfiguration config) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(config["Jwt:Key"] ?? throw new InvalidOperationException("Jwt:Key missing")));
            }
            """);
    }

    [Fact]
    public async Task TestProjectsAreSkippedByDefault()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                public class TokenTests
                {
                    [Xunit.Fact]
                    public void Signs() { _ = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("{{LongSecret}}")); }
                }
                """,
            References = TestReferences.Default.AddRange(TestReferences.FromOutput("xunit.core.dll", "xunit.abstractions.dll")),
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task ProjectsNamedLikeTestsAreSkipped()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                public static class TokenFactory
                {
                    public static SecurityKey Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("{{LongSecret}}"));
                }
                """,
        };
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "MyApp.IntegrationTests"));
        await test.RunAsync();
    }

    [Fact]
    public async Task TestProjectsAreReportedWhenIncluded()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + $$"""
                public class TokenTests
                {
                    [Xunit.Fact]
                    public void Signs() { _ = new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("{{LongSecret}}")|]); }
                }
                """,
            References = TestReferences.Default.AddRange(TestReferences.FromOutput("xunit.core.dll", "xunit.abstractions.dll")),
            EditorConfig = "JWT008.include_test_code = true",
        };
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- appsettings*.json

    private const string Program = "class Program { }";

    [Fact]
    public async Task AppSettingsSecretsAreReported()
    {
        var test = new Verify.Test { TestCode = Program };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            {
              // comments are allowed, as in the configuration provider
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Jwt": {
                "Issuer": "https://issuer.example",
                "Key": {|#0:"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7Xa2Ee9Uu4Ii8Oo1Pp6Ww3Qq5Rr0Tt7Yy"|},
              },
              "Authentication": {
                "Schemes": {
                  "Bearer": {
                    "SigningKeys": [ { "Issuer": "dotnet-user-jwts", "Value": {|#1:"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA="|} } ]
                  }
                }
              },
              "TokenKey": {|#2:"super secret unguessable key"|}
            }
            """));
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.Development.json", """
            { "JwtSettings": { "Secret": {|#3:"dev-secret-0123456789-0123456789-0123456789"|} } }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(0).WithArguments("Jwt:Key", "in appsettings.json"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(1).WithArguments("Authentication:Schemes:Bearer:SigningKeys:0:Value", "in appsettings.json"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(2).WithArguments("TokenKey", "in appsettings.json"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(3).WithArguments("JwtSettings:Secret", "in appsettings.Development.json"));
        await test.RunAsync();
    }

    [Fact]
    public async Task AppSettingsPlaceholdersAndOtherFilesAreNotReported()
    {
        var test = new Verify.Test { TestCode = Program };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            {
              "Jwt": { "Key": "", "Secret": "<set with dotnet user-secrets>", "SigningKey": "${JWT_SIGNING_KEY}", "Issuer": "me" },
              "JwtSettings": { "Secret": "#{JwtSecret}#", "Audience": "api" },
              "ConnectionStrings": { "Default": "Server=.;Database=app" },
              "Keys": { "Key": "not-a-jwt-setting" }
            }
            """));
        // Not an appsettings file: not read.
        test.TestState.AdditionalFiles.Add(("/src/App/secrets.json", """{ "Jwt": { "Key": "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7" } }"""));
        await test.RunAsync();
    }

    [Fact]
    public async Task AppSettingsMalformedJsonDoesNotThrow()
    {
        var test = new Verify.Test { TestCode = Program };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            { "Jwt": { "Key": {|#0:"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|}, "Broken": [1, 2,
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(0).WithArguments("Jwt:Key", "in appsettings.json"));
        await test.RunAsync();
    }

    [Fact]
    public async Task AppSettingsKeysOptionAddsPatterns()
    {
        var test = new Verify.Test { TestCode = Program, EditorConfig = "JWT008.appsettings_keys = Auth:HmacSecret, **:Signing*" };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            { "Auth": { "HmacSecret": {|#0:"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|}, "Other": { "SigningSecret": {|#1:"abc"|} } } }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(0).WithArguments("Auth:HmacSecret", "in appsettings.json"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(1).WithArguments("Auth:Other:SigningSecret", "in appsettings.json"));
        await test.RunAsync();
    }

    [Fact]
    public void JsonScannerReadsPathsAndSpans()
    {
        var json = "{ \"a\": { \"b\": [ \"x\", { \"c\": \"y\\\"z\" } ] }, /* c */ \"d\": true, }";
        var values = JwtAnalyzers.Internal.Libraries.Keys.JsonSecretScanner.ReadStrings(json);
        Assert.Equal(new[] { "a:b:0", "a:b:1:c" }, values.Select(v => v.Path));
        Assert.Equal("y\"z", values[1].Value);
        Assert.Equal("\"y\\\"z\"", json.Substring(values[1].Span.Start, values[1].Span.Length));
    }

    [Fact]
    public async Task HalfTypedCodeDoesNotThrow()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    const string S = "abc" + ;
                    SecurityKey A() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(S
                    SecurityKey B(IConfiguration c) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(c[] ?? ));
                    SecurityKey D() => new SymmetricSecurityKey(Undefined.Key);
                }
                """,
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        test.TestState.AdditionalFiles.Add(("/src/appsettings.json", "{ \"Jwt\": { \"Key\": \"unterminated"));
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- known limits

    [Fact]
    public async Task LiteralPassedToAHelperMethod()
    {
        // The flow engine follows the parameter to its call sites (a known false negative before the analysis core).
        await VerifyAsync(Usings + """
            class C
            {
                static SecurityKey Create(string secret) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(secret)|]);
                SecurityKey Use() => Create("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7");
            }
            """);
    }

    [Fact]
    public async Task KeyReturnedByAMethod()
    {
        await VerifyAsync(Usings + """
            class C
            {
                static byte[] KeyBytes() => Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7");
                SecurityKey Use() => new SymmetricSecurityKey([|KeyBytes()|]);
            }
            """);
    }

    [Fact]
    public async Task ArrayInitialisedFieldInAnotherTypeWithoutNew()
    {
        await VerifyAsync(Usings + """
            static class KeyStore
            {
                public static readonly byte[] K = { 0x4b, 0x39, 0x76, 0x51, 0x33, 0x4c, 0x78, 0x37, 0x54, 0x7a, 0x32, 0x52, 0x77, 0x38, 0x59, 0x70, 0x34, 0x4e, 0x6d, 0x36, 0x42, 0x68, 0x31, 0x4a, 0x64, 0x35, 0x47, 0x66, 0x30, 0x53, 0x63, 0x37 };
            }
            class TokenIssuer
            {
                SecurityKey Key() => new SymmetricSecurityKey([|KeyStore.K|]);
            }
            """);
    }

    [Fact]
    public async Task KeyBuiltInOneTypeAndUsedInAnother()
    {
        await VerifyAsync(Usings + """
            class JwtKeyProvider
            {
                public byte[] Bytes { get; } = Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7");
            }
            class TokenIssuer
            {
                private readonly JwtKeyProvider _keys = new();
                SecurityKey Key() => new SymmetricSecurityKey([|_keys.Bytes|]);
            }
            """);
    }

    [Fact]
    public async Task CollectionExpressionAndUtf8Literal()
    {
        await VerifyAsync(Usings + """
            class TokenIssuer
            {
                private static readonly byte[] Secret = "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"u8.ToArray();
                private static readonly byte[] Other = [0x4b, 0x39, 0x76, 0x51, 0x33, 0x4c, 0x78, 0x37, 0x54, 0x7a, 0x32, 0x52, 0x77, 0x38, 0x59, 0x70, 0x34, 0x4e, 0x6d, 0x36, 0x42, 0x68, 0x31, 0x4a, 0x64, 0x35, 0x47, 0x66, 0x30, 0x53, 0x63, 0x37];
                SecurityKey A() => new SymmetricSecurityKey([|Secret|]);
                SecurityKey B() => new SymmetricSecurityKey([|Other|]);
            }
            """);
    }

    [Fact]
    public async Task NoDiagnostic_HelperReturnsAKeyFromConfiguration()
    {
        await VerifyAsync(Usings + """
            using Microsoft.Extensions.Configuration;
            class TokenIssuer
            {
                private readonly IConfiguration _configuration;
                public TokenIssuer(IConfiguration configuration) => _configuration = configuration;
                private byte[] KeyBytes() => Encoding.UTF8.GetBytes(_configuration["Jwt:Key"]!);
                SecurityKey Key() => new SymmetricSecurityKey(KeyBytes());
            }
            """);
    }

    [Fact]
    public async Task AppSettingsKeysOptionAcceptsTheDotnetDiagnosticPrefix()
    {
        var test = new Verify.Test { TestCode = Program, EditorConfig = "dotnet_diagnostic.JWT008.appsettings_keys = Auth:SigningSecret" };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            { "Auth": { "SigningSecret": {|#0:"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7Xa2Ee9Uu4Ii8Oo1Pp6Ww3Qq5"|} } }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT008").WithLocation(0).WithArguments("Auth:SigningSecret", "in appsettings.json"));
        await test.RunAsync();
    }
}
