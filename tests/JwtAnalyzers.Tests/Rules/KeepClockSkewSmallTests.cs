using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.KeepClockSkewSmallAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.KeepClockSkewSmallCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class KeepClockSkewSmallTests
{
    [Fact]
    public Task EveryConstantTimeSpanShape()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                static readonly TimeSpan s_skew = TimeSpan.FromDays(1);
                void M(TokenValidationParameters p)
                {
                    {|JWT009:p.ClockSkew = TimeSpan.MaxValue|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromHours(1)|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromDays(3650)|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromMinutes(10)|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromSeconds(301)|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromMilliseconds(600_000)|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromTicks(TimeSpan.TicksPerHour)|};
                    {|JWT009:p.ClockSkew = new TimeSpan(1, 0, 0)|};
                    {|JWT009:p.ClockSkew = new TimeSpan(1, 0, 0, 0)|};
                    {|JWT009:p.ClockSkew = new TimeSpan(TimeSpan.TicksPerDay)|};
                    {|JWT009:p.ClockSkew = TimeSpan.Parse("01:00:00")|};
                    {|JWT009:p.ClockSkew = TimeSpan.FromHours(2, 30)|};
                    {|JWT009:p.ClockSkew = s_skew|};
                    var skew = TimeSpan.FromHours(12);
                    {|JWT009:p.ClockSkew = skew|};
                }
            }
            """);

    [Fact]
    public Task MessageNamesTheValueAndTheMaximum()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M() => new() { {|#0:ClockSkew = TimeSpan.FromDays(1)|} };
            }
            """,
            Verify.Diagnostic("JWT009").WithLocation(0).WithArguments("1 day", "5 minutes"));

    [Fact]
    public Task JwtBearerOptions()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                    => services.AddAuthentication().AddJwtBearer(o => {|JWT009:o.TokenValidationParameters.ClockSkew = TimeSpan.FromHours(1)|});
            }
            """);

    [Fact]
    public Task ClockSkewThatCanTakeTwoValuesUsesTheLargest()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p, bool relaxed)
                {
                    {|#0:p.ClockSkew = relaxed ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(1)|};
                    {|#1:p.ClockSkew = relaxed ? TimeSpan.FromSeconds(30) : TimeSpan.FromDays(1)|};
                }
            }
            """,
            Verify.Diagnostic("JWT009").WithLocation(0).WithArguments("2 hours", "5 minutes"),
            Verify.Diagnostic("JWT009").WithLocation(1).WithArguments("1 day", "5 minutes"));

    [Fact]
    public Task ClockSkewFromAFieldSetInTheConstructor()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class JwtSetup
            {
                private readonly TimeSpan _skew;
                public JwtSetup() { _skew = TimeSpan.FromHours(1); }
                public TokenValidationParameters Create() => new() { {|JWT009:ClockSkew = _skew|} };
            }
            """);

    [Fact]
    public Task ClockSkewFromAHelperInAnotherType()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            static class Durations { public static TimeSpan Tolerance() => TimeSpan.FromDays(7); }
            class JwtSetup
            {
                public TokenValidationParameters Create() => new() { {|JWT009:ClockSkew = Durations.Tolerance()|} };
            }
            """);

    [Fact]
    public async Task OptionAcceptsTheDotnetDiagnosticPrefix()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using Microsoft.IdentityModel.Tokens;
                class C
                {
                    void M(TokenValidationParameters p) => {|JWT009:p.ClockSkew = TimeSpan.FromMinutes(2)|};
                }
                """,
            EditorConfig = "dotnet_diagnostic.JWT009.maximum_clock_skew = 60",
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task InvalidOptionValueFallsBackToTheDefault()
    {
        // "5 minutes" is not a valid value: JWT900 reports it, and JWT009 uses its default (5 minutes).
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using Microsoft.IdentityModel.Tokens;
                class C
                {
                    void M(TokenValidationParameters p)
                    {
                        p.ClockSkew = TimeSpan.FromMinutes(4);
                        {|JWT009:p.ClockSkew = TimeSpan.FromMinutes(6)|};
                    }
                }
                """,
            EditorConfig = "JWT009.maximum_clock_skew = 5 minutes",
        };
        await test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_SmallOrUnknownSkew()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p, IConfiguration cfg, TimeSpan fromCaller)
                {
                    p.ClockSkew = TimeSpan.Zero;                // stricter than the default
                    p.ClockSkew = TimeSpan.FromSeconds(30);
                    p.ClockSkew = TimeSpan.FromMinutes(5);      // exactly the default maximum
                    p.ClockSkew = new TimeSpan(0, 5, 0);
                    p.ClockSkew = TokenValidationParameters.DefaultClockSkew;
                    p.ClockSkew = fromCaller;                    // not a constant
                    p.ClockSkew = cfg.GetValue<TimeSpan>("Jwt:ClockSkew");
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_UnrelatedClockSkewProperty()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            class RetryOptions { public TimeSpan ClockSkew { get; set; } }
            class C { object M() => new RetryOptions { ClockSkew = TimeSpan.FromDays(1) }; }
            """);

    [Fact]
    public async Task OptionLowersTheMaximum()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using Microsoft.IdentityModel.Tokens;
                class C
                {
                    void M(TokenValidationParameters p)
                    {
                        {|JWT009:p.ClockSkew = TimeSpan.FromMinutes(2)|};
                        p.ClockSkew = TimeSpan.FromSeconds(60);
                    }
                }
                """,
            EditorConfig = "JWT009.maximum_clock_skew = 60",
        };
        await test.RunAsync();

        test = new Verify.Test
        {
            TestCode = """
                using System;
                using Microsoft.IdentityModel.Tokens;
                class C
                {
                    void M(TokenValidationParameters p) => p.ClockSkew = TimeSpan.FromMinutes(30);
                }
                """,
            EditorConfig = "JWT009.maximum_clock_skew = 01:00:00",
        };
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_ClampsToOneMinute_FixAll()
        => Verify.VerifyCodeFixAsync("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M()
                {
                    var p = new TokenValidationParameters { {|JWT009:ClockSkew = TimeSpan.MaxValue|} };
                    {|JWT009:p.ClockSkew = new TimeSpan(2, 0, 0)|};
                    return p;
                }
            }
            """, """
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M()
                {
                    var p = new TokenValidationParameters { ClockSkew = TimeSpan.FromMinutes(1) };
                    p.ClockSkew = TimeSpan.FromMinutes(1);
                    return p;
                }
            }
            """);

    [Fact]
    public Task Fix_WithoutUsingSystem()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p) => {|JWT009:p.ClockSkew = System.TimeSpan.FromDays(1)|};
            }
            """, """
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                void M(TokenValidationParameters p) => p.ClockSkew = System.TimeSpan.FromMinutes(1);
            }
            """);

    [Fact]
    public Task Fix_RespectsASmallerMaximum()
    {
        var test = new Verify.Test
        {
            TestCode = """
                using System;
                using Microsoft.IdentityModel.Tokens;
                class C
                {
                    void M(TokenValidationParameters p) => {|JWT009:p.ClockSkew = TimeSpan.FromMinutes(1)|};
                }
                """,
            FixedCode = """
                using System;
                using Microsoft.IdentityModel.Tokens;
                class C
                {
                    void M(TokenValidationParameters p) => p.ClockSkew = TimeSpan.FromSeconds(30);
                }
                """,
            EditorConfig = "JWT009.maximum_clock_skew = 30",
        };
        return test.RunAsync();
    }
}
