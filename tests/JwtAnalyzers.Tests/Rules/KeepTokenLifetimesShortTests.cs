using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.KeepTokenLifetimesShortAnalyzer>;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.KeepTokenLifetimesShortAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.KeepTokenLifetimesShortCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>
/// JWT010: every issuing API of IdentityModel, Jwt.Net and jose-jwt, lifetimes computed every way the issue lists,
/// the refresh-token threshold, and the look-alikes that must stay silent (handler defaults, configuration,
/// opaque refresh tokens, a project's own types named like the library's).
/// </summary>
public sealed class KeepTokenLifetimesShortTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;
        using JwtRegisteredClaimNames = System.IdentityModel.Tokens.Jwt.JwtRegisteredClaimNames;

        """;

    private static ImmutableArray<MetadataReference> AllLibraries
        => TestReferences.Default.AddRange(TestReferences.JwtNet).AddRange(TestReferences.JoseJwt);

    private static Task VerifyAsync(string source, string? editorConfig = null, ImmutableArray<MetadataReference>? references = null)
    {
        var test = new Verify.Test { TestCode = source, References = references ?? AllLibraries };
        if (editorConfig is not null)
        {
            test.EditorConfig = editorConfig;
        }

        return test.RunAsync();
    }

    // ---------------------------------------------------------------- IdentityModel: SecurityTokenDescriptor.Expires

    [Fact]
    public Task Descriptor_ExpiresInDays_WithJwtSecurityTokenHandler()
        => VerifyAsync(Usings + """
            class C
            {
                string M(ClaimsIdentity subject, SigningCredentials credentials)
                    => new JwtSecurityTokenHandler().CreateEncodedJwt(new SecurityTokenDescriptor
                    {
                        Subject = subject,
                        Expires = [|DateTime.UtcNow.AddDays(7)|],
                        SigningCredentials = credentials,
                    });
            }
            """);

    [Fact]
    public Task Descriptor_ExpiresAssignedLater_WithJsonWebTokenHandler()
        => VerifyAsync(Usings + """
            class C
            {
                string M(ClaimsIdentity subject, SigningCredentials credentials)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials };
                    descriptor.Expires = [|DateTime.Now.AddYears(1)|];
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }
            }
            """);

    [Fact]
    public Task Descriptor_EveryUnitAndOperator()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor[] M() => new[]
                {
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddHours(2)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddMinutes(90)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddSeconds(7200)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddMonths(1)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddTicks(TimeSpan.TicksPerDay)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.Add(TimeSpan.FromDays(1))|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow + TimeSpan.FromHours(3)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.Add(new TimeSpan(2, 0, 0))|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddMinutes(30).AddMinutes(45)|] },
                    new SecurityTokenDescriptor { Expires = [|DateTimeOffset.UtcNow.AddDays(2).UtcDateTime|] },
                    new SecurityTokenDescriptor { Expires = [|DateTime.Today.AddDays(1)|] },
                };
            }
            """);

    [Fact]
    public Task Descriptor_MaxValue_NeverExpires()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor M() => new() { Expires = [|DateTime.MaxValue|] };
            }
            """);

    [Fact]
    public Task Descriptor_LifetimeFromConstantsOfAnotherType()
        => VerifyAsync(Usings + """
            static class TokenLifetimes
            {
                public const int Days = 30;
                public static readonly TimeSpan Access = TimeSpan.FromDays(1);
            }
            class C
            {
                SecurityTokenDescriptor A() => new() { Expires = [|DateTime.UtcNow.AddDays(TokenLifetimes.Days)|] };
                SecurityTokenDescriptor B() => new() { Expires = [|DateTime.UtcNow.Add(TokenLifetimes.Access)|] };
            }
            """);

    [Fact]
    public Task Descriptor_LifetimeFromLocalAndReadonlyField()
        => VerifyAsync(Usings + """
            class C
            {
                private static readonly TimeSpan s_lifetime = TimeSpan.FromHours(8);
                SecurityTokenDescriptor A() => new() { Expires = [|DateTime.UtcNow.Add(s_lifetime)|] };
                SecurityTokenDescriptor B()
                {
                    var expires = DateTime.UtcNow.AddDays(7);
                    return new SecurityTokenDescriptor { Expires = [|expires|] };
                }
            }
            """);

    [Fact]
    public Task Descriptor_LifetimeFromAnOptionsClassDefault()
        => VerifyAsync(Usings + """
            using Microsoft.Extensions.Options;
            public sealed class JwtSettings
            {
                public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(30);
            }
            class C
            {
                SecurityTokenDescriptor M(IOptions<JwtSettings> options)
                    => new() { Expires = [|DateTime.UtcNow.Add(options.Value.AccessTokenLifetime)|] };
            }
            """);

    [Fact]
    public Task Descriptor_RememberMeArmOfATernary()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor M(bool rememberMe) => new()
                {
                    Expires = rememberMe ? [|DateTime.UtcNow.AddDays(30)|] : DateTime.UtcNow.AddMinutes(15),
                };
            }
            """);

    [Fact]
    public Task Descriptor_ArmOfASwitchExpression()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor M(string client) => new()
                {
                    Expires = client switch
                    {
                        "mobile" => [|DateTime.UtcNow.AddDays(90)|],
                        _ => DateTime.UtcNow.AddMinutes(20),
                    },
                };
            }
            """);

    [Fact]
    public Task MessageNamesTheLifetimeAndTheMaximum()
        => new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    SecurityTokenDescriptor M() => new() { Expires = {|#0:DateTime.UtcNow.AddDays(7)|} };
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic("JWT010").WithLocation(0).WithArguments("The token lives 7 days, more than the allowed 1 hour")
                    .WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations),
            },
        }.RunAsync();

    // ---------------------------------------------------------------- IdentityModel: other issuing APIs

    [Fact]
    public Task JwtSecurityToken_ExpiresArgument()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken A(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, DateTime.UtcNow, [|DateTime.UtcNow.AddDays(7)|], credentials);
                JwtSecurityToken B(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken(issuer: "iss", audience: "aud", claims: claims, expires: [|DateTime.Now.AddHours(24)|], signingCredentials: credentials);
            }
            """);

    [Fact]
    public Task JwtSecurityToken_WithoutExpires_HasNoExpAtAll()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken A(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => [|new JwtSecurityToken("iss", "aud", claims, signingCredentials: credentials)|];
                JwtSecurityToken B(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => [|new JwtSecurityToken("iss", "aud", claims, null, null, credentials)|];
            }
            """);

    [Fact]
    public Task Handler_CreateEncodedJwtAndCreateJwtSecurityToken_WithExpiresArgument()
        => VerifyAsync(Usings + """
            class C
            {
                string A(JwtSecurityTokenHandler handler, ClaimsIdentity subject, SigningCredentials credentials)
                    => handler.CreateEncodedJwt("iss", "aud", subject, null, [|DateTime.UtcNow.AddDays(3)|], null, credentials);
                JwtSecurityToken B(JwtSecurityTokenHandler handler, ClaimsIdentity subject, SigningCredentials credentials)
                    => handler.CreateJwtSecurityToken("iss", "aud", subject, null, [|DateTime.UtcNow.AddDays(3)|], null, credentials);
            }
            """);

    [Fact]
    public Task JwtPayload_ExpiresArgument_AndExpClaims()
        => VerifyAsync(Usings + """
            class C
            {
                JwtPayload A(IEnumerable<Claim> claims)
                    => new JwtPayload("iss", "aud", claims, null, [|DateTime.UtcNow.AddDays(5)|]);
                JwtPayload B()
                {
                    var payload = new JwtPayload();
                    payload.Add("exp", [|DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds()|]);
                    payload[JwtRegisteredClaimNames.Exp] = [|EpochTime.GetIntDate(DateTime.UtcNow.AddDays(30))|];
                    return payload;
                }
            }
            """);

    [Fact]
    public Task Handler_TokenLifetimeInMinutes_Large()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityTokenHandler A() => new() { TokenLifetimeInMinutes = [|60 * 24 * 365|] };
                void B(JsonWebTokenHandler handler) { handler.TokenLifetimeInMinutes = [|1440|]; }
            }
            """);

    [Fact]
    public Task Handler_DefaultTimesOff_DescriptorWithoutExpires()
        => VerifyAsync(Usings + """
            class C
            {
                string A(ClaimsIdentity subject, SigningCredentials credentials)
                {
                    var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
                    var descriptor = new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials };
                    return handler.[|CreateToken(descriptor)|];
                }
                string B(ClaimsIdentity subject, SigningCredentials credentials)
                {
                    var handler = new JwtSecurityTokenHandler();
                    handler.SetDefaultTimesOnTokenCreation = false;
                    return handler.[|CreateEncodedJwt(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials })|];
                }
            }
            """);

    [Fact]
    public Task JsonWebTokenHandler_StringPayloadWithoutExp()
        => VerifyAsync(Usings + """
            using System.Text.Json;
            class C
            {
                string A(JsonWebTokenHandler handler, SigningCredentials credentials)
                    => handler.CreateToken([|"{\"sub\":\"42\",\"name\":\"Ada\"}"|], credentials);
                string B(JsonWebTokenHandler handler, SigningCredentials credentials, string id)
                    => handler.CreateToken([|JsonSerializer.Serialize(new { sub = id })|], credentials);
                string D(JsonWebTokenHandler handler, SigningCredentials credentials, string id)
                    => handler.CreateToken(JsonSerializer.Serialize(new Dictionary<string, object>
                    {
                        ["sub"] = id,
                        ["exp"] = [|DateTimeOffset.UtcNow.AddDays(7).ToUnixTimeSeconds()|],
                    }), credentials);
            }
            """);

    [Fact]
    public Task UnixTimeArithmeticForExp()
        => VerifyAsync(Usings + """
            class C
            {
                Dictionary<string, object> M(string id) => new()
                {
                    ["sub"] = id,
                    ["exp"] = [|DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60 * 60 * 24 * 30|],
                };
                string N(JsonWebTokenHandler handler, SigningCredentials credentials, string id)
                    => handler.CreateToken(new SecurityTokenDescriptor { Claims = M(id), SigningCredentials = credentials });
            }
            """);

    [Fact]
    public Task LifetimeFromAHelperMethod()
        => VerifyAsync(Usings + """
            static class Expiry
            {
                public static DateTime ForAccessToken() => DateTime.UtcNow.AddDays(7);
            }
            class C
            {
                SecurityTokenDescriptor M() => new() { Expires = [|Expiry.ForAccessToken()|] };
            }
            """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task EveryServedIdentityModelVersion(string version)
        => VerifyAsync(Usings + """
            class C
            {
                string A(ClaimsIdentity subject, SigningCredentials credentials)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = subject, Expires = [|DateTime.UtcNow.AddDays(7)|], SigningCredentials = credentials });
                JwtSecurityToken B(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => [|new JwtSecurityToken("iss", "aud", claims, signingCredentials: credentials)|];
                JwtSecurityTokenHandler D() => new() { TokenLifetimeInMinutes = [|60 * 24|] };
                string E(ClaimsIdentity subject, SigningCredentials credentials)
                    => new JwtSecurityTokenHandler().CreateEncodedJwt(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials });
            }
            """, references: IdentityModelVersions.For(version));

    // ---------------------------------------------------------------- refresh tokens

    [Fact]
    public Task RefreshToken_LongerThanTheRefreshMaximum()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken CreateRefreshToken(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, [|DateTime.UtcNow.AddDays(30)|], credentials);
                SecurityTokenDescriptor M()
                {
                    var refreshDescriptor = new SecurityTokenDescriptor { Expires = [|DateTime.UtcNow.AddYears(1)|] };
                    return refreshDescriptor;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_RefreshTokenWithinTheRefreshMaximum()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken CreateRefreshToken(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddDays(7), credentials);
                SecurityTokenDescriptor ByVariable()
                {
                    var refreshToken = new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddDays(14) };
                    return refreshToken;
                }
                SecurityTokenDescriptor ByTokenType() => new()
                {
                    TokenType = "refresh+jwt",
                    Expires = DateTime.UtcNow.AddDays(10),
                };
                SecurityTokenDescriptor ByClaim() => new()
                {
                    Claims = new Dictionary<string, object> { ["token_use"] = "refresh" },
                    Expires = DateTime.UtcNow.AddDays(10),
                };
            }
            """);

    // ---------------------------------------------------------------- options

    [Fact]
    public Task Option_MaximumLifetime()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor A() => new() { Expires = [|DateTime.UtcNow.AddMinutes(30)|] };
                SecurityTokenDescriptor B() => new() { Expires = DateTime.UtcNow.AddMinutes(10) };
            }
            """, "JWT010.maximum_lifetime = 00:10:00");

    [Fact]
    public Task Option_MaximumLifetime_NeverBelowOneMinute()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor A() => new() { Expires = DateTime.UtcNow.AddSeconds(45) };
                SecurityTokenDescriptor B() => new() { Expires = [|DateTime.UtcNow.AddMinutes(2)|] };
            }
            """, "JWT010.maximum_lifetime = 5");

    [Fact]
    public Task Option_MaximumRefreshLifetime()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor CreateRefreshDescriptor() => new() { Expires = [|DateTime.UtcNow.AddDays(3)|] };
            }
            """, "JWT010.maximum_refresh_lifetime = 1.00:00:00");

    // ---------------------------------------------------------------- Jwt.Net and jose-jwt

    [Fact]
    public Task JwtNet_BuilderWithoutExp()
        => VerifyAsync("""
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string M(string id, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).AddClaim("sub", id).[|Encode()|];
            }
            """);

    [Fact]
    public Task JwtNet_BuilderExpClaimTooFar()
        => VerifyAsync("""
            using System;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string secret)
                    => new JwtBuilder()
                        .WithAlgorithm(new HMACSHA256Algorithm())
                        .WithSecret(secret)
                        .AddClaim(ClaimName.ExpirationTime, [|DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds()|])
                        .AddClaim("sub", id)
                        .Encode();
                string B(string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret)
                        .AddClaim("exp", [|DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds()|]).Encode();
            }
            """);

    [Fact]
    public Task JwtNet_EncoderPayloadWithoutOrWithLongExp()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using JWT;
            class C
            {
                string A(IJwtEncoder encoder, string id, string key)
                    => encoder.Encode([|new Dictionary<string, object> { ["sub"] = id }|], key);
                string B(IJwtEncoder encoder, string id, string key)
                    => encoder.Encode([|new { sub = id }|], key);
                string D(IJwtEncoder encoder, string id, byte[] key)
                    => encoder.Encode(new Dictionary<string, object>
                    {
                        ["sub"] = id,
                        ["exp"] = [|DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds()|],
                    }, key);
            }
            """);

    [Fact]
    public Task JoseJwt_EncodePayloadWithoutOrWithLongExp()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class C
            {
                string A(string id, byte[] key)
                    => Jose.JWT.Encode([|new Dictionary<string, object> { ["sub"] = id }|], key, Jose.JwsAlgorithm.HS256);
                string B(byte[] key)
                    => Jose.JWT.Encode([|"{\"sub\":\"1\"}"|], key, Jose.JwsAlgorithm.HS256);
                string D(string id, byte[] key)
                    => Jose.JWT.Encode(new { sub = id, exp = [|DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeSeconds()|] }, key, Jose.JwsAlgorithm.HS256);
            }
            """);

    // ---------------------------------------------------------------- silent look-alikes

    [Fact]
    public Task NoDiagnostic_ShortLifetimes()
        => VerifyAsync(Usings + """
            class C
            {
                static readonly TimeSpan s_lifetime = TimeSpan.FromMinutes(15);
                SecurityTokenDescriptor[] A() => new[]
                {
                    new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddMinutes(15) },
                    new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddHours(1) },   // exactly the maximum
                    new SecurityTokenDescriptor { Expires = DateTime.UtcNow.Add(s_lifetime) },
                    new SecurityTokenDescriptor { Expires = DateTime.UtcNow + TimeSpan.FromSeconds(300) },
                    new SecurityTokenDescriptor { Expires = DateTimeOffset.UtcNow.AddMinutes(5).UtcDateTime },
                };
                JwtSecurityToken B(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(10), credentials);
                JwtSecurityTokenHandler D() => new() { TokenLifetimeInMinutes = 30 };
            }
            """);

    [Fact]
    public Task NoDiagnostic_DescriptorWithoutExpires_HandlerAddsSixtyMinutes()
        => VerifyAsync(Usings + """
            class C
            {
                string A(ClaimsIdentity subject, SigningCredentials credentials)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials });
                string B(ClaimsIdentity subject, SigningCredentials credentials)
                    => new JwtSecurityTokenHandler().CreateEncodedJwt(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials });
                string D(ClaimsIdentity subject, SigningCredentials credentials)
                {
                    var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
                    return handler.CreateToken(new SecurityTokenDescriptor { Subject = subject, SigningCredentials = credentials, Expires = DateTime.UtcNow.AddMinutes(15) });
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_LifetimeFromConfiguration()
        => VerifyAsync(Usings + """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Options;
            public sealed class JwtSettings
            {
                public TimeSpan Lifetime { get; set; }
            }
            class C
            {
                SecurityTokenDescriptor A(IConfiguration configuration)
                    => new() { Expires = DateTime.UtcNow.AddMinutes(configuration.GetValue<int>("Jwt:LifetimeMinutes")) };
                SecurityTokenDescriptor B(IOptions<JwtSettings> options)
                    => new() { Expires = DateTime.UtcNow.Add(options.Value.Lifetime) };
                JwtSecurityToken D(IEnumerable<Claim> claims, DateTime expires, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, expires, credentials);
            }
            """);

    [Fact]
    public Task NoDiagnostic_OpaqueRefreshTokenAndOwnTypesNamedLikeTheLibrary()
        => VerifyAsync(Usings + """
            using System.Security.Cryptography;
            namespace App
            {
                public sealed class RefreshToken
                {
                    public string Value { get; set; } = "";
                    public DateTime Expires { get; set; }
                }
                public sealed class SecurityTokenDescriptor
                {
                    public DateTime? Expires { get; set; }
                }
                class C
                {
                    RefreshToken A() => new()
                    {
                        Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)),
                        Expires = DateTime.UtcNow.AddDays(90),
                    };
                    SecurityTokenDescriptor B() => new() { Expires = DateTime.UtcNow.AddDays(30) };
                    JwtSecurityToken D(string compact) => new JwtSecurityToken(compact);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_JwtNetAndJoseWithShortExp()
        => VerifyAsync("""
            using System;
            using JWT;
            using System.Collections.Generic;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret)
                        .AddClaim(ClaimName.ExpirationTime, DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeSeconds())
                        .AddClaim("sub", id)
                        .Encode();
                string B(string id, byte[] key)
                    => Jose.JWT.Encode(new Dictionary<string, object>
                    {
                        ["sub"] = id,
                        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
                    }, key, Jose.JwsAlgorithm.HS256);
                string D(JWT.IJwtEncoder encoder, string id, string key)
                    => encoder.Encode(new { sub = id, exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() }, key);
            }
            """);

    [Fact]
    public Task NoDiagnostic_NoJwtLibraryReferenced()
        => VerifyAsync("""
            using System;
            public sealed class Session { public DateTime Expires { get; set; } }
            class C
            {
                Session M() => new() { Expires = DateTime.UtcNow.AddDays(30) };
            }
            """, references: TestReferences.Bcl);

    [Fact]
    public Task KnownFalseNegative_BuilderKeptInAVariable()
        => VerifyAsync("""
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string M(string id, string secret)
                {
                    // The fluent chain is followed from 'new JwtBuilder()' to 'Encode()'; a builder kept in a variable
                    // and configured over several statements is not followed (no finding either way).
                    var builder = new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret);
                    builder.AddClaim("sub", id);
                    return builder.Encode();
                }
            }
            """);

    // ---------------------------------------------------------------- code fixes

    [Fact]
    public Task Fix_ClampsInPlace_InMinutes()
        => VerifyFixAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor A() => new() { Expires = [|DateTime.UtcNow.AddDays(7)|] };
                SecurityTokenDescriptor B() => new() { Expires = [|DateTime.UtcNow.Add(TimeSpan.FromHours(12))|] };
                SecurityTokenDescriptor D() => new() { Expires = [|DateTime.MaxValue|] };
                SecurityTokenDescriptor E(bool remember) => new() { Expires = remember ? [|DateTime.UtcNow.AddDays(30)|] : DateTime.UtcNow.AddMinutes(15) };
            }
            """, Usings + """
            class C
            {
                SecurityTokenDescriptor A() => new() { Expires = DateTime.UtcNow.AddMinutes(60) };
                SecurityTokenDescriptor B() => new() { Expires = DateTime.UtcNow.Add(TimeSpan.FromMinutes(60)) };
                SecurityTokenDescriptor D() => new() { Expires = DateTime.UtcNow.AddMinutes(60) };
                SecurityTokenDescriptor E(bool remember) => new() { Expires = remember ? DateTime.UtcNow.AddMinutes(60) : DateTime.UtcNow.AddMinutes(15) };
            }
            """, "JWT010.ClampLifetime");

    [Fact]
    public Task Fix_ClampsRefreshTokenToTheRefreshMaximum()
        => VerifyFixAsync(Usings + """
            class C
            {
                JwtSecurityToken CreateRefreshToken(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, [|DateTime.UtcNow.AddDays(90)|], credentials);
            }
            """, Usings + """
            class C
            {
                JwtSecurityToken CreateRefreshToken(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddDays(14), credentials);
            }
            """, "JWT010.ClampLifetime");

    [Fact]
    public Task Fix_AddsTheMissingExpiry()
        => VerifyFixAsync(Usings + """
            class C
            {
                JwtSecurityToken A(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => [|new JwtSecurityToken("iss", "aud", claims, signingCredentials: credentials)|];
                JwtSecurityToken B(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => [|new JwtSecurityToken("iss", "aud", claims, null, null, credentials)|];
            }
            """, Usings + """
            class C
            {
                JwtSecurityToken A(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, signingCredentials: credentials, expires: DateTime.UtcNow.AddMinutes(60));
                JwtSecurityToken B(IEnumerable<Claim> claims, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(60), credentials);
            }
            """, "JWT010.AddExpiry");

    [Fact]
    public Task Fix_AddsExpToJwtNetBuilderAndPayloads()
        => VerifyFixAsync("""
            using System;
            using System.Collections.Generic;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).AddClaim("sub", id).[|Encode()|];
                string B(string id, byte[] key)
                    => Jose.JWT.Encode([|new Dictionary<string, object> { ["sub"] = id }|], key, Jose.JwsAlgorithm.HS256);
            }
            """, """
            using System;
            using System.Collections.Generic;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).AddClaim("sub", id).AddClaim("exp", DateTimeOffset.UtcNow.AddMinutes(60).ToUnixTimeSeconds()).Encode();
                string B(string id, byte[] key)
                    => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = id, ["exp"] = DateTimeOffset.UtcNow.AddMinutes(60).ToUnixTimeSeconds() }, key, Jose.JwsAlgorithm.HS256);
            }
            """, "JWT010.AddExpiry");

    [Fact]
    public Task Fix_RewritesToSafeTokenIssuer_WhenTheRuntimeIsReferenced()
        => VerifyFixAsync(Usings + """
            class C
            {
                string M(ClaimsIdentity subject, SigningCredentials credentials)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                    {
                        Subject = subject,
                        Issuer = "https://issuer.example",
                        Audience = "api",
                        Expires = [|DateTime.UtcNow.AddDays(7)|],
                        SigningCredentials = credentials,
                    });
            }
            """, Usings.Replace("using System.Security.Claims;\n", "using System.Security.Claims;\nusing JwtAnalyzers.Runtime;\n", StringComparison.Ordinal) + """
            class C
            {
                string M(ClaimsIdentity subject, SigningCredentials credentials)
                    => SafeTokenIssuer.CreateToken(new SecurityTokenDescriptor
                    {
                        Subject = subject,
                        Issuer = "https://issuer.example",
                        Audience = "api",
                    }, credentials, TimeSpan.FromMinutes(60));
            }
            """, "JWT010.UseSafeTokenIssuer", withRuntime: true);

    [Fact]
    public Task Fix_NoSafeTokenIssuerRewrite_WithoutTheRuntime()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                class C
                {
                    string M(ClaimsIdentity subject, SigningCredentials credentials)
                        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = subject, Expires = [|DateTime.UtcNow.AddDays(7)|], SigningCredentials = credentials });
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    string M(ClaimsIdentity subject, SigningCredentials credentials)
                        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = subject, Expires = [|DateTime.UtcNow.AddDays(7)|], SigningCredentials = credentials });
                }
                """,
            CodeActionEquivalenceKey = "JWT010.UseSafeTokenIssuer",
            References = AllLibraries,
        }.RunAsync();

    [Fact]
    public Task Fix_FixAll()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                class C
                {
                    SecurityTokenDescriptor A() => new() { Expires = [|DateTime.UtcNow.AddDays(7)|] };
                    SecurityTokenDescriptor B() => new() { Expires = [|DateTime.UtcNow.AddHours(8)|] };
                    JwtSecurityToken D(IEnumerable<Claim> claims) => new JwtSecurityToken("iss", "aud", claims, null, [|DateTime.UtcNow.AddYears(1)|]);
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    SecurityTokenDescriptor A() => new() { Expires = DateTime.UtcNow.AddMinutes(60) };
                    SecurityTokenDescriptor B() => new() { Expires = DateTime.UtcNow.AddMinutes(60) };
                    JwtSecurityToken D(IEnumerable<Claim> claims) => new JwtSecurityToken("iss", "aud", claims, null, DateTime.UtcNow.AddMinutes(60));
                }
                """,
            CodeActionEquivalenceKey = "JWT010.ClampLifetime",
            References = AllLibraries,
        }.RunAsync();

    private static Task VerifyFixAsync(string source, string fixedSource, string equivalenceKey, bool withRuntime = false)
        => new VerifyFix.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            References = withRuntime ? AllLibraries.AddRange(TestReferences.Runtime) : AllLibraries,
        }.RunAsync();
}
