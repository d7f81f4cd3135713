using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Tests.Verifiers;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotUseUnsignedTokensAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotUseUnsignedTokensJoseCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT002 fix for jose-jwt: an unsigned <c>JWT.Encode(..., null, JwsAlgorithm.none)</c> is signed through the runtime instead.</summary>
public class DoNotUseUnsignedTokensJoseFixTests
{
    private static Task VerifyAsync(string source, string fixedSource) => new VerifyFix.Test
    {
        TestCode = source,
        FixedCode = fixedSource,
        References = TestReferences.Default.AddRange(TestReferences.JoseJwt).AddRange(TestReferences.Runtime),
    }.RunAsync();

    [Fact]
    public Task SignsWithTheConfiguredKey_FixAll()
        => VerifyAsync("""
            using Jose;
            using Microsoft.Extensions.Configuration;
            class TokenIssuer
            {
                private readonly IConfiguration _configuration;
                public TokenIssuer(IConfiguration configuration) => _configuration = configuration;
                public string A(object payload) => JWT.Encode(payload, null, [|JwsAlgorithm.none|]);
                public string B(string json) => JWT.Encode(json, null, [|JwsAlgorithm.none|]);
            }
            """, """
            using Jose;
            using JwtAnalyzers.Runtime;
            using Microsoft.Extensions.Configuration;
            class TokenIssuer
            {
                private readonly IConfiguration _configuration;
                public TokenIssuer(IConfiguration configuration) => _configuration = configuration;
                public string A(object payload) => JWT.Encode(payload, SigningKeys.LoadHmacKeyBytes(_configuration), JwsAlgorithm.HS256);
                public string B(string json) => JWT.Encode(json, SigningKeys.LoadHmacKeyBytes(_configuration), JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task KeyFromEnvironmentWithoutConfigurationInScope()
        => VerifyAsync("""
            using Jose;
            class TokenIssuer
            {
                public string A(object payload) => JWT.Encode(payload, null, [|JwsAlgorithm.none|]);
            }
            """, """
            using Jose;
            using JwtAnalyzers.Runtime;
            class TokenIssuer
            {
                public string A(object payload) => JWT.Encode(payload, SigningKeys.BytesFromEnvironment("JWT_SIGNING_KEY"), JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task NotOfferedForDecoding()
    {
        // Accepting none is fixed by passing the key and the expected algorithm, which the fix cannot know.
        const string source = """
            using Jose;
            using Microsoft.Extensions.Configuration;
            class C
            {
                public string D(string token, IConfiguration configuration) => JWT.Decode(token, null, [|JwsAlgorithm.none|]);
            }
            """;
        return VerifyAsync(source, source);
    }
}
