using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.InvalidOptionValueAnalyzer>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT900: an option value the rule cannot read is reported, never silently ignored (issue 13, item 8).</summary>
public class InvalidOptionValueTests
{
    private const string Code = "class C { }";

    private static Task VerifyAsync(string editorConfig, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = Code, EditorConfig = editorConfig };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public Task ClockSkewInWords()
        => VerifyAsync(
            "JWT009.maximum_clock_skew = 5 minutes",
            Verify.Diagnostic("JWT900").WithNoLocation().WithArguments("JWT009.maximum_clock_skew", "5 minutes", "whole seconds (120) or a TimeSpan (00:02:00)", "5 minutes"));

    [Fact]
    public Task EveryKindOfOption()
        => VerifyAsync(
            """
            dotnet_diagnostic.JWT007.minimum_key_bits = 128
            JWT008.include_test_code = yes
            JWT011.include_protected_local_storage = 1
            JWT017.token_name_pattern = (token
            """,
            Verify.Diagnostic("JWT900").WithNoLocation().WithArguments("JWT007.minimum_key_bits", "128", "a whole number of bits, at least 256 (384, 512)", "256"),
            Verify.Diagnostic("JWT900").WithNoLocation().WithArguments("JWT008.include_test_code", "yes", "true or false", "false"),
            Verify.Diagnostic("JWT900").WithNoLocation().WithArguments("JWT011.include_protected_local_storage", "1", "true or false", "false"),
            Verify.Diagnostic("JWT900").WithNoLocation().WithArguments("JWT017.token_name_pattern", "(token", "a .NET regular expression (case-insensitive)", "the built-in default"));

    [Fact]
    public Task NoDiagnostic_ValidValues()
        => VerifyAsync("""
            JWT009.maximum_clock_skew = 00:02:00
            dotnet_diagnostic.JWT009.maximum_clock_skew = 120
            JWT007.minimum_key_bits = 512
            JWT008.include_test_code = true
            JWT008.appsettings_keys = Auth:Secret; **:SigningSecret
            JWT017.token_name_pattern = (access|refresh)_?token
            jwt.token_name_pattern = ^jwt$
            some_other_tool.option = whatever
            """);
}
