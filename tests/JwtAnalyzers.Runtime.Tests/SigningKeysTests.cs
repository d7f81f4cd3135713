using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Tests;

public class SigningKeysTests
{
    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static WeakSigningKeyException LoadFails(string? value, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var configuration = TestTokens.Configuration(("Jwt:SigningKey", value));
        var e = Assert.Throws<WeakSigningKeyException>(() => SigningKeys.LoadHmacKey(configuration, "Jwt:SigningKey", algorithm));
        Assert.Equal("Jwt:SigningKey", e.KeySource);
        Assert.Contains("'Jwt:SigningKey'", e.Message);
        Assert.Contains("dotnet user-secrets set \"Jwt:SigningKey\"", e.Message);
        Assert.Contains("openssl rand -base64", e.Message);
        Assert.Contains("GenerateBase64Secret", e.Message);
        if (!string.IsNullOrWhiteSpace(value))
        {
            Assert.DoesNotContain(value.Trim(), e.Message, StringComparison.OrdinalIgnoreCase);
        }

        return e;
    }

    [Fact]
    public void LoadHmacKey_accepts_a_random_64_byte_key()
    {
        var secret = SigningKeys.GenerateBase64Secret();
        var key = SigningKeys.LoadHmacKey(TestTokens.Configuration(("Jwt:SigningKey", secret)));
        Assert.Equal(Convert.FromBase64String(secret), key.Key);
    }

    [Fact]
    public void LoadHmacKey_accepts_base64url_without_padding()
    {
        var bytes = RandomNumberGenerator.GetBytes(48);
        var key = SigningKeys.LoadHmacKey(TestTokens.Configuration(("Auth:Key", Base64UrlEncoder.Encode(bytes))), "Auth:Key", SecurityAlgorithms.HmacSha384);
        Assert.Equal(bytes, key.Key);
    }

    [Fact]
    public void LoadHmacKey_accepts_the_two_line_output_of_openssl_rand_base64_64()
    {
        var bytes = RandomNumberGenerator.GetBytes(64);
        var text = Convert.ToBase64String(bytes);
        var wrapped = text[..64] + "\n" + text[64..] + "\n";
        Assert.Equal(bytes, SigningKeys.LoadHmacKey(TestTokens.Configuration(("Jwt:SigningKey", wrapped))).Key);
        Assert.Equal(bytes, SigningKeys.FromBase64(Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks).Replace("\n", "\r\n")).Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void LoadHmacKey_refuses_a_missing_value(string? value)
    {
        var e = LoadFails(value);
        Assert.Contains("missing or empty", e.Message);
        Assert.Contains("Jwt__SigningKey", e.Message);
    }

    [Fact]
    public void LoadHmacKey_names_the_configuration_key_it_was_given()
    {
        var e = Assert.Throws<WeakSigningKeyException>(() => SigningKeys.LoadHmacKey(TestTokens.Configuration(), "Auth:Tokens:Secret"));
        Assert.Contains("'Auth:Tokens:Secret'", e.Message);
        Assert.Contains("dotnet user-secrets set \"Auth:Tokens:Secret\"", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_text_that_is_not_base64()
    {
        var e = LoadFails("Zm9v*YmFy+not=base64");
        Assert.Contains("not valid base64", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_a_key_shorter_than_HS256_needs()
    {
        var e = LoadFails(B64(RandomNumberGenerator.GetBytes(16)));
        Assert.Contains("128 bits (16 bytes)", e.Message);
        Assert.Contains("at least 256 bits (32 bytes)", e.Message);
        Assert.Contains("IDX10720", e.Message);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha384, 32, "384 bits (48 bytes)")]
    [InlineData(SecurityAlgorithms.HmacSha512, 48, "512 bits (64 bytes)")]
    [InlineData(SecurityAlgorithms.HmacSha512Signature, 32, "512 bits (64 bytes)")]
    public void LoadHmacKey_requires_the_hash_size_of_the_algorithm(string algorithm, int bytes, string expected)
    {
        var e = LoadFails(B64(RandomNumberGenerator.GetBytes(bytes)), algorithm);
        Assert.Contains(expected, e.Message);
        Assert.Contains($"{bytes * 8} bits", e.Message);
    }

    [Theory]
    [InlineData("your-256-bit-secret")]
    [InlineData("SuperSecretKey")]
    [InlineData("gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr9C")] // valid base64 (24 bytes) but a published secret
    public void LoadHmacKey_refuses_a_well_known_configured_string(string value)
    {
        var e = LoadFails(value);
        Assert.Contains("well-known secret", e.Message);
        Assert.Contains("rotate", e.Message);
    }

    [Theory]
    [InlineData("ThisIsMySecretKeyForJwtToken1234")]
    [InlineData("qwertyuiopasdfghjklzxcvbnm123456")]
    [InlineData("this is my custom secret key for authentication")]
    public void LoadHmacKey_refuses_a_key_that_decodes_to_a_well_known_secret(string text)
    {
        var e = LoadFails(B64(text));
        Assert.Contains("decodes to a well-known secret", e.Message);
        Assert.DoesNotContain(text, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<your-signing-key-here>")]
    [InlineData("${JWT_SECRET}")]
    [InlineData("CHANGEME")]
    public void LoadHmacKey_refuses_a_placeholder(string value)
    {
        var e = LoadFails(value);
        Assert.True(e.Message.Contains("placeholder") || e.Message.Contains("well-known"), e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_a_base64_encoded_placeholder()
    {
        var e = LoadFails(B64("please-changeme-before-going-to-production-0123456789"));
        Assert.Contains("placeholder", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_a_passphrase()
    {
        var e = LoadFails(B64("MyCompanyApiSigningPassword2024!MyCompanyApi"));
        Assert.Contains("passphrase", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_an_all_same_byte_key()
    {
        var e = LoadFails(B64(new byte[64]));
        Assert.Contains("every byte equal", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_a_repeated_block()
    {
        var block = RandomNumberGenerator.GetBytes(16);
        var e = LoadFails(B64(block.Concat(block).Concat(block).Concat(block).ToArray()));
        Assert.Contains("repeats the same 16-byte block", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_a_byte_sequence()
    {
        var e = LoadFails(B64(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray()));
        Assert.Contains("byte sequence", e.Message);
    }

    [Fact]
    public void LoadHmacKey_refuses_a_low_entropy_key()
    {
        var random = new Random(7);
        var bytes = Enumerable.Range(0, 64).Select(_ => (byte)random.Next(2)).ToArray();
        var e = LoadFails(B64(bytes));
        Assert.Contains("too little entropy", e.Message);
    }

    [Fact]
    public void FromEnvironment_names_the_variable_and_how_to_set_it()
    {
        var variable = "JWTANALYZERS_TEST_" + Guid.NewGuid().ToString("N");
        var e = Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromEnvironment(variable));
        Assert.Contains($"environment variable '{variable}'", e.Message);
        Assert.Contains($"export {variable}=\"$(openssl rand -base64 64)\"", e.Message);
        Assert.Equal(variable, e.KeySource);

        Environment.SetEnvironmentVariable(variable, B64(RandomNumberGenerator.GetBytes(8)));
        try
        {
            var tooShort = Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromEnvironment(variable));
            Assert.Contains("IDX10720", tooShort.Message);

            var secret = SigningKeys.GenerateBase64Secret();
            Environment.SetEnvironmentVariable(variable, secret);
            Assert.Equal(64, SigningKeys.FromEnvironment(variable, SecurityAlgorithms.HmacSha512).Key.Length);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void FromBase64_and_FromBytes_apply_the_same_checks()
    {
        Assert.Contains("IDX10720", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBase64(B64(RandomNumberGenerator.GetBytes(31)))).Message);
        Assert.Contains("missing", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBase64("")).Message);
        Assert.Contains("IDX10720", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBytes(RandomNumberGenerator.GetBytes(20))).Message);
        Assert.Contains("missing", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBytes(Array.Empty<byte>())).Message);
        Assert.Contains("well-known", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromBytes(Encoding.UTF8.GetBytes("ThisIsMySecretKeyForJwtToken1234"))).Message);

        var bytes = RandomNumberGenerator.GetBytes(32);
        var key = SigningKeys.FromBytes(bytes);
        Assert.Equal(bytes, key.Key);
        bytes[0] ^= 0xFF;
        Assert.NotEqual(bytes, key.Key); // the key holds a copy
    }

    [Fact]
    public void Generated_keys_are_random_and_long_enough()
    {
        var a = SigningKeys.GenerateBase64Secret();
        var b = SigningKeys.GenerateBase64Secret();
        Assert.NotEqual(a, b);
        Assert.Equal(64, Convert.FromBase64String(a).Length);
        Assert.Equal(32, Convert.FromBase64String(SigningKeys.GenerateBase64Secret(32)).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => SigningKeys.GenerateBase64Secret(16));
        Assert.Equal(64, SigningKeys.Generate(SecurityAlgorithms.HmacSha512).Key.Length);
        Assert.Equal(64, SigningKeys.Generate().Key.Length);
        SigningKeys.FromBase64(a, SecurityAlgorithms.HmacSha512); // passes every check
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha256, 32)]
    [InlineData(SecurityAlgorithms.HmacSha384, 48)]
    [InlineData(SecurityAlgorithms.HmacSha512, 64)]
    [InlineData(SecurityAlgorithms.HmacSha256Signature, 32)]
    [InlineData(SecurityAlgorithms.HmacSha384Signature, 48)]
    [InlineData(SecurityAlgorithms.HmacSha512Signature, 64)]
    public void MinimumKeyBytes_is_the_hash_size(string algorithm, int expected) =>
        Assert.Equal(expected, SigningKeys.MinimumKeyBytes(algorithm));

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256, "FromPublicKeyPem")]
    [InlineData("none", "not a signing algorithm")]
    public void MinimumKeyBytes_refuses_non_hmac_algorithms(string algorithm, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => SigningKeys.MinimumKeyBytes(algorithm));
        Assert.Contains(expected, e.Message);
        Assert.Throws<ArgumentException>(() => SigningKeys.LoadHmacKey(TestTokens.Configuration(), "Jwt:SigningKey", algorithm));
    }

    [Fact]
    public void The_shared_well_known_list_is_embedded()
    {
        Assert.True(WellKnownSecrets.Count > 50);
        Assert.True(WellKnownSecrets.Contains("  YOUR-256-BIT-SECRET "));
        Assert.False(WellKnownSecrets.Contains("# Well-known JWT signing secrets"));
    }

    [Fact]
    public void FromPublicKeyPem_loads_rsa_public_keys()
    {
        using var rsa = RSA.Create(2048);
        var key = Assert.IsType<RsaSecurityKey>(SigningKeys.FromPublicKeyPem(rsa.ExportSubjectPublicKeyInfoPem()));
        Assert.Equal(2048, key.KeySize);
        Assert.IsType<RsaSecurityKey>(SigningKeys.FromPublicKeyPem(rsa.ExportRSAPublicKeyPem()));
    }

    [Fact]
    public void FromPublicKeyPem_loads_ec_public_keys()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.IsType<ECDsaSecurityKey>(SigningKeys.FromPublicKeyPem(ec.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void FromPublicKeyPem_loads_certificates()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=issuer.test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Assert.IsType<X509SecurityKey>(SigningKeys.FromPublicKeyPem(certificate.ExportCertificatePem()));
    }

    [Fact]
    public void FromPublicKeyPem_refuses_private_keys_short_rsa_keys_and_garbage()
    {
        using var rsa = RSA.Create(2048);
        var privatePem = rsa.ExportPkcs8PrivateKeyPem();
        var e = Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromPublicKeyPem(privatePem));
        Assert.Contains("private key", e.Message);
        Assert.DoesNotContain(privatePem.Split('\n')[1], e.Message);

        using var small = RSA.Create(1024);
        Assert.Contains("1024 bits", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromPublicKeyPem(small.ExportSubjectPublicKeyInfoPem())).Message);
        Assert.Contains("not a PEM-encoded", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromPublicKeyPem("hello")).Message);
        Assert.Contains("missing", Assert.Throws<WeakSigningKeyException>(() => SigningKeys.FromPublicKeyPem(" ")).Message);
    }
}

public class SigningKeysRandomKeyTests
{
    [Theory]
    [InlineData(32, SecurityAlgorithms.HmacSha256)]
    [InlineData(48, SecurityAlgorithms.HmacSha384)]
    [InlineData(64, SecurityAlgorithms.HmacSha512)]
    public void Random_keys_are_never_refused(int bytes, string algorithm)
    {
        for (var i = 0; i < 3000; i++)
        {
            var key = RandomNumberGenerator.GetBytes(bytes);
            SigningKeys.FromBytes(key, algorithm);
            SigningKeys.FromBase64(Convert.ToBase64String(key), algorithm);
            SigningKeys.FromBase64(Base64UrlEncoder.Encode(key), algorithm);
        }
    }

    [Fact]
    public void Random_printable_passwords_of_64_characters_are_accepted()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < 2000; i++)
        {
            var text = RandomNumberGenerator.GetString(alphabet, 64);
            SigningKeys.FromBase64(Convert.ToBase64String(Encoding.ASCII.GetBytes(text)));
        }
    }

    [Fact]
    public void KnownLimit_a_hashed_password_looks_random_and_is_accepted()
    {
        // SHA-256 of a password is 32 uniformly distributed bytes: no runtime heuristic can tell it from a random key.
        // The JWT007 analyzer flags this shape at compile time when the password is a literal.
        var stretched = SHA256.HashData(Encoding.UTF8.GetBytes("password"));
        Assert.Equal(32, SigningKeys.FromBytes(stretched).Key.Length);
    }
}
