using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer>;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotUseUnsignedTokensCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public sealed class DoNotUseUnsignedTokensTests
{
    private static Task VerifyAsync(string source, ImmutableArray<MetadataReference> references)
        => new Verify.Test { TestCode = source, References = references }.RunAsync();

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task IdentityModel_MissingSigningCredentials(string version)
        => VerifyAsync(Usings + """
            class C
            {
                string A(IEnumerable<Claim> claims)
                    => new JwtSecurityTokenHandler().WriteToken([|new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(5))|]);
                JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, [|null|]);
                JwtSecurityToken D(JwtPayload payload) => new JwtSecurityToken([|new JwtHeader()|], payload);
                string E(ClaimsIdentity subject)
                    => new JwtSecurityTokenHandler().[|CreateEncodedJwt(new SecurityTokenDescriptor { Subject = subject, Expires = DateTime.UtcNow.AddMinutes(5) })|];
                string F(ClaimsIdentity subject)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = subject };
                    var handler = new JwtSecurityTokenHandler();
                    return handler.WriteToken(handler.[|CreateToken(descriptor)|]);
                }
                string G(ClaimsIdentity subject) => new JsonWebTokenHandler().[|CreateToken(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = null })|];
                string H() => new JsonWebTokenHandler().[|CreateToken("{\"sub\":\"1\"}")|];
                string I(ClaimsIdentity subject) => new JwtSecurityTokenHandler().CreateEncodedJwt("iss", "aud", subject, null, null, null, [|null|]);
            }
            """, IdentityModelVersions.For(version));

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task ValidAlgorithms_ContainsNone(string version)
        => VerifyAsync(Usings + """
            class C
            {
                const string None = "none";
                TokenValidationParameters A() => new TokenValidationParameters { ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256, [|"none"|] } };
                void B(TokenValidationParameters p) { p.ValidAlgorithms = new List<string> { [|"NONE"|] }; }
                void D(TokenValidationParameters p) { p.ValidAlgorithms = new[] { [|None|] }; }
                void E(TokenValidationParameters p) { p.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, [|"none"|]]; }
            }
            """, IdentityModelVersions.For(version));

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task Secure_LookAlikes_IdentityModel(string version)
        => VerifyAsync(Usings + """
            class C
            {
                // FP guard: credentials passed (positional, named, in the descriptor, assigned later on the local).
                string A(IEnumerable<Claim> claims, SigningCredentials creds)
                    => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(5), creds));
                JwtSecurityToken B(SigningCredentials creds) => new JwtSecurityToken(issuer: "iss", signingCredentials: creds);
                string D(ClaimsIdentity subject, SigningCredentials creds)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = creds });
                string E(ClaimsIdentity subject, SigningCredentials creds)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = subject };
                    descriptor.SigningCredentials = creds;
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }
                // FP guard: the descriptor comes from elsewhere (parameter): not guessed.
                string F(SecurityTokenDescriptor descriptor) => new JsonWebTokenHandler().CreateToken(descriptor);
                // FP guard: JwtHeader with credentials; the CreateToken(payload, credentials) overload.
                JwtHeader G(SigningCredentials creds) => new JwtHeader(creds);
                string H(SigningCredentials creds) => new JsonWebTokenHandler().CreateToken("{}", creds);
                // FP guard: parsing a token string is not issuing one (that is JWT014's business).
                JwtSecurityToken I(string token) => new JwtSecurityToken(token);
                // FP guard: pinned algorithms without none.
                TokenValidationParameters J() => new TokenValidationParameters { ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 } };
            }
            """, IdentityModelVersions.For(version));

    [Fact]
    public Task JoseJwt_None()
        => VerifyAsync("""
            using Jose;
            class C
            {
                string A() => JWT.Encode("{}", null, [|JwsAlgorithm.none|]);
                string B() => JWT.Encode("{}", null, [|"none"|]);
                string D(string t) => JWT.Decode(t, null, [|JwsAlgorithm.none|]);
                // FP guard: deregistering none is the hardening step.
                void E() => JWT.DefaultSettings.DeregisterJws(JwsAlgorithm.none);
                // FP guard: a real algorithm.
                string F(byte[] key) => JWT.Encode("{}", key, JwsAlgorithm.HS256);
            }
            """, TestReferences.Default.AddRange(TestReferences.JoseJwt));

    [Fact]
    public Task JwtNet_NoneAlgorithm_FromVersion8_5()
        => VerifyAsync("""
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A() => JwtBuilder.Create().WithAlgorithm([|new NoneAlgorithm()|]).AddClaim("sub", "1").Encode();
                string B() => JwtBuilder.Create().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").AddClaim("sub", "1").Encode();
            }
            """, JwtNetStandIn.References(10));

    [Fact]
    public Task JwtNet_7x_HasNoNoneAlgorithm_NoDiagnostics()
        => VerifyAsync("""
            using JWT.Algorithms;
            using JWT.Builder;
            class C { string A() => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret("s").AddClaim("sub", "1").Encode(); }
            """, TestReferences.Default.AddRange(TestReferences.JwtNet));

    [Fact]
    public Task Fix_RemovesNone()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                class C
                {
                    TokenValidationParameters A() => new TokenValidationParameters { ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256, [|"none"|] } };
                    void B(TokenValidationParameters p) { p.ValidAlgorithms = new List<string> { [|"None"|], SecurityAlgorithms.RsaSha256 }; }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    TokenValidationParameters A() => new TokenValidationParameters { ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 } };
                    void B(TokenValidationParameters p) { p.ValidAlgorithms = new List<string> { SecurityAlgorithms.RsaSha256 }; }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task DescriptorBuiltInAnotherMethod()
        => VerifyAsync(Usings + """
            class C
            {
                static SecurityTokenDescriptor Make(ClaimsIdentity s) => new SecurityTokenDescriptor { Subject = s };
                // The flow engine follows the helper's return value (a known false negative before the analysis core).
                string A(ClaimsIdentity s) => new JsonWebTokenHandler().[|CreateToken(Make(s))|];
            }
            """, TestReferences.Default);
}

/// <summary>JWT002 fix that signs with the configured key through JwtAnalyzers.Runtime (offered only when it resolves).</summary>
public sealed class DoNotUseUnsignedTokensSigningFixTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using Microsoft.Extensions.Configuration;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    [Fact]
    public Task Fix_SignsWithConfiguredKey()
        => new CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotUseUnsignedTokensSigningCodeFix>.Test
        {
            TestCode = Usings + """
                class Issuer
                {
                    private readonly IConfiguration _configuration;
                    public Issuer(IConfiguration configuration) => _configuration = configuration;
                    JwtSecurityToken A(IEnumerable<Claim> claims) => [|new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(5))|];
                    JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, [|null|]);
                    string D(ClaimsIdentity subject) => new JsonWebTokenHandler().[|CreateToken(new SecurityTokenDescriptor { Subject = subject })|];
                    string E(ClaimsIdentity subject)
                    {
                        var descriptor = new SecurityTokenDescriptor { Subject = subject };
                        return new JsonWebTokenHandler().[|CreateToken(descriptor)|];
                    }
                }
                """,
            FixedCode = Usings.Replace("using System.Security.Claims;\n", "using System.Security.Claims;\nusing JwtAnalyzers.Runtime;\n") + """
                class Issuer
                {
                    private readonly IConfiguration _configuration;
                    public Issuer(IConfiguration configuration) => _configuration = configuration;
                    JwtSecurityToken A(IEnumerable<Claim> claims) => new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(5), signingCredentials: SafeTokenIssuer.CredentialsFromConfiguration(_configuration));
                    JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, SafeTokenIssuer.CredentialsFromConfiguration(_configuration));
                    string D(ClaimsIdentity subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = SafeTokenIssuer.CredentialsFromConfiguration(_configuration) });
                    string E(ClaimsIdentity subject)
                    {
                        var descriptor = new SecurityTokenDescriptor { Subject = subject, SigningCredentials = SafeTokenIssuer.CredentialsFromConfiguration(_configuration) };
                        return new JsonWebTokenHandler().CreateToken(descriptor);
                    }
                }
                """,
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
        }.RunAsync();

    [Fact]
    public Task Fix_FromEnvironment_WithoutConfiguration()
        => new CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotUseUnsignedTokensSigningCodeFix>.Test
        {
            // The runtime is referenced but no IConfiguration is reachable: the key comes from the environment, as the key fixes do.
            TestCode = Usings + """
                class Issuer
                {
                    JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, [|null|]);
                    string C(string payload) => new JsonWebTokenHandler().{|JWT002:CreateToken(payload)|};
                }
                """,
            FixedCode = Usings.Replace("using System.Security.Claims;\n", "using System.Security.Claims;\nusing JwtAnalyzers.Runtime;\n") + """
                class Issuer
                {
                    JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, new SigningCredentials(SigningKeys.FromEnvironment("JWT_SIGNING_KEY"), SecurityAlgorithms.HmacSha256));
                    string C(string payload) => new JsonWebTokenHandler().CreateToken(payload, new SigningCredentials(SigningKeys.FromEnvironment("JWT_SIGNING_KEY"), SecurityAlgorithms.HmacSha256));
                }
                """,
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
        }.RunAsync();

    [Fact]
    public Task NoFix_WithoutRuntime()
        => new CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotUseUnsignedTokensSigningCodeFix>.Test
        {
            TestCode = Usings + """
                class Issuer { JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, [|null|]); }
                """,
            FixedCode = Usings + """
                class Issuer { JwtSecurityToken B() => new JwtSecurityToken("iss", "aud", null, null, null, [|null|]); }
                """,
        }.RunAsync();

    [Fact]
    public Task NoDiagnostic_JwtHeaderKeptAliveForTheTrimmer()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            static class TrimmerRoots
            {
                static void Keep()
                {
                    _ = new JwtHeader();
                    System.GC.KeepAlive(new JwtHeader());
                }
            }
            """);
}
