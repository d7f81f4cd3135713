using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace JwtAnalyzers.Tests.Verifiers;

/// <summary>
/// A stand-in <c>JWT</c> assembly for the Jwt.Net majors the NuGet mirror does not serve (8.x to 11.x), compiled in
/// memory with the assembly version the test supplies. It declares only the public shapes the rules look at, as they
/// are in that major (per the library's sources at the release tags): it exists to test the analyzers' version logic,
/// never the library's behaviour. Served versions (6.1.0, 7.3.1) are always tested against the real package.
/// </summary>
public static class JwtNetStandIn
{
    private static readonly ConcurrentDictionary<int, ImmutableArray<MetadataReference>> s_cache = new();

    /// <summary>Framework references plus a stand-in <c>JWT</c> with version <c>major.0.0.0</c>.</summary>
    public static ImmutableArray<MetadataReference> References(int major)
        => TestReferences.Default.Add(s_cache.GetOrAdd(major, Build)[0]);

    private static ImmutableArray<MetadataReference> Build(int major)
    {
        if (major is < 8 or > 11)
        {
            throw new ArgumentOutOfRangeException(nameof(major), "Served majors (6, 7) are tested against the real package.");
        }

        var source = $$"""
            [assembly: System.Reflection.AssemblyVersion("{{major}}.0.0.0")]
            namespace JWT
            {
                public sealed class JwtParts { public JwtParts(string token) { } }
                public interface IJwtDecoder
                {
                    string DecodeHeader(string token);
                    {{(major >= 10 ? "string Decode(JwtParts jwt, bool verify = true);" : "string Decode(JwtParts jwt);")}}
                    string Decode(JwtParts jwt, byte[] key, bool verify);
                }
                public sealed class JwtDecoder : IJwtDecoder
                {
                    public string DecodeHeader(string token) => "";
                    {{(major >= 10 ? "public string Decode(JwtParts jwt, bool verify = true) => \"\";" : "public string Decode(JwtParts jwt) => \"\";")}}
                    public string Decode(JwtParts jwt, byte[] key, bool verify) => "";
                }
                public static class JwtDecoderExtensions
                {
                    {{(major >= 10
                        ? "public static string Decode(this IJwtDecoder decoder, string token, bool verify = true) => \"\";\n public static T DecodeToObject<T>(this IJwtDecoder decoder, string token, bool verify = true) => default!;"
                        : "public static string Decode(this IJwtDecoder decoder, string token) => \"\";\n public static T DecodeToObject<T>(this IJwtDecoder decoder, string token) => default!;")}}
                    public static string Decode(this IJwtDecoder decoder, string token, string key, bool verify) => "";
                }
                {{(major >= 9 ? """
                public sealed class ValidationParameters
                {
                    public bool ValidateSignature { get; set; } = true;
                    public bool ValidateExpirationTime { get; set; } = true;
                    public bool ValidateIssuedTime { get; set; } = true;
                    public int TimeMargin { get; set; }
                    public static ValidationParameters Default => new ValidationParameters();
                    public static ValidationParameters None => new ValidationParameters { ValidateSignature = false };
                }
                """ : "")}}
            }
            namespace JWT.Algorithms
            {
                public interface IJwtAlgorithm { string Name { get; } }
                public sealed class HMACSHA256Algorithm : IJwtAlgorithm { public string Name => "HS256"; }
                public sealed class NoneAlgorithm : IJwtAlgorithm { public string Name => "none"; }
            }
            namespace JWT.Builder
            {
                public sealed class JwtBuilder
                {
                    public static JwtBuilder Create() => new JwtBuilder();
                    public JwtBuilder WithAlgorithm(JWT.Algorithms.IJwtAlgorithm algorithm) => this;
                    public JwtBuilder WithSecret(params string[] secrets) => this;
                    public JwtBuilder MustVerifySignature() => this;
                    public JwtBuilder DoNotVerifySignature() => this;
                    public JwtBuilder WithVerifySignature(bool verify) => this;
                    {{(major >= 9 ? "public JwtBuilder WithValidationParameters(JWT.ValidationParameters valParams) => this;" : "")}}
                    {{(major >= 10 ? "public JwtBuilder WithValidationParameters(System.Action<JWT.ValidationParameters> action) => this;" : "")}}
                    public JwtBuilder AddClaim(string name, object value) => this;
                    public string Encode() => "";
                    public string Decode(string token) => "";
                    public T Decode<T>(string token) => default!;
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "JWT",
            [CSharpSyntaxTree.ParseText(source)],
            TestReferences.Framework,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Stand-in JWT assembly does not compile: " + string.Join(Environment.NewLine, result.Diagnostics));
        }

        return [MetadataReference.CreateFromImage(stream.ToArray())];
    }
}
