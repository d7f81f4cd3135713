using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotPutSensitiveDataInClaimsAnalyzer>;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotPutSensitiveDataInClaimsAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotPutSensitiveDataInClaimsCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>
/// JWT016: sensitive claim names and values in every place claims are built for a signed (not encrypted) token, and
/// the look-alikes that must stay silent: encrypted tokens, ordinary identity claims, timestamps that merely mention a
/// word, ASP.NET Identity's security stamp, claims that never reach a token.
/// </summary>
public sealed class DoNotPutSensitiveDataInClaimsTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IdentityModel.Tokens.Jwt;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.Extensions.Configuration;
        using Microsoft.IdentityModel.Tokens;
        using JwtRegisteredClaimNames = System.IdentityModel.Tokens.Jwt.JwtRegisteredClaimNames;

        public sealed class AppUser
        {
            public string Id { get; set; } = "";
            public string Email { get; set; } = "";
            public string PasswordHash { get; set; } = "";
            public string CardNumber { get; set; } = "";
            public string SecurityStamp { get; set; } = "";
            public DateTime PasswordChangedAt { get; set; }
        }

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

    // ---------------------------------------------------------------- sensitive names

    [Fact]
    public Task Descriptor_Subject_SensitiveClaimNames()
        => VerifyAsync(Usings + """
            class C
            {
                string M(AppUser user, string secret, string card, string pin, SigningCredentials credentials)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity(new[]
                        {
                            new Claim(JwtRegisteredClaimNames.Sub, user.Id),
                            [|new Claim("password_hash", user.Id)|],
                            [|new Claim("ApiSecret", secret)|],
                            [|new Claim("card_number", card)|],
                            [|new Claim("pin", pin)|],
                            [|new Claim("ssn", user.Id)|],
                            [|new Claim("ConnectionString", secret)|],
                            [|new Claim("cvv", card)|],
                            [|new Claim("http://schemas.example.org/claims/privateKey", secret)|],
                        }),
                        SigningCredentials = credentials,
                    });
            }
            """);

    [Fact]
    public Task MessageNamesTheClaim()
        => new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    JwtSecurityToken M(string secret) => new JwtSecurityToken(claims: new[] { {|#0:new Claim("client_secret", secret)|} });
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic("JWT016").WithLocation(0).WithArguments("client_secret", "its name") },
            References = AllLibraries,
        }.RunAsync();

    // ---------------------------------------------------------------- sensitive values

    [Fact]
    public Task SensitiveValues_UserModelMembersAndConfigurationSecrets()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user, IConfiguration configuration, SigningCredentials credentials)
                    => new JwtSecurityToken("iss", "aud", new List<Claim>
                    {
                        new Claim("sub", user.Id),
                        [|new Claim("h", user.PasswordHash)|],
                        [|new Claim("data", user.CardNumber)|],
                        [|new Claim("db", configuration.GetConnectionString("Default")!)|],
                        [|new Claim("stripe", configuration["Stripe:ApiKey"]!)|],
                    }, null, DateTime.UtcNow.AddMinutes(15), credentials);
            }
            """);

    // ---------------------------------------------------------------- every place claims are built

    [Fact]
    public Task ClaimsThroughLocalsListsAndAdd()
        => VerifyAsync(Usings + """
            class C
            {
                string M(AppUser user, SigningCredentials credentials)
                {
                    var claims = new List<Claim> { new Claim("sub", user.Id) };
                    claims.Add([|new Claim("pwd", user.Id)|]);
                    var identity = new ClaimsIdentity(claims, "jwt");
                    identity.AddClaim([|new Claim("secret", user.Id)|]);
                    var descriptor = new SecurityTokenDescriptor { Subject = identity, SigningCredentials = credentials };
                    return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
                }
            }
            """);

    [Fact]
    public Task ClaimsFromAHelperMethod()
        => VerifyAsync(Usings + """
            class ClaimsFactory
            {
                public static IEnumerable<Claim> For(AppUser user)
                {
                    yield return new Claim("sub", user.Id);
                    yield return [|new Claim("password", user.PasswordHash)|];
                }
                public static List<Claim> ListFor(AppUser user) => new() { new Claim("email", user.Email), [|new Claim("api_key", user.Id)|] };
            }
            class C
            {
                JwtSecurityToken A(AppUser user) => new JwtSecurityToken(claims: ClaimsFactory.For(user), expires: DateTime.UtcNow.AddMinutes(5));
                JwtSecurityToken B(AppUser user) => new JwtSecurityToken(claims: ClaimsFactory.ListFor(user).ToArray(), expires: DateTime.UtcNow.AddMinutes(5));
            }
            """);

    /// <summary>
    /// Claims are first matched with the token sinks of their own file; a body that hands its claims to other code
    /// (returns them, stores them, passes them to a project method) is matched with every sink of the compilation.
    /// </summary>
    [Fact]
    public Task ClaimsBuiltInOneFileReachATokenIssuedInAnother()
    {
        var test = new Verify.Test { References = AllLibraries };
        test.TestState.Sources.Add(("/Claims.cs", Usings + """
            public static class UserClaims
            {
                public static List<Claim> For(AppUser user)
                {
                    var claims = new List<Claim> { new Claim("sub", user.Id) };
                    claims.Add([|new Claim("password_hash", user.PasswordHash)|]);
                    return claims;
                }
            }
            public sealed class ClaimsHolder
            {
                public Claim[] Extra { get; set; } = Array.Empty<Claim>();
                public void Fill(AppUser user) => Extra = new[] { [|new Claim("card_number", user.CardNumber)|] };
            }
            public static class Unrelated
            {
                // stays in its body and never meets a token: silent
                public static ClaimsIdentity Cookie(AppUser user) { var identity = new ClaimsIdentity("cookie"); identity.AddClaim(new Claim("password", user.PasswordHash)); return null!; }
            }
            """));
        test.TestState.Sources.Add(("/Issuer.cs", """
            using System;
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            class Issuer
            {
                JwtSecurityToken Issue(AppUser user, ClaimsHolder holder) => new JwtSecurityToken(claims: UserClaims.For(user), expires: DateTime.UtcNow.AddMinutes(5));
                JwtSecurityToken Issue2(ClaimsHolder holder) => new JwtSecurityToken(claims: holder.Extra, expires: DateTime.UtcNow.AddMinutes(5));
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task ClaimsPrincipalFactoryOutputBecomesAToken()
        => VerifyAsync(Usings + """
            class C
            {
                async Task<string> M(IUserClaimsPrincipalFactory<AppUser> factory, AppUser user, SigningCredentials credentials)
                {
                    var principal = await factory.CreateAsync(user);
                    var claims = principal.Claims.ToList();
                    claims.Add([|new Claim("PasswordHash", user.Id)|]);
                    return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = new ClaimsIdentity(claims), SigningCredentials = credentials });
                }
            }
            """);

    [Fact]
    public Task DescriptorClaimsDictionaryAndJwtPayload()
        => VerifyAsync(Usings + """
            class C
            {
                SecurityTokenDescriptor A(AppUser user) => new()
                {
                    Claims = new Dictionary<string, object>
                    {
                        ["sub"] = user.Id,
                        [|["password"] = user.Id|],
                    },
                };
                JwtPayload B(AppUser user)
                {
                    var payload = new JwtPayload("iss", "aud", new[] { [|new Claim("iban", user.Id)|] }, null, DateTime.UtcNow.AddMinutes(5));
                    payload.[|Add("credit_card", user.CardNumber)|];
                    return payload;
                }
                SecurityTokenDescriptor D(AppUser user) => new()
                {
                    Claims = new Dictionary<string, object> { { "sub", user.Id }, [|{ "secret", user.Id }|] },
                };
            }
            """);

    [Fact]
    public Task JwtNet_BuilderAndEncoder()
        => VerifyAsync("""
            using System.Collections.Generic;
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string hash, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret)
                        .AddClaim("sub", id)
                        .[|AddClaim("password_hash", hash)|]
                        .Encode();
                string B(IJwtEncoder encoder, string id, string pw, string key)
                    => encoder.Encode(new Dictionary<string, object> { ["sub"] = id, [|["password"] = pw|] }, key);
                string D(IJwtEncoder encoder, string id, string ssn, string key)
                    => encoder.Encode(new { sub = id, [|ssn|] }, key);
            }
            """);

    [Fact]
    public Task JoseJwt_Payloads()
        => VerifyAsync("""
            using System.Collections.Generic;
            class C
            {
                string A(string id, string apiKey, byte[] key)
                    => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = id, [|["api_key"] = apiKey|] }, key, Jose.JwsAlgorithm.HS256);
                string B(string id, string cardNumber, byte[] key)
                    => Jose.JWT.Encode(new { sub = id, [|card = cardNumber|] }, key, Jose.JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task JoseJwt_IdKeyedPayload_ValueStillJudged()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class C
            {
                // A key that is not text names no sensitive claim, but a sensitive value under it is still a finding.
                string A(Guid id, string passwordHash, byte[] key)
                {
                    var payload = new Dictionary<Guid, string>();
                    [|payload[id] = passwordHash|];
                    return Jose.JWT.Encode(payload, key, Jose.JwsAlgorithm.HS256);
                }
            }
            """);

    [Fact]
    public Task JoseJwt_PayloadsThroughAProjectHelperOrAPassThrough()
        => VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            class C
            {
                private readonly byte[] _key = new byte[32];
                string Sign(object payload) => Jose.JWT.Encode(payload, _key, Jose.JwsAlgorithm.HS256);
                string A(string id, string password) => Sign(new { sub = id, [|password|] });
                string B(string id, string apiKey) => Sign(new Dictionary<string, object> { ["sub"] = id, [|["api_key"] = apiKey|] });
                async Task<string> D(string id, string pin) => Jose.JWT.Encode(await Task.FromResult(new { sub = id, [|pin|] }), _key, Jose.JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task NoDiagnostic_SensitiveDataHandedToLibrariesThatIssueNoToken()
        => VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;
            class C : ControllerBase
            {
                private readonly byte[] _key = new byte[32];
                string Issue(string sub) => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = sub }, _key, Jose.JwsAlgorithm.HS256);
                IActionResult A(string password) => Ok(new { password });
                void B(ILogger logger, string secret)
                {
                    using (logger.BeginScope(new Dictionary<string, object> { ["secret"] = secret }))
                    {
                    }
                }
                void D(HttpContext context, string apiKey) => context.Response.Headers["X-Api-Key"] = apiKey;
                void E(HttpClient client, string apiKey) => client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
                Task F(HttpClient client, string password) => client.PostAsJsonAsync("login", new { password });
            }
            """);

    [Fact]
    public Task NoDiagnostic_IdKeyedCacheBesideATokenSink()
        => VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Item { public Guid Id { get; set; } public string Name { get; set; } = ""; }
            class C
            {
                private readonly Dictionary<Guid, Item> _cache = new();
                private readonly Dictionary<Guid, string> _names = new();
                void Store(Item item, Guid id, string name)
                {
                    _cache[item.Id] = item;
                    _names[id] = name;
                }
                string Issue(string sub, byte[] key) => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = sub }, key, Jose.JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task Option_SensitiveClaimPatternExtendsTheList()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user) => new JwtSecurityToken(claims: new[]
                {
                    new Claim("sub", user.Id),
                    [|new Claim("mothers_maiden_name", user.Id)|],
                    [|new Claim("password", user.Id)|],
                });
            }
            """, "JWT016.sensitive_claim_pattern = maiden[_ ]?name");

    // ---------------------------------------------------------------- silent look-alikes

    [Fact]
    public Task NoDiagnostic_OrdinaryIdentityClaims()
        => VerifyAsync(Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user, IdentityOptions options) => new JwtSecurityToken(claims: new[]
                {
                    new Claim(JwtRegisteredClaimNames.Sub, user.Id),
                    new Claim(JwtRegisteredClaimNames.Email, user.Email),
                    new Claim(ClaimTypes.Name, user.Email),
                    new Claim(ClaimTypes.Role, "admin"),
                    new Claim("tenant_id", "t1"),
                    new Claim("company", "Contoso"),
                    new Claim("spinner", "x"),
                    new Claim("passwordless", "true"),
                    new Claim("pwd_changed_at", user.PasswordChangedAt.ToString("O")),
                    new Claim("password_expires", "2030-01-01"),
                    new Claim(options.ClaimsIdentity.SecurityStampClaimType, user.SecurityStamp),
                    new Claim("AspNet.Identity.SecurityStamp", user.SecurityStamp),
                });
            }
            """);

    [Fact]
    public Task NoDiagnostic_EncryptedTokens()
        => VerifyAsync(Usings + """
            class C
            {
                string A(AppUser user, SigningCredentials signing, EncryptingCredentials encrypting)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity(new[] { new Claim("password_hash", user.PasswordHash) }),
                        SigningCredentials = signing,
                        EncryptingCredentials = encrypting,
                    });
                string B(AppUser user, byte[] key)
                    => Jose.JWT.Encode(new Dictionary<string, object> { ["ssn"] = user.Id }, key, Jose.JweAlgorithm.A256KW, Jose.JweEncryption.A256GCM);
            }
            """);

    [Fact]
    public Task NoDiagnostic_ClaimsThatNeverReachAToken()
        => VerifyAsync(Usings + """
            class C
            {
                // Cookie authentication tickets are encrypted by data protection; a claim there is not in a JWT.
                Task SignIn(HttpContext context, AppUser user)
                    => context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                        new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim("password_hash", user.PasswordHash) }, "cookie")));
                bool HasPin(ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == "pin");
            }
            """);

    /// <summary>
    /// Items are added to claims by symbol: a collection's <c>Add</c>/<c>AddRange</c>/<c>TryAdd</c>, <c>ClaimsIdentity.AddClaim</c>.
    /// A project type's own <c>Add(name, value)</c> that is not a collection's (it records a note) adds no claim; the
    /// dictionary's real <c>TryAdd</c> still does.
    /// </summary>
    [Fact]
    public Task ClaimAdds_BySymbol_NotBySpelling()
        => VerifyAsync(Usings + """
            public sealed class ClaimList : IEnumerable<Claim>
            {
                private readonly List<Claim> _items = new();
                public void Add(string note, string value) { }
                public IEnumerator<Claim> GetEnumerator() => _items.GetEnumerator();
                System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
            }

            class C
            {
                JwtSecurityToken M(AppUser user)
                {
                    var claims = new ClaimList();
                    claims.Add("password", user.PasswordHash);
                    return new JwtSecurityToken(claims: claims, expires: DateTime.UtcNow.AddMinutes(5));
                }

                SecurityTokenDescriptor N(AppUser user)
                {
                    var payload = new Dictionary<string, object> { ["sub"] = user.Id };
                    payload.[|TryAdd("password", user.PasswordHash)|];
                    return new SecurityTokenDescriptor { Claims = payload };
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_ProjectTypesNamedLikeTheLibrary()
        => VerifyAsync("""
            namespace App
            {
                public sealed class Claim { public Claim(string type, string value) { } }
                public sealed class JwtPayload { public void Add(string key, object value) { } }
                class C
                {
                    void M(string pw)
                    {
                        var claim = new Claim("password", pw);
                        new JwtPayload().Add("password", pw);
                    }
                }
            }
            """);

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task EveryServedIdentityModelVersion(string version)
        => VerifyAsync("""
            using System;
            using System.Security.Claims;
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                string A(string id, string passwordHash, SigningCredentials credentials)
                    => new JwtSecurityTokenHandler().CreateEncodedJwt(new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity(new[] { new Claim("sub", id), [|new Claim("pwd", id)|], [|new Claim("h", passwordHash)|] }),
                        SigningCredentials = credentials,
                    });
            }
            """, references: IdentityModelVersions.For(version));

    [Fact]
    public Task KnownFalseNegative_ClaimsAddedByACustomClaimsPrincipalFactory()
        => VerifyAsync(Usings + """
            public sealed class AppClaimsFactory : UserClaimsPrincipalFactory<AppUser>
            {
                public AppClaimsFactory(UserManager<AppUser> users, Microsoft.Extensions.Options.IOptions<IdentityOptions> options) : base(users, options) { }
                protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
                {
                    var identity = await base.GenerateClaimsAsync(user);
                    // Not followed: the factory is called through IUserClaimsPrincipalFactory<T>.CreateAsync, whose
                    // implementation is chosen by dependency injection (documented under Known limits).
                    identity.AddClaim(new Claim("password_hash", user.PasswordHash));
                    return identity;
                }
            }
            class C
            {
                async Task<string> M(IUserClaimsPrincipalFactory<AppUser> factory, AppUser user, SigningCredentials credentials)
                {
                    var principal = await factory.CreateAsync(user);
                    return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = (ClaimsIdentity)principal.Identity!, SigningCredentials = credentials });
                }
            }
            """);

    // ---------------------------------------------------------------- code fixes

    [Fact]
    public Task Fix_RemovesTheClaim()
        => VerifyFixAsync(Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user) => new JwtSecurityToken(claims: new[]
                {
                    new Claim("sub", user.Id),
                    [|new Claim("password_hash", user.PasswordHash)|],
                    new Claim("email", user.Email),
                });
            }
            """, Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user) => new JwtSecurityToken(claims: new[]
                {
                    new Claim("sub", user.Id),
                    new Claim("email", user.Email),
                });
            }
            """);

    [Fact]
    public Task Fix_RemovesTheAddStatementAndTheNowUnusedLocal()
        => VerifyFixAsync(Usings + """
            class C
            {
                string M(AppUser user, SigningCredentials credentials)
                {
                    var hash = user.PasswordHash;
                    var claims = new List<Claim> { new Claim("sub", user.Id) };
                    claims.Add([|new Claim("pwd", hash)|]);
                    return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = new ClaimsIdentity(claims), SigningCredentials = credentials });
                }
            }
            """, Usings + """
            class C
            {
                string M(AppUser user, SigningCredentials credentials)
                {
                    var claims = new List<Claim> { new Claim("sub", user.Id) };
                    return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = new ClaimsIdentity(claims), SigningCredentials = credentials });
                }
            }
            """);

    [Fact]
    public Task Fix_RemovesDictionaryEntriesBuilderCallsAndAnonymousMembers()
        => VerifyFixAsync("""
            using System.Collections.Generic;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string hash, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).AddClaim("sub", id).[|AddClaim("password_hash", hash)|].Encode();
                string B(string id, string apiKey, byte[] key)
                    => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = id, [|["api_key"] = apiKey|] }, key, Jose.JwsAlgorithm.HS256);
                string D(string id, string cardNumber, byte[] key)
                    => Jose.JWT.Encode(new { sub = id, [|card = cardNumber|] }, key, Jose.JwsAlgorithm.HS256);
            }
            """, """
            using System.Collections.Generic;
            using JWT.Algorithms;
            using JWT.Builder;
            class C
            {
                string A(string id, string hash, string secret)
                    => new JwtBuilder().WithAlgorithm(new HMACSHA256Algorithm()).WithSecret(secret).AddClaim("sub", id).Encode();
                string B(string id, string apiKey, byte[] key)
                    => Jose.JWT.Encode(new Dictionary<string, object> { ["sub"] = id }, key, Jose.JwsAlgorithm.HS256);
                string D(string id, string cardNumber, byte[] key)
                    => Jose.JWT.Encode(new { sub = id }, key, Jose.JwsAlgorithm.HS256);
            }
            """);

    [Fact]
    public Task Fix_FixAll()
        => VerifyFixAsync(Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user, string secret) => new JwtSecurityToken(claims: new List<Claim>
                {
                    new Claim("sub", user.Id),
                    [|new Claim("password_hash", user.PasswordHash)|],
                    [|new Claim("client_secret", secret)|],
                    [|new Claim("card", user.CardNumber)|],
                });
            }
            """, Usings + """
            class C
            {
                JwtSecurityToken M(AppUser user, string secret) => new JwtSecurityToken(claims: new List<Claim>
                {
                    new Claim("sub", user.Id),
                });
            }
            """);

    private static Task VerifyFixAsync(string source, string fixedSource)
        => new VerifyFix.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = "JWT016.RemoveClaim",
            References = AllLibraries,
        }.RunAsync();
}
