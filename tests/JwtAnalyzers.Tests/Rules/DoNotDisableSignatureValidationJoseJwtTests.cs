using JwtAnalyzers.Tests.Verifiers;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotDisableSignatureValidationJoseJwtAnalyzer>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT001 for jose-jwt 5.3.0 (real package).</summary>
public sealed class DoNotDisableSignatureValidationJoseJwtTests
{
    private static Task VerifyAsync(string source)
        => new Verify.Test { TestCode = source, References = TestReferences.Default.AddRange(TestReferences.JoseJwt) }.RunAsync();

    [Fact]
    public Task NoKey_AcceptsAlgNone()
        => VerifyAsync("""
            using System.Collections.Generic;
            using Jose;
            class C
            {
                const object NoKey = null!;
                string A(string t) => JWT.[|Decode(t)|];
                string B(string t) => JWT.Decode(t, [|null|]);
                string D(string t) => JWT.Verify(t, [|null|]);
                IDictionary<string, object> E(string t) => JWT.[|Decode<IDictionary<string, object>>(t)|];
                byte[] F(string t) => JWT.[|DecodeBytes(t)|];
                byte[] G(string t) => JWT.VerifyBytes(t, [|null|]);
                string H(string t) => Jose.JWT.Decode(t, [|NoKey|]);
                string I(string t) { object? key = null; return JWT.Decode(t, [|key|]); }
            }
            """);

    [Fact]
    public Task Secure_LookAlikes()
        => VerifyAsync("""
            using Jose;
            class C
            {
                // FP guard: a non-null key makes jose-jwt reject 'none' (Plaintext expects a null key).
                string A(string t, byte[] key) => JWT.Decode(t, key);
                string B(string t, byte[] key) => JWT.Verify(t, key, JwsAlgorithm.HS256);
                // FP guard: an expected algorithm other than none rejects 'none' even without a key.
                string D(string t) => JWT.Decode(t, null, JwsAlgorithm.HS256);
                // FP guard: Payload/Headers are JWT014's business (untrusted reads), not a verification call.
                string E(string t) => JWT.Payload(t);
                // FP guard: encoding.
                string F(byte[] key) => JWT.Encode("{}", key, JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task KeyFromAnotherMethodReturningNull()
        => VerifyAsync("""
            using Jose;
            class C
            {
                static object? LoadKey() => null;
                // The flow engine follows the helper's return value (a known false negative before the analysis core).
                string A(string t) => JWT.Decode(t, [|LoadKey()|]);
            }
            """);
}
