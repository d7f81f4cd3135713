using System.Collections.Immutable;
using JwtAnalyzers.Rules;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.UseStrongHmacKeyAnalyzer>;

namespace JwtAnalyzers.Tests.Rules;

public class UseStrongHmacKeyTests
{
    private const string Usings = """
        using System;
        using System.Text;
        using System.Security.Cryptography;
        using Microsoft.IdentityModel.Tokens;

        """;

    private static Task VerifyAsync(string source, ImmutableArray<MetadataReference>? references = null, string? editorConfig = null)
    {
        var test = new Verify.Test { TestCode = source, EditorConfig = editorConfig };
        if (references is { } extra)
        {
            test.References = TestReferences.Default.AddRange(extra);
        }

        return test.RunAsync();
    }

    // ---------------------------------------------------------------- IdentityModel: byte counting

    [Theory]
    [InlineData("Encoding.UTF8.GetBytes(\"0123456789abcdef\")")] // 16 bytes
    [InlineData("Encoding.ASCII.GetBytes(\"0123456789abcdefghijklmnopqrstu\")")] // 31 bytes
    [InlineData("Encoding.Default.GetBytes(\"short-secret-value\")")] // UTF-8 on .NET Core
    [InlineData("Encoding.Latin1.GetBytes(\"0123456789abcdefghijklmnopqrst\")")]
    [InlineData("Encoding.Unicode.GetBytes(\"0123456789abcde\")")] // 15 chars -> 30 bytes
    [InlineData("Encoding.BigEndianUnicode.GetBytes(\"0123456789abcde\")")]
    [InlineData("new UTF8Encoding(false).GetBytes(\"0123456789abcdef\")")]
    public async Task ShortEncodedLiteral(string expression)
    {
        await VerifyAsync(Usings + $$"""
            class C { SecurityKey K() => new SymmetricSecurityKey([|{{expression}}|]); }
            """);
    }

    [Fact]
    public void EncodingsCountRealBytes()
    {
        // Multi-byte characters count as the encoding really writes them.
        Assert.Equal(32, JwtAnalyzers.Internal.Libraries.Keys.KeyEncodings.EncodedLength(new string('é', 16), "UTF8"));
        Assert.Equal(16, JwtAnalyzers.Internal.Libraries.Keys.KeyEncodings.EncodedLength(new string('é', 16), "Latin1"));
        Assert.Equal(16, JwtAnalyzers.Internal.Libraries.Keys.KeyEncodings.EncodedLength(new string('é', 16), "ASCII"));
        Assert.Equal(64, JwtAnalyzers.Internal.Libraries.Keys.KeyEncodings.EncodedLength(new string('a', 16), "UTF32"));
    }

    [Fact]
    public async Task MultiByteCharactersMakeTheKeyLongEnough()
    {
        // 16 'é' = 32 bytes in UTF-8 (enough), 16 bytes in ASCII/Latin-1 (too short).
        await VerifyAsync(Usings + """
            class C
            {
                SecurityKey Utf8() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("éééééééééééééééé"));
                SecurityKey Latin1() => new SymmetricSecurityKey([|Encoding.Latin1.GetBytes("éééééééééééééééé")|]);
                SecurityKey Utf16() => new SymmetricSecurityKey(Encoding.Unicode.GetBytes("k9Vq3Lx7Tz2Rw8Yp")); // 16 chars = 32 bytes
            }
            """);
    }

    [Fact]
    public async Task Base64HexByteArraysAndCollectionExpressions()
    {
        await VerifyAsync(Usings + """
            class C
            {
                SecurityKey A() => new SymmetricSecurityKey([|Convert.FromBase64String("c2hvcnQta2V5")|]);
                SecurityKey B() => new SymmetricSecurityKey([|Convert.FromHexString("00112233445566778899aabbccddeeff")|]);
                SecurityKey D() => new SymmetricSecurityKey([|new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }|]);
                SecurityKey E() => new SymmetricSecurityKey([|[1, 2, 3, 4, 5, 6]|]);
                SecurityKey F() => new SymmetricSecurityKey([|"tiny-utf8-key"u8.ToArray()|]);
                SecurityKey G() => new SymmetricSecurityKey([|Base64UrlEncoder.DecodeBytes("c2hvcnQta2V5")|]);
            }
            """);
    }

    [Fact]
    public async Task ConstantsFieldsPropertiesLocalsConcatenationsAndInterpolations()
    {
        await VerifyAsync(Usings + """
            static class JwtSettings
            {
                public const string Secret = "const-secret-123";
                public static readonly string Prefix = "abc";
                public static string Key => "property-secret";
            }

            class C
            {
                private static readonly byte[] s_keyBytes = Encoding.UTF8.GetBytes(JwtSettings.Secret);
                private string _mutable = "mutable-field-key";

                SecurityKey A() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(JwtSettings.Secret)|]);
                SecurityKey B() => new SymmetricSecurityKey([|s_keyBytes|]);
                SecurityKey D() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(JwtSettings.Key)|]);
                SecurityKey E() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(_mutable)|]);

                SecurityKey F()
                {
                    var text = JwtSettings.Prefix + "-def";
                    var bytes = Encoding.UTF8.GetBytes($"{text}-{JwtSettings.Prefix}-{42}");
                    return new SymmetricSecurityKey([|bytes|]);
                }
            }
            """);
    }

    [Fact]
    public async Task JsonWebKeyKIsBase64Url()
    {
        // 16 bytes (too short) and 32 bytes (enough), written as base64url.
        await VerifyAsync(Usings + """
            class C
            {
                JsonWebKey A() => new JsonWebKey { Kty = "oct", K = [|"q83vEjRWeJCrze8SNFZ4kA"|] };
                JsonWebKey B() => new JsonWebKey { Kty = "oct", K = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA" };
            }
            """);
    }

    [Fact]
    public async Task AlgorithmFromSigningCredentials()
    {
        // 32 bytes: enough for HS256, too short for HS384 and HS512.
        await VerifyAsync(Usings + """
            class C
            {
                SigningCredentials Hs256() =>
                    new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")), SecurityAlgorithms.HmacSha256);

                SigningCredentials Hs384() =>
                    new SigningCredentials(new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]), SecurityAlgorithms.HmacSha384);

                SigningCredentials Hs512()
                {
                    var key = new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]);
                    return new SigningCredentials(key, SecurityAlgorithms.HmacSha512Signature);
                }
            }
            """);
    }

    [Fact]
    public async Task MessageNamesSizeAndAlgorithm()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    SigningCredentials Hs512() =>
                        new SigningCredentials(new SymmetricSecurityKey({|#0:Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|}), SecurityAlgorithms.HmacSha512);
                }
                """,
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT007").WithLocation(0)
            .WithArguments("SymmetricSecurityKey", "is 32 bytes (256 bits), but HS512 needs at least 64 bytes (512 bits); use a random key of 64 bytes or more"));
        await test.RunAsync();
    }

    [Fact]
    public async Task WellKnownSecretsRegardlessOfLength()
    {
        await VerifyAsync(Usings + """
            class C
            {
                SecurityKey A() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("your-256-bit-secret")|]);
                SecurityKey B() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("ThisIsMySecretKeyForJwtToken1234")|]); // 32 bytes, but published
                SecurityKey D() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("SUPERSECRETKEY")|]); // case-insensitive
                SecurityKey E() => new SymmetricSecurityKey([|SHA256.HashData(Encoding.UTF8.GetBytes("changeme"))|]); // hashing does not help
                SecurityKey F() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("secret".PadRight(64, '0'))|]); // padding neither
            }
            """);
    }

    [Fact]
    public void WellKnownListIsLoadedFromTheSharedFile()
    {
        Assert.True(JwtAnalyzers.Internal.WellKnownSecrets.Count > 100);
        Assert.True(JwtAnalyzers.Internal.WellKnownSecrets.Contains("  Your-256-Bit-Secret "));
        Assert.False(JwtAnalyzers.Internal.WellKnownSecrets.Contains("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"));
    }

    [Fact]
    public async Task ComputedShortKeys()
    {
        await VerifyAsync(Usings + """
            class C
            {
                SecurityKey A() => new SymmetricSecurityKey([|RandomNumberGenerator.GetBytes(16)|]);

                SecurityKey B()
                {
                    var key = new byte[16];
                    RandomNumberGenerator.Fill(key);
                    return new SymmetricSecurityKey([|key|]);
                }

                SecurityKey D() => new SymmetricSecurityKey([|Guid.NewGuid().ToByteArray()|]);

                // Long enough, but from a predictable generator.
                SecurityKey E()
                {
                    var key = new byte[64];
                    new Random(42).NextBytes(key);
                    return new SymmetricSecurityKey([|key|]);
                }
            }
            """);
    }

    [Fact]
    public async Task LiteralFallbackThatIsTooShort()
    {
        await VerifyAsync(Usings + """
            using Microsoft.Extensions.Configuration;
            class C
            {
                SecurityKey K(IConfiguration config) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(config["Jwt:Key"] ?? "dev-key")|]);
            }
            """);
    }

    [Fact]
    public async Task MinimumKeyBitsOptionRaisesTheFloor()
    {
        await VerifyAsync(
            Usings + """
                class C
                {
                    SecurityKey K() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]);
                }
                """,
            editorConfig: "JWT007.minimum_key_bits = 512");
    }

    [Fact]
    public async Task MinimumKeyBitsOptionNeverLowersTheFloor()
    {
        await VerifyAsync(
            Usings + """
                class C
                {
                    SecurityKey K() => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes("0123456789abcdef")|]);
                }
                """,
            editorConfig: "JWT007.minimum_key_bits = 64");
    }

    // ---------------------------------------------------------------- Jwt.Net

    [Fact]
    public async Task JwtNetBuilderEncoderAndDecoder()
    {
        await VerifyAsync(
            """
            using System.Collections.Generic;
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;
            using JWT.Serializers;

            class C
            {
                string Build() => new JwtBuilder()
                    .WithAlgorithm(new HMACSHA256Algorithm())
                    .WithSecret([|"short-secret"|])
                    .AddClaim("sub", "1")
                    .Encode();

                // 32 bytes, but the chain uses HS512 (WithAlgorithm after WithSecret).
                string Build512() => new JwtBuilder()
                    .WithSecret([|"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|])
                    .WithAlgorithm(new HMACSHA512Algorithm())
                    .Encode();

                string Encode(object payload)
                {
                    var encoder = new JwtEncoder(new HMACSHA384Algorithm(), new JsonNetSerializer(), new JwtBase64UrlEncoder());
                    return encoder.Encode(payload, [|"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|]);
                }

                string Decode(IJwtDecoder decoder, string token) => decoder.Decode(token, [|new byte[] { 1, 2, 3 }|], verify: true);

                IDictionary<string, object> Decode2(IJwtDecoder decoder, string token) => decoder.DecodeToObject(token, new[] { [|"secret"|], "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7" }, verify: true);
            }
            """,
            TestReferences.JwtNet);
    }

    [Fact]
    public async Task JwtNetBuilderInALocal()
    {
        await VerifyAsync(
            """
            using JWT.Algorithms;
            using JWT.Builder;

            class C
            {
                string Build()
                {
                    var builder = new JwtBuilder();
                    builder.WithAlgorithm(new HMACSHA384Algorithm());
                    builder.WithSecret([|"k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"|]);
                    return builder.Encode();
                }
            }
            """,
            TestReferences.JwtNet);
    }

    [Fact]
    public async Task JwtNet6InstanceMethods()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using JWT;
                using JWT.Algorithms;
                using JWT.Serializers;

                class C
                {
                    string Encode(object payload)
                    {
                        IJwtEncoder encoder = new JwtEncoder(new HMACSHA256Algorithm(), new JsonNetSerializer(), new JwtBase64UrlEncoder());
                        return encoder.Encode(payload, [|"short"|]);
                    }

                    string Decode(IJwtDecoder decoder, string token) => decoder.Decode(token, [|"shhhhh"|], true);
                }
                """,
            References = TestReferences.Default.AddRange(TestReferences.FromPackage("JWT", "6.1.0", "netstandard2.0")).AddRange(TestReferences.FromOutput("Newtonsoft.Json.dll")),
        };
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- jose-jwt

    [Fact]
    public async Task JoseJwtAlgorithmDecidesTheSize()
    {
        await VerifyAsync(
            """
            using System.Text;
            using Jose;

            class C
            {
                static readonly byte[] Key32 = Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7");

                string A(object payload) => JWT.Encode(payload, Key32, JwsAlgorithm.HS256);
                string B(object payload) => JWT.Encode(payload, [|Key32|], JwsAlgorithm.HS512);
                string D(string token) => JWT.Decode(token, [|Key32|], JwsAlgorithm.HS384);
                string E(string token) => JWT.Decode(token, [|new byte[] { 1 }|]);
                string F(string token) => JWT.Verify(token, [|Encoding.UTF8.GetBytes("secret")|]);
                string G(object payload) => JWT.Encode(payload, [|Key32|], "HS512");
            }
            """,
            TestReferences.JoseJwt);
    }

    // ---------------------------------------------------------------- secure look-alikes

    [Fact]
    public async Task SecureLookAlikesStaySilent()
    {
        await VerifyAsync(Usings + """
            using Microsoft.Extensions.Configuration;

            class C
            {
                // Long enough, random-looking, not published.
                SecurityKey A() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"));

                // From configuration: unknown at compile time (FP guard: config values are not literals).
                SecurityKey B(IConfiguration config) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(config["Jwt:Key"]!));

                // From the environment.
                SecurityKey D() => new SymmetricSecurityKey(Convert.FromBase64String(Environment.GetEnvironmentVariable("JWT_KEY")!));

                // From a CSPRNG with the right size.
                SecurityKey E() => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64));

                // A parameter: nothing known.
                SecurityKey F(byte[] key) => new SymmetricSecurityKey(key);

                // HS512 with a 64-byte key.
                SigningCredentials G(IConfiguration config) => new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)), SecurityAlgorithms.HmacSha512);

                // Asymmetric keys are out of scope (CA5385 checks RSA sizes).
                SecurityKey H() => new RsaSecurityKey(RSA.Create(2048));

                // A symmetric key used only for encryption (A128KW needs 16 bytes): not an HMAC key.
                EncryptingCredentials I() => new EncryptingCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(16)), SecurityAlgorithms.Aes128KW, SecurityAlgorithms.Aes128CbcHmacSha256);

                // A local that is later overwritten by something unknown: not a compile-time value.
                SecurityKey J(IConfiguration config)
                {
                    var bytes = new byte[8];
                    bytes = Convert.FromBase64String(config["Jwt:Key"]!);
                    return new SymmetricSecurityKey(bytes);
                }
            }
            """);
    }

    [Fact]
    public async Task NoJwtLibraryNoAnalysis()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System.Text;
                class SymmetricSecurityKey { public SymmetricSecurityKey(byte[] key) { } }
                class C { object K() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("secret")); }
                """,
            References = TestReferences.FrameworkOnly,
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task HalfTypedCodeDoesNotThrow()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    SecurityKey A() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(
                    SecurityKey B() => new SymmetricSecurityKey(Encoding.Nope.GetBytes("x"));
                    SecurityKey D() => new SymmetricSecurityKey(new byte[] { 1, , 3 });
                    SecurityKey E() => new SymmetricSecurityKey([.. Missing]);
                    string F() => Jose.JWT.Encode(null, Key, );
                }
                """,
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- known limits

    [Fact]
    public async Task KeyPassedThroughAHelperMethodParameter()
    {
        // The flow engine follows the parameter to its call sites (a known false negative before the analysis core).
        await VerifyAsync(Usings + """
            class C
            {
                SecurityKey Create(string secret) => new SymmetricSecurityKey([|Encoding.UTF8.GetBytes(secret)|]);
                SecurityKey Use() => Create("short");
            }
            """);
    }

    [Fact]
    public async Task AlgorithmFromSigningCredentialsElsewhereInTheTypeForAFieldKey()
    {
        await VerifyAsync(Usings + """
            class C
            {
                private static readonly SymmetricSecurityKey Key = new([|Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7")|]);
                SigningCredentials Credentials() => new SigningCredentials(Key, SecurityAlgorithms.HmacSha512);
            }
            """);
    }

    [Fact]
    public async Task KnownLimit_SigningCredentialsInAnotherType()
    {
        // The algorithm is looked for in the same method or initializer, and in the declaring type for a key held
        // by a field: a 32-byte key used with HS512 by another class is checked against HS256.
        await VerifyAsync(Usings + """
            static class Keys
            {
                public static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7"));
            }

            class C
            {
                SigningCredentials Credentials() => new SigningCredentials(Keys.Key, SecurityAlgorithms.HmacSha512);
            }
            """);
    }

    [Fact]
    public async Task ShortKeyReturnedByAHelperInAnotherType()
    {
        await VerifyAsync(Usings + """
            static class Secrets { public static byte[] Signing() => Encoding.UTF8.GetBytes("too-short-key"); }
            class TokenIssuer
            {
                SecurityKey Key() => new SymmetricSecurityKey([|Secrets.Signing()|]);
            }
            """);
    }

    // ---------------------------------------------------------------- appsettings*.json

    [Fact]
    public async Task AppSettingsSecretTooShortOrWellKnown()
    {
        var test = new Verify.Test { TestCode = "class Program { }" };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            {
              "Jwt": {
                "Issuer": "https://issuer.example",
                "Key": {|#0:"dev-secret-1234"|}
              },
              "AppSettings": { "Secret": {|#1:"THIS IS USED TO SIGN AND VERIFY JWT TOKENS, REPLACE IT WITH YOUR OWN SECRET, IT CAN BE ANY STRING"|} },
              "TokenKey": {|#2:"SecretKeyOfDoomThatMustBeAMinimumNumberOfBytes"|},
              "JwtSettings": { "Secret": "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7Xa2Ee9Uu4Ii8Oo1Pp6Ww3Qq5Rr0Tt7Yy" }
            }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT007").WithLocation(0).WithArguments("Jwt:Key (appsettings.json)", "is 15 bytes (120 bits), but HS256 needs at least 32 bytes (256 bits); use a random key of 32 bytes or more"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT007").WithLocation(1).WithArguments("AppSettings:Secret (appsettings.json)", "is a well-known published secret: attackers try it first; use a random key from a secret store"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT007").WithLocation(2).WithArguments("TokenKey (appsettings.json)", "is a well-known published secret: attackers try it first; use a random key from a secret store"));
        await test.RunAsync();
    }

    [Fact]
    public async Task AppSettingsPlaceholderSentenceInsideALongerValue()
    {
        var test = new Verify.Test { TestCode = "class Program { }" };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.Production.json", """
            { "Jwt": { "SigningKey": {|#0:"my app secret - replace it with your own secret before deploying!!"|} } }
            """));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("JWT007").WithLocation(0).WithArguments("Jwt:SigningKey (appsettings.Production.json)", "is a well-known published secret: attackers try it first; use a random key from a secret store"));
        await test.RunAsync();
    }

    [Fact]
    public async Task NoDiagnostic_AppSettingsPlaceholdersAndStrongSecrets()
    {
        var test = new Verify.Test { TestCode = "class Program { }" };
        test.TestState.AdditionalFiles.Add(("/src/App/appsettings.json", """
            {
              "Jwt": { "Key": "", "Secret": "<set with dotnet user-secrets>", "SigningKey": "${JWT_SIGNING_KEY}" },
              "TokenKey": "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=",
              "Logging": { "Token": "short" }
            }
            """));
        await test.RunAsync();
    }
}
