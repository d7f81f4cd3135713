using JwtAnalyzers.Rules;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotDisableLifetimeValidationAnalyzer>;

namespace JwtAnalyzers.Tests.Rules;

public class SmokeTests
{
    [Fact]
    public Task Initializer()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new TokenValidationParameters { {|JWT003:ValidateLifetime = false|} };
            }
            """);
}
