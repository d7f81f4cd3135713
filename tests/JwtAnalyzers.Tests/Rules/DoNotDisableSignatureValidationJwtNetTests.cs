using System.Collections.Immutable;
using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Rules;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotDisableSignatureValidationJwtNetAnalyzer>;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotDisableSignatureValidationJwtNetAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotDisableSignatureValidationJwtNetCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT001 for Jwt.Net: real JWT 7.3.1 and 6.1.0; stand-in assemblies only for the unserved majors 8 to 11.</summary>
public sealed class DoNotDisableSignatureValidationJwtNetTests
{
    private static ImmutableArray<MetadataReference> Jwt7 => TestReferences.Default.AddRange(TestReferences.JwtNet);

    private static ImmutableArray<MetadataReference> Jwt6 => TestReferences.Default.AddRange(TestReferences.FromPackage("JWT", "6.1.0", "netstandard2.0"));

    private static Task VerifyAsync(string source, ImmutableArray<MetadataReference> references)
        => new Verify.Test { TestCode = source, References = references }.RunAsync();

    private static Task VerifyFixAsync(string source, string fixedSource, ImmutableArray<MetadataReference> references, int fixAllIterations = 1)
        => new VerifyFix.Test { TestCode = source, FixedCode = fixedSource, References = references, NumberOfFixAllIterations = fixAllIterations }.RunAsync();

    private const string Usings = """
        using System.Collections.Generic;
        using JWT;
        using JWT.Algorithms;
        using JWT.Builder;
        using JWT.Serializers;

        """;

    // ---------- Jwt.Net 7.3.1 (real package) ----------

    [Fact]
    public Task Builder_Decode_WithoutMustVerifySignature_7x()
        => VerifyAsync(Usings + """
            class C
            {
                string M(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret").[|Decode(token)|];
                IDictionary<string, object> Typed(string token) => new JwtBuilder().WithSecret("secret").[|Decode<IDictionary<string, object>>(token)|];
            }
            """, Jwt7);

    [Fact]
    public Task Builder_ThroughLocal_WithoutMustVerifySignature_7x()
        => VerifyAsync(Usings + """
            class C
            {
                string M(string token)
                {
                    var builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("secret");
                    return builder.[|Decode(token)|];
                }
            }
            """, Jwt7);

    /// <summary>A project's own <c>MustVerifySignature(...)</c> extension is not the library's setting: the decode still skips verification.</summary>
    [Fact]
    public Task Builder_ProjectExtensionNamedLikeTheSetting_7x()
        => VerifyAsync(Usings + """
            static class BuilderExtensions
            {
                public static JwtBuilder MustVerifySignature(this JwtBuilder builder, string reason) => builder;
            }

            class C
            {
                string M(string token) => new JwtBuilder().WithSecret("secret").MustVerifySignature("audited").[|Decode(token)|];
                string N(string token) => new JwtBuilder().WithSecret("secret").MustVerifySignature().Decode(token);
            }
            """, Jwt7);

    [Fact]
    public Task Builder_DoNotVerifySignature_And_WithVerifySignatureFalse()
        => VerifyAsync(Usings + """
            class C
            {
                const bool Off = false;
                string A(string token) => new JwtBuilder().WithSecret("s").[|DoNotVerifySignature()|].Decode(token);
                string B(string token) => new JwtBuilder().WithSecret("s").WithVerifySignature([|false|]).Decode(token);
                string D(string token) => new JwtBuilder().WithSecret("s").WithVerifySignature([|Off|]).Decode(token);
            }
            """, Jwt7);

    [Fact]
    public Task Decoder_VerifyFalse_NamedAndPositional_7x()
        => VerifyAsync(Usings + """
            class C
            {
                string A(IJwtDecoder decoder, string token, string key) => decoder.Decode(token, key, [|false|]);
                string B(IJwtDecoder decoder, string token, string key) => decoder.Decode(token, key, [|verify: false|]);
                IDictionary<string, object> D(IJwtDecoder decoder, string token, byte[] key) => decoder.DecodeToObject(token, key, [|false|]);
                string E(IJwtDecoder decoder, string token, string key) => JwtDecoderExtensions.Decode(decoder, token, key, [|false|]);
                string F(IJwtDecoder decoder, JwtParts parts, byte[] key) => decoder.Decode(parts, key, [|false|]);
            }
            """, Jwt7);

    [Fact]
    public Task Decoder_OverloadsWithoutKey_NeverVerify_7x()
        => VerifyAsync(Usings + """
            class C
            {
                string A(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|];
                IDictionary<string, object> B(IJwtDecoder decoder, string token) => decoder.[|DecodeToObject(token)|];
                Dictionary<string, object> D(IJwtDecoder decoder, string token) => decoder.[|DecodeToObject<Dictionary<string, object>>(token)|];
                string E(JwtDecoder decoder, JwtParts parts) => decoder.[|Decode(parts)|];
                string F(IJwtDecoder decoder, string token) => JwtDecoderExtensions.[|Decode(decoder, token)|];
            }
            """, Jwt7);

    // ---------- Jwt.Net 6.1.0 (real package): the same shapes are instance methods there ----------

    [Fact]
    public Task Decoder_And_Builder_6x()
        => VerifyAsync(Usings + """
            class C
            {
                string A(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|];
                string B(IJwtDecoder decoder, string token, string key) => decoder.Decode(token, key, [|verify: false|]);
                IDictionary<string, object> D(IJwtDecoder decoder, string token) => decoder.[|DecodeToObject(token)|];
                string E(string token) => new JwtBuilder().WithSecret("s").[|Decode(token)|];
                string F(string token) => new JwtBuilder().[|DoNotVerifySignature()|].Decode(token);
            }
            """, Jwt6);

    // ---------- secure look-alikes (each names the false positive it guards against) ----------

    [Fact]
    public Task Secure_LookAlikes_7x()
        => VerifyAsync(Usings + """
            class C
            {
                // FP guard: MustVerifySignature() anywhere in the chain, before or after the secret.
                string A(string token) => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").MustVerifySignature().Decode(token);
                string B(string token) => new JwtBuilder().MustVerifySignature().WithSecret("s").Decode(token);
                // FP guard: WithVerifySignature(true) / a non-constant value.
                string D(string token) => new JwtBuilder().WithSecret("s").WithVerifySignature(true).Decode(token);
                string E(string token, bool verify) => new JwtBuilder().WithSecret("s").WithVerifySignature(verify).Decode(token);
                // FP guard: the builder comes from elsewhere (a factory we cannot see): no guess.
                string F(JwtBuilder builder, string token) => builder.Decode(token);
                // FP guard: MustVerifySignature() called as a statement on the local before Decode.
                string G(string token)
                {
                    var builder = new JwtBuilder().WithSecret("s");
                    builder.MustVerifySignature();
                    return builder.Decode(token);
                }
                // FP guard: verify: true / non-constant verify.
                string H(IJwtDecoder decoder, string token, string key) => decoder.Decode(token, key, verify: true);
                string I(IJwtDecoder decoder, string token, string key, bool verify) => decoder.Decode(token, key, verify);
                // FP guard: DecodeHeader reads only the header to pick a key before verifying.
                string J(IJwtDecoder decoder, string token) => decoder.DecodeHeader<JwtHeader>(new JwtParts(token)).KeyId;
                // FP guard: encoding is not decoding.
                string K() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").AddClaim("sub", "1").Encode();
            }
            """, Jwt7);

    [Fact]
    public Task NotReferenced_NoDiagnostics()
        => VerifyAsync("""
            class JwtBuilder { public JwtBuilder DoNotVerifySignature() => this; public string Decode(string t) => t; }
            class C { string M(string t) => new JwtBuilder().DoNotVerifySignature().Decode(t); }
            """, TestReferences.Default);

    // ---------- version logic on unserved majors (stand-in JWT assembly with the version the test supplies) ----------

    [Fact]
    public Task Version8_BuilderDefaultStillUnverified()
        => VerifyAsync(Usings.Replace("using JWT.Serializers;\n", "") + """
            class C
            {
                string A(string token) => JwtBuilder.Create().WithSecret("s").[|Decode(token)|];
                string B(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|];
                string D(string token) => JwtBuilder.Create().WithSecret("s").MustVerifySignature().Decode(token);
            }
            """, JwtNetStandIn.References(8));

    [Fact]
    public Task Version9_BuilderVerifiesByDefault_DecoderDoesNot()
        => VerifyAsync(Usings.Replace("using JWT.Serializers;\n", "") + """
            class C
            {
                // 9.x: JwtBuilder verifies by default (no finding), the decoder overload without key still does not.
                string A(string token) => JwtBuilder.Create().WithSecret("s").Decode(token);
                string B(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|];
                string D(string token) => JwtBuilder.Create().WithSecret("s").WithValidationParameters([|ValidationParameters.None|]).Decode(token);
                string E(string token) => JwtBuilder.Create().WithSecret("s").[|DoNotVerifySignature()|].Decode(token);
                void F() { var p = ValidationParameters.Default; [|p.ValidateSignature = false|]; }
            }
            """, JwtNetStandIn.References(9));

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    public Task Version10And11_DefaultsVerify_NoFalsePositive(int major)
        => VerifyAsync(Usings.Replace("using JWT.Serializers;\n", "") + """
            class C
            {
                // FP guard (Sonar S5659's known false positive): these verify from 10.x on.
                string A(string token) => JwtBuilder.Create().WithSecret("s").Decode(token);
                string B(IJwtDecoder decoder, string token) => decoder.Decode(token);
                string D(IJwtDecoder decoder, string token) => decoder.DecodeToObject<string>(token);
                // Still a finding on every version: explicit opt-outs.
                string E(IJwtDecoder decoder, string token) => decoder.Decode(token, [|verify: false|]);
                string F(string token) => JwtBuilder.Create().WithSecret("s").WithValidationParameters(p => [|p.ValidateSignature = false|]).Decode(token);
                string G(string token) => JwtBuilder.Create().WithVerifySignature([|false|]).Decode(token);
            }
            """, JwtNetStandIn.References(major));

    [Fact]
    public Task JwtAuthenticationOptions_VerifySignatureFalse()
        => VerifyAsync(Usings + """
            namespace JWT.Extensions.AspNetCore
            {
                // JWT.Extensions.AspNetCore is not served by the package mirror: its one relevant type, declared under
                // its real namespace with its real shape (VerifySignature defaults to true).
                public class JwtAuthenticationOptions { public string[] Keys { get; set; } = new string[0]; public bool VerifySignature { get; set; } = true; }
            }
            class C
            {
                void M(JWT.Extensions.AspNetCore.JwtAuthenticationOptions o)
                {
                    [|o.VerifySignature = false|];
                    o.VerifySignature = true;
                }
            }
            """, Jwt7);

    // ---------- code fixes (2+ diagnostics: Fix All runs too) ----------

    [Fact]
    public Task Fix_InsertMustVerifySignature()
        => VerifyFixAsync(Usings + """
            class C
            {
                string A(string token) => new JwtBuilder().WithSecret("s").[|Decode(token)|];
                string B(string token) => new JwtBuilder()
                    .WithSecret("s")
                    .[|Decode(token)|];
            }
            """, Usings + """
            class C
            {
                string A(string token) => new JwtBuilder().WithSecret("s").MustVerifySignature().Decode(token);
                string B(string token) => new JwtBuilder()
                    .WithSecret("s").MustVerifySignature()
                    .Decode(token);
            }
            """, Jwt7);

    [Fact]
    public Task Fix_DoNotVerify_And_VerifyFalse()
        => VerifyFixAsync(Usings + """
            class C
            {
                string A(string token) => new JwtBuilder().WithSecret("s").[|DoNotVerifySignature()|].Decode(token);
                string B(string token) => new JwtBuilder().WithSecret("s").WithVerifySignature([|false|]).Decode(token);
                string D(IJwtDecoder decoder, string token, string key) => decoder.Decode(token, key, [|verify: false|]);
            }
            """, Usings + """
            class C
            {
                string A(string token) => new JwtBuilder().WithSecret("s").MustVerifySignature().Decode(token);
                string B(string token) => new JwtBuilder().WithSecret("s").WithVerifySignature(true).Decode(token);
                string D(IJwtDecoder decoder, string token, string key) => decoder.Decode(token, key, verify: true);
            }
            """, Jwt7, fixAllIterations: 2);

    [Fact]
    public Task Fix_ValidationParametersNone_9x()
        => VerifyFixAsync(Usings.Replace("using JWT.Serializers;\n", "") + """
            class C
            {
                string A(string token) => JwtBuilder.Create().WithSecret("s").WithValidationParameters([|ValidationParameters.None|]).Decode(token);
                ValidationParameters B() => [|JWT.ValidationParameters.None|];
            }
            """, Usings.Replace("using JWT.Serializers;\n", "") + """
            class C
            {
                string A(string token) => JwtBuilder.Create().WithSecret("s").WithValidationParameters(ValidationParameters.Default).Decode(token);
                ValidationParameters B() => JWT.ValidationParameters.Default;
            }
            """, JwtNetStandIn.References(9));

    [Fact]
    public Task Fix_ValidateSignatureFalse_SetTrue_UsesSharedFix()
        => new CSharpCodeFixVerifier<DoNotDisableSignatureValidationJwtNetAnalyzer, DoNotDisableSignatureValidationCodeFix>.Test
        {
            TestCode = Usings.Replace("using JWT.Serializers;\n", "") + """
                class C
                {
                    void M() { var p = ValidationParameters.Default; [|p.ValidateSignature = false|]; }
                    ValidationParameters N() => new ValidationParameters { [|ValidateSignature = false|] };
                }
                """,
            FixedCode = Usings.Replace("using JWT.Serializers;\n", "") + """
                class C
                {
                    void M() { var p = ValidationParameters.Default; p.ValidateSignature = true; }
                    ValidationParameters N() => new ValidationParameters { ValidateSignature = true };
                }
                """,
            References = JwtNetStandIn.References(9),
        }.RunAsync();

    [Fact]
    public Task NoFix_DecoderDefaultOverload_NeedsAKey()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                class C { string A(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|]; }
                """,
            FixedCode = Usings + """
                class C { string A(IJwtDecoder decoder, string token) => decoder.[|Decode(token)|]; }
                """,
            References = Jwt7,
        }.RunAsync();

    // ---------- known limits ----------

    [Fact]
    public Task KnownLimit_BuilderFromAFactoryMethod_IsNotFollowed()
        => VerifyAsync(Usings + """
            class C
            {
                static JwtBuilder Make() => new JwtBuilder().WithSecret("s");
                // Unverified on 7.x, but the builder comes from another method: not followed (intra-procedural only).
                string A(string token) => Make().Decode(token);
            }
            """, Jwt7);

    [Fact]
    public Task KnownLimit_ConditionalVerification_LastCallInSourceOrderWins()
        => VerifyAsync(Usings + """
            class C
            {
                string A(string token, bool strict)
                {
                    var builder = new JwtBuilder().WithSecret("s");
                    if (strict) { builder.MustVerifySignature(); }
                    // Not verified when strict is false; the rule sees a MustVerifySignature() call and stays silent.
                    return builder.Decode(token);
                }
            }
            """, Jwt7);
}
