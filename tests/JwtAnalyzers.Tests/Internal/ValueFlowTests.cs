using JwtAnalyzers.Internal.Flow;
using JwtAnalyzers.Internal.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Tests.Internal;

/// <summary>The value-flow engine: which values reach an operation, where a value goes.</summary>
public class ValueFlowTests
{
    private static bool IsFalse(string source, string property = "ValidateLifetime")
    {
        var compilation = CoreTestCompilation.Create(source);
        var value = CoreTestCompilation.AssignedValue(compilation, property);
        return ConstantValues.IsFalse(ValueFlow.Get(compilation), value);
    }

    [Fact]
    public void BoolFieldSetFalseInConstructor()
        => Assert.True(IsFalse("""
            using Microsoft.IdentityModel.Tokens;
            class Settings
            {
                private readonly bool _validate;
                public Settings() { _validate = false; }
                public TokenValidationParameters Build() => new() { ValidateLifetime = _validate };
            }
            """));

    [Fact]
    public void FieldWrittenTrueSomewhereElseIsNotFalse()
        => Assert.False(IsFalse("""
            using Microsoft.IdentityModel.Tokens;
            class Settings
            {
                private bool _validate = false;
                public void Enable() => _validate = true;
                public TokenValidationParameters Build() => new() { ValidateLifetime = _validate };
            }
            """));

    [Fact]
    public void HelperMethodReturnValue()
        => Assert.True(IsFalse("""
            using Microsoft.IdentityModel.Tokens;
            static class Flags { public static bool Lifetime() => false; }
            class C { TokenValidationParameters M() => new() { ValidateLifetime = Flags.Lifetime() }; }
            """));

    [Fact]
    public void SwitchExpressionArms()
        => Assert.True(IsFalse("""
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(string env) => new()
                {
                    RequireExpirationTime = env switch { "dev" => false, _ => false },
                };
            }
            """, "RequireExpirationTime"));

    [Fact]
    public void RecordCopiedWithWith()
        => Assert.True(IsFalse("""
            using Microsoft.IdentityModel.Tokens;
            record JwtSettings(string Issuer, bool CheckExpiry);
            class C
            {
                TokenValidationParameters M()
                {
                    var settings = new JwtSettings("https://issuer", false);
                    var copy = settings with { CheckExpiry = false };
                    return new() { ValidateLifetime = copy.CheckExpiry };
                }
            }
            """));

    [Fact]
    public void ParameterFromEveryCallSiteInAnotherFile()
    {
        var compilation = CoreTestCompilation.Create(
            """
            using Microsoft.IdentityModel.Tokens;
            static class Factory
            {
                public static TokenValidationParameters Create(bool lifetime) => new() { ValidateLifetime = lifetime };
            }
            """,
            """
            class Startup { void M() { Factory.Create(false); Factory.Create(lifetime: false); } }
            """);
        var value = CoreTestCompilation.AssignedValue(compilation, "ValidateLifetime");
        var sources = ValueFlow.Get(compilation).SourcesOf(value);
        Assert.True(sources.IsComplete);
        Assert.Equal(2, sources.Values.Length);
        Assert.True(ConstantValues.IsFalse(ValueFlow.Get(compilation), value));
    }

    [Fact]
    public void AwaitAndCoalesceAndConditional()
    {
        var compilation = CoreTestCompilation.Create("""
            using System.Threading.Tasks;
            class C
            {
                static async Task<string?> Load() { await Task.Yield(); return null; }
                async Task M(bool b)
                {
                    var value = (await Load()) ?? (b ? "a" : "b");
                    System.Console.WriteLine(value);
                }
            }
            """);
        var argument = CoreTestCompilation.FirstArgument(compilation, "WriteLine");
        var sources = ValueFlow.Get(compilation).SourcesOf(argument);
        Assert.True(sources.IsComplete);
        Assert.Equal(["\"a\"", "\"b\"", "null"], sources.Values.Select(v => ValueFlow.Unwrap(v).Syntax.ToString()).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void ArrayInitialisedFieldWithoutNew()
    {
        var compilation = CoreTestCompilation.Create("""
            class Keys { public static readonly byte[] K = { 0x01, 0x02, 0x03 }; }
            class C { void M() => System.Console.WriteLine(Keys.K); }
            """);
        var argument = CoreTestCompilation.FirstArgument(compilation, "WriteLine");
        var sources = ValueFlow.Get(compilation).SourcesOf(argument);
        Assert.True(sources.IsComplete);
        var creation = Assert.IsAssignableFrom<IArrayCreationOperation>(Assert.Single(sources.Values));
        Assert.Equal(3, creation.Initializer!.ElementValues.Length);
    }

    [Fact]
    public void ParameterOfPublicMethodWithoutCallersIsIncomplete()
    {
        var compilation = CoreTestCompilation.Create("""
            using Microsoft.IdentityModel.Tokens;
            public static class Factory
            {
                public static TokenValidationParameters Create(bool lifetime) => new() { ValidateLifetime = lifetime };
            }
            """);
        var value = CoreTestCompilation.AssignedValue(compilation, "ValidateLifetime");
        Assert.False(ValueFlow.Get(compilation).SourcesOf(value).IsComplete);
        Assert.False(ConstantValues.IsFalse(ValueFlow.Get(compilation), value));
    }

    [Fact]
    public void LargestTimeSpanOfTwo()
    {
        var compilation = CoreTestCompilation.Create("""
            using System;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                TokenValidationParameters M(bool dev) => new() { ClockSkew = dev ? TimeSpan.FromHours(2) : TimeSpan.FromMinutes(1) };
            }
            """);
        var value = CoreTestCompilation.AssignedValue(compilation, "ClockSkew");
        var timeSpan = KnownSymbols.Get(compilation).Bcl.TimeSpan!;
        Assert.Equal(TimeSpan.FromHours(2), ConstantValues.MaximumTimeSpan(ValueFlow.Get(compilation), value, timeSpan));
    }

    [Fact]
    public void WrapperWhoseParameterReachesASinkIsASink()
    {
        var compilation = CoreTestCompilation.Create("""
            static class Log
            {
                public static void Write(string message) => Inner(message.Trim());
                private static void Inner(string text) => System.Console.WriteLine(text);
            }
            """);
        var flow = ValueFlow.Get(compilation);
        var console = KnownSymbols.Get(compilation).Logging.Console!;
        var write = (IMethodSymbol)compilation.GetTypeByMetadataNameForTest("Log").GetMembers("Write").Single();
        bool IsConsoleArgument(IOperation use) => use is IArgumentOperation { Parent: IInvocationOperation call } && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, console);
        bool Derives(IOperation use) => use is IInvocationOperation or IArgumentOperation;
        Assert.True(flow.ParameterReaches(write.Parameters[0], "test", IsConsoleArgument, Derives));
    }

    [Fact]
    public void SourceFoundThroughLambdaParameterAndHelper()
    {
        var compilation = CoreTestCompilation.Create("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Linq;
            class Reader { public static JwtSecurityToken Read(string raw) => new JwtSecurityTokenHandler().ReadJwtToken(raw); }
            class Gate
            {
                bool IsAdmin(string raw) => Reader.Read(raw).Claims.Any(c => c.Type == "role" && c.Value == "admin");
                void M(string raw) { if (IsAdmin(raw)) System.Console.WriteLine(); }
            }
            """);
        var flow = ValueFlow.Get(compilation);
        var condition = compilation.SyntaxTrees.Single().GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax>().Single().Condition;
        var operation = compilation.GetSemanticModel(compilation.SyntaxTrees.Single()).GetOperation(condition)!;
        var source = flow.FindSource(operation, o => o is IInvocationOperation { TargetMethod.Name: "ReadJwtToken" });
        Assert.NotNull(source);
    }

    private static IOperation BodyOf(Compilation compilation, string type, string method)
    {
        var symbol = (IMethodSymbol)compilation.GetTypeByMetadataNameForTest(type).GetMembers(method).Single();
        return ValueFlow.Get(compilation).BodyOf(symbol)!;
    }

    [Fact]
    public void ReachOfFollowsReturnsStoresAndArgumentsToTheirFiles()
    {
        var compilation = CoreTestCompilation.Create(
            """
            using System.Collections.Generic;
            using System.Security.Claims;
            class Claims
            {
                public static List<Claim> Build(string id) => new() { new Claim("sub", id) };
                public bool Ready() => true;
            }
            """,
            """
            class Issuer
            {
                public string Issue(string id) => Sign(Claims.Build(id));
                private static string Sign(System.Collections.Generic.List<System.Security.Claims.Claim> claims) => claims.Count.ToString();
            }
            """,
            """
            class Unrelated { public void M() { } }
            """);
        var flow = ValueFlow.Get(compilation);
        bool CarriesClaims(ITypeSymbol? type) => type is INamedTypeSymbol { Name: "List" or "Claim" };
        var reached = flow.ReachOf(BodyOf(compilation, "Claims", "Build"), CarriesClaims, maxHops: 3);
        Assert.NotNull(reached);
        Assert.Equal(new[] { "File1.cs" }, reached!.Select(t => t.FilePath).Distinct().OrderBy(p => p).ToArray());

        // A value that carries no claims (a bool) goes nowhere.
        Assert.Empty(flow.ReachOf(BodyOf(compilation, "Claims", "Ready"), CarriesClaims, maxHops: 3)!);
    }

    [Fact]
    public void ReachOfIsUnboundedForAVirtualMethod()
    {
        var compilation = CoreTestCompilation.Create("""
            using System.Security.Claims;
            class Claims { public virtual Claim Build(string id) => new Claim("sub", id); }
            """);
        var flow = ValueFlow.Get(compilation);
        Assert.Null(flow.ReachOf(BodyOf(compilation, "Claims", "Build"), t => t is INamedTypeSymbol { Name: "Claim" }, maxHops: 3));
    }

    [Fact]
    public void SinksOfFollowsAnInitializedMemberToTheCreatedObjectOnlyWhenAsked()
    {
        var compilation = CoreTestCompilation.Create("""
            class Box { public string? Value { get; set; } }
            class C
            {
                void Take(Box box) { }
                void M(string secret) => Take(new Box { Value = secret.Trim() });
            }
            """);
        var flow = ValueFlow.Get(compilation);
        var trim = compilation.SyntaxTrees.Single().GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>().Single(i => i.ToString() == "secret.Trim()");
        var value = compilation.GetSemanticModel(compilation.SyntaxTrees.Single()).GetOperation(trim)!;
        static bool ReachesTake(IOperation use) => use is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Take" } };
        Assert.Contains(flow.SinksOf(value, use => use is ISimpleAssignmentOperation or IObjectOrCollectionInitializerOperation or IObjectCreationOperation), ReachesTake);
        Assert.DoesNotContain(flow.SinksOf(value), ReachesTake);
    }
}
