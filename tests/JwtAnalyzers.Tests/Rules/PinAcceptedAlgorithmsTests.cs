using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.PinAcceptedAlgorithmsAnalyzer>;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.PinAcceptedAlgorithmsAnalyzer, JwtAnalyzers.CodeFixes.Rules.PinAcceptedAlgorithmsCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT015 is disabled by default: every test turns it on the way the strict preset does.</summary>
public sealed class PinAcceptedAlgorithmsTests
{
    private const string Enable = "dotnet_diagnostic.JWT015.severity = warning";

    private static Task VerifyAsync(string source, ImmutableArray<MetadataReference> references)
        => new Verify.Test { TestCode = source, References = references, EditorConfig = Enable }.RunAsync();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Security.Cryptography;
        using Microsoft.IdentityModel.Tokens;

        """;

    [Fact]
    public void DisabledByDefault()
    {
        // The testing framework reports every diagnostic regardless of default enablement, so the descriptor is checked.
        Assert.False(JwtAnalyzers.Rules.PinAcceptedAlgorithmsAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal(DiagnosticSeverity.Warning, JwtAnalyzers.Rules.PinAcceptedAlgorithmsAnalyzer.Rule.DefaultSeverity);
    }

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task TokenValidationParameters_MixedKeysOrResolver(string version)
        => VerifyAsync(Usings + """
            class C
            {
                TokenValidationParameters A(RSA rsa, byte[] secret)
                    => [|new TokenValidationParameters|] { ValidIssuer = "i", IssuerSigningKeys = new SecurityKey[] { new RsaSecurityKey(rsa), new SymmetricSecurityKey(secret) } };
                TokenValidationParameters B(IEnumerable<SecurityKey> keys)
                    => [|new TokenValidationParameters|] { IssuerSigningKeys = keys };
                TokenValidationParameters D(Func<string, IEnumerable<SecurityKey>> lookup)
                    => [|new TokenValidationParameters|] { IssuerSigningKeyResolver = (token, securityToken, kid, p) => lookup(kid) };
            }
            """, IdentityModelVersions.For(version));

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task Secure_LookAlikes_IdentityModel(string version)
        => VerifyAsync(Usings + """
            class C
            {
                // FP guard: one key, one type: the key itself admits only its family.
                TokenValidationParameters A(byte[] secret) => new TokenValidationParameters { IssuerSigningKey = new SymmetricSecurityKey(secret) };
                // FP guard: several keys of one family.
                TokenValidationParameters B(RSA a, RSA b) => new TokenValidationParameters { IssuerSigningKeys = new[] { new RsaSecurityKey(a), new RsaSecurityKey(b) } };
                // FP guard: ValidAlgorithms pinned (in the initializer or later on the local).
                TokenValidationParameters D(IEnumerable<SecurityKey> keys) => new TokenValidationParameters { IssuerSigningKeys = keys, ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 } };
                TokenValidationParameters E(IEnumerable<SecurityKey> keys)
                {
                    var p = new TokenValidationParameters { IssuerSigningKeys = keys };
                    p.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                    return p;
                }
            }
            """, IdentityModelVersions.For(version));

    [Fact]
    public Task JoseJwt_Decode_WithoutExpectedAlgorithm()
        => VerifyAsync("""
            using System.Security.Cryptography;
            using Jose;
            class C
            {
                string A(string t, RSA key) => JWT.[|Decode(t, key)|];
                byte[] B(string t, byte[] key) => JWT.[|DecodeBytes(t, key)|];
                // FP guard: expected algorithm given; Verify only verifies (no JWE path).
                string D(string t, RSA key) => JWT.Decode(t, key, JwsAlgorithm.RS256);
                string E(string t, RSA key) => JWT.Verify(t, key, JwsAlgorithm.RS256);
                // FP guard: no key at all is JWT001's business, not reported twice.
                string F(string t) => JWT.Decode(t);
            }
            """, TestReferences.Default.AddRange(TestReferences.JoseJwt));

    [Fact]
    public Task JwtNet_DelegateAlgorithmFactory_MixedFamilies()
        => VerifyAsync("""
            using System.Security.Cryptography;
            using JWT.Algorithms;
            class C
            {
                static bool useRsa;
                IAlgorithmFactory A(RSA pub) => [|new DelegateAlgorithmFactory(() => useRsa ? (IJwtAlgorithm)new RS256Algorithm(pub) : new HMACSHA256Algorithm())|];
                // FP guard: one family.
                IAlgorithmFactory B() => new DelegateAlgorithmFactory(() => new HMACSHA256Algorithm());
            }
            """, TestReferences.Default.AddRange(TestReferences.JwtNet));

    [Fact]
    public Task Fix_PinsAlgorithms_And_ExpectsJoseAlgorithm()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                using Jose;
                class C
                {
                    TokenValidationParameters A(RSA rsa, byte[] secret)
                        => [|new TokenValidationParameters|] { IssuerSigningKeys = new SecurityKey[] { new RsaSecurityKey(rsa), new SymmetricSecurityKey(secret) } };
                    string B(string t, RSA key) => JWT.[|Decode(t, key)|];
                    string D(string t, byte[] key) => JWT.[|Decode(t, key)|];
                }
                """,
            FixedCode = Usings + """
                using Jose;
                class C
                {
                    TokenValidationParameters A(RSA rsa, byte[] secret)
                        => new TokenValidationParameters { IssuerSigningKeys = new SecurityKey[] { new RsaSecurityKey(rsa), new SymmetricSecurityKey(secret) }, ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256 } };
                    string B(string t, RSA key) => JWT.Decode(t, key, JwsAlgorithm.RS256);
                    string D(string t, byte[] key) => JWT.Decode(t, key, JwsAlgorithm.HS256);
                }
                """,
            References = TestReferences.Default.AddRange(TestReferences.JoseJwt),
            EditorConfig = Enable,
            NumberOfFixAllIterations = 2,
        }.RunAsync();

    [Fact]
    public Task KnownLimit_KeysAssignedAfterConstruction()
        => VerifyAsync(Usings + """
            class C
            {
                TokenValidationParameters A(RSA rsa, byte[] secret)
                {
                    // Mixed keys set after an empty construction: the rule starts from initializers only.
                    var p = new TokenValidationParameters();
                    p.IssuerSigningKeys = new SecurityKey[] { new RsaSecurityKey(rsa), new SymmetricSecurityKey(secret) };
                    return p;
                }
            }
            """, TestReferences.Default);
}
