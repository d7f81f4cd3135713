using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<JwtAnalyzers.Rules.DoNotTrustUnvalidatedClaimsAnalyzer>;
using VerifyFix = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<JwtAnalyzers.Rules.DoNotTrustUnvalidatedClaimsAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotTrustUnvalidatedClaimsCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public sealed class DoNotTrustUnvalidatedClaimsTests
{
    private static Task VerifyAsync(string source, ImmutableArray<MetadataReference>? references = null)
        => new Verify.Test { TestCode = source, References = references ?? TestReferences.Default }.RunAsync();

    private const string Usings = """
        using System;
        using System.Linq;
        using System.Security.Claims;
        using System.Threading.Tasks;
        using System.IdentityModel.Tokens.Jwt;
        using Microsoft.AspNetCore.Http;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task ReadJwtToken_BecomesHttpContextUser(string version)
        => VerifyAsync(Usings + """
            class Middleware
            {
                void A(HttpContext context, string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    var identity = new ClaimsIdentity(jwt.Claims, "jwt");
                    [|context.User = new ClaimsPrincipal(identity)|];
                }
                void B(HttpContext context, string token)
                    => [|context.User = new ClaimsPrincipal(new ClaimsIdentity(new JsonWebTokenHandler().ReadJsonWebToken(token).Claims, "jwt"))|];
                void D(HttpContext context, string token)
                {
                    var jwt = new JwtSecurityToken(token);
                    [|context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims))|];
                }
                void E(HttpContext context, string token)
                {
                    var jwt = new JsonWebToken(token);
                    [|context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims))|];
                }
            }
            """, IdentityModelVersions.For(version));

    [Fact]
    public Task Conditions_That_GrantAccess()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;
            class AdminRequirement : IAuthorizationRequirement { }
            class Handler : AuthorizationHandler<AdminRequirement>
            {
                protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
                {
                    var token = ((HttpContext)context.Resource!).Request.Headers.Authorization.ToString().Substring(7);
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    if ([|jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin")|])
                    {
                        context.Succeed(requirement);
                    }
                    return Task.CompletedTask;
                }
            }
            class Filter : IAuthorizationFilter
            {
                public void OnAuthorization(AuthorizationFilterContext context)
                {
                    var token = context.HttpContext.Request.Headers.Authorization.ToString();
                    var role = new JsonWebTokenHandler().ReadJsonWebToken(token).GetClaim("role").Value;
                    if ([|role != "admin"|])
                    {
                        context.Result = new ForbidResult();
                    }
                }
            }
            class Middleware
            {
                private readonly RequestDelegate _next;
                public Middleware(RequestDelegate next) => _next = next;
                public async Task InvokeAsync(HttpContext context)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadToken(context.Request.Headers.Authorization.ToString()) as JwtSecurityToken;
                    if ([|jwt?.Subject is not null|])
                    {
                        await _next(context);
                    }
                }
            }
            """);

    [Fact]
    public Task AuthenticationHandler_Success_From_UnvalidatedToken()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Authentication;
            static class Auth
            {
                public static AuthenticateResult A(string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    var principal = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "Bearer"));
                    return [|AuthenticateResult.Success(new AuthenticationTicket(principal, "Bearer"))|];
                }
                public static Task B(HttpContext context, string token)
                    => [|context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(new JwtSecurityTokenHandler().ReadJwtToken(token).Claims, "c")))|];
            }
            """);

    [Fact]
    public Task JoseJwt_Payload_And_JwtNet_UnverifiedDecode()
        => VerifyAsync(Usings + """
            using System.Collections.Generic;
            using JWT;
            class C
            {
                void A(HttpContext context, string token)
                {
                    var payload = Jose.JWT.Payload<Dictionary<string, object>>(token);
                    if ([|(string)payload["role"] == "admin"|]) { context.Response.StatusCode = 403; }
                }
                void B(HttpContext context, IJwtDecoder decoder, string token)
                {
                    var claims = decoder.DecodeToObject<Dictionary<string, object>>(token);
                    [|context.User = new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => new Claim(c.Key, c.Value.ToString()!))))|];
                }
            }
            """, TestReferences.Default.AddRange(TestReferences.JoseJwt).AddRange(TestReferences.JwtNet));

    [Theory]
    [MemberData(nameof(IdentityModelVersions.Served), MemberType = typeof(IdentityModelVersions))]
    public Task ValidateTokenAsync_IsValidNotChecked(string version)
        => VerifyAsync(Usings + """
            class C
            {
                async Task<ClaimsIdentity> A(string token, TokenValidationParameters p)
                {
                    var result = await new JsonWebTokenHandler().[|ValidateTokenAsync(token, p)|];
                    return result.ClaimsIdentity;
                }
                async Task B(string token, TokenValidationParameters p)
                {
                    await new JsonWebTokenHandler().[|ValidateTokenAsync(token, p)|];
                }
                async Task<ClaimsIdentity> D(string token, TokenValidationParameters p)
                    => (await new JwtSecurityTokenHandler().[|ValidateTokenAsync(token, p)|]).ClaimsIdentity;
                async Task<ClaimsIdentity?> E(string token, TokenValidationParameters p)
                {
                    // Secure: IsValid checked first.
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                    if (!result.IsValid) return null;
                    return result.ClaimsIdentity;
                }
                async Task<bool> F(string token, TokenValidationParameters p)
                    => (await new JsonWebTokenHandler().ValidateTokenAsync(token, p)).IsValid;
            }
            """, IdentityModelVersions.For(version));

    [Fact]
    public Task JwtBearerEvents_FailOpen_And_JwtSecurityTokenTypeTest()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            static class Setup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnAuthenticationFailed = ctx =>
                            {
                                [|ctx.Success()|];
                                return Task.CompletedTask;
                            },
                            OnTokenValidated = ctx =>
                            {
                                if ([|ctx.SecurityToken is JwtSecurityToken jwt|] && jwt.Issuer != "me") ctx.Fail("bad issuer");
                                var other = [|ctx.SecurityToken as JwtSecurityToken|];
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }
            """);

    [Fact]
    public Task Secure_LookAlikes()
        => VerifyAsync(Usings + """
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Components.Authorization;
            using Microsoft.Extensions.DependencyInjection;
            class C
            {
                // FP guard: display-only read on the server.
                string Display(string token) => "Hello " + new JwtSecurityTokenHandler().ReadJwtToken(token).Claims.First(c => c.Type == "name").Value;
                // FP guard: client reading its own token to schedule a refresh.
                async Task Refresh(string token, Func<Task> refresh)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    if (jwt.ValidTo < DateTime.UtcNow.AddMinutes(1)) { await refresh(); }
                }
                // FP guard: reading kid to pick the key, then validating; the validated principal becomes the user.
                void KeySelection(HttpContext context, string token, IDictionary<string, SecurityKey> keys, TokenValidationParameters p)
                {
                    var kid = new JwtSecurityTokenHandler().ReadJwtToken(token).Header.Kid;
                    p.IssuerSigningKey = keys[kid];
                    var principal = new JwtSecurityTokenHandler().ValidateToken(token, p, out _);
                    context.User = principal;
                }
                // FP guard: OnTokenValidated testing for JsonWebToken (the ASP.NET Core 8+ type), UseSecurityTokenValidators = true.
                static void Bearer(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents { OnTokenValidated = ctx => { if (ctx.SecurityToken is JsonWebToken j && j.Issuer != "me") ctx.Fail("x"); return Task.CompletedTask; } };
                    });
                    services.AddAuthentication().AddJwtBearer("legacy", o =>
                    {
                        o.UseSecurityTokenValidators = true;
                        o.Events = new JwtBearerEvents { OnTokenValidated = ctx => { if (ctx.SecurityToken is JwtSecurityToken j && j.Issuer != "me") ctx.Fail("x"); return Task.CompletedTask; } };
                    });
                }
            }
            // FP guard: a Blazor WebAssembly AuthenticationStateProvider building the UI's user from its own token.
            class ClientAuthState : AuthenticationStateProvider
            {
                public string Token { get; set; } = "";
                public override Task<AuthenticationState> GetAuthenticationStateAsync()
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(Token);
                    return Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"))));
                }
            }
            """);

    [Fact]
    public Task Fix_AddIsValidCheck_And_RemoveSuccess()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                using Microsoft.AspNetCore.Authentication.JwtBearer;
                class C
                {
                    async Task<ClaimsIdentity> A(string token, TokenValidationParameters p)
                    {
                        var result = await new JsonWebTokenHandler().[|ValidateTokenAsync(token, p)|];
                        return result.ClaimsIdentity;
                    }
                    async Task<ClaimsIdentity> B(string token, TokenValidationParameters p)
                    {
                        var r = await new JsonWebTokenHandler().[|ValidateTokenAsync(token, p)|];
                        return r.ClaimsIdentity;
                    }
                    JwtBearerEvents Events() => new JwtBearerEvents
                    {
                        OnAuthenticationFailed = ctx =>
                        {
                            [|ctx.Success()|];
                            return Task.CompletedTask;
                        },
                    };
                }
                """,
            FixedCode = Usings + """
                using Microsoft.AspNetCore.Authentication.JwtBearer;
                class C
                {
                    async Task<ClaimsIdentity> A(string token, TokenValidationParameters p)
                    {
                        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                        if (!result.IsValid)
                        {
                            throw new UnauthorizedAccessException("The token is not valid.", result.Exception);
                        }
                        return result.ClaimsIdentity;
                    }
                    async Task<ClaimsIdentity> B(string token, TokenValidationParameters p)
                    {
                        var r = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                        if (!r.IsValid)
                        {
                            throw new UnauthorizedAccessException("The token is not valid.", r.Exception);
                        }
                        return r.ClaimsIdentity;
                    }
                    JwtBearerEvents Events() => new JwtBearerEvents
                    {
                        OnAuthenticationFailed = ctx =>
                        {
                            return Task.CompletedTask;
                        },
                    };
                }
                """,
            NumberOfFixAllIterations = 2,
        }.RunAsync();

    [Fact]
    public Task Fix_AddIsValidCheck_ResultUsedInline_IsStoredAndGuardedFirst()
        => new VerifyFix.Test
        {
            TestCode = Usings + """
                class C
                {
                    async Task<ClaimsIdentity> A(string token, TokenValidationParameters p)
                    {
                        return (await new JsonWebTokenHandler().[|ValidateTokenAsync(token, p)|]).ClaimsIdentity;
                    }

                    async Task<ClaimsPrincipal> B(JsonWebTokenHandler h, string token, TokenValidationParameters p)
                        => new ClaimsPrincipal((await h.[|ValidateTokenAsync(token, p)|]).ClaimsIdentity);

                    async Task D(HttpContext context, JsonWebTokenHandler h, string token, TokenValidationParameters p)
                    {
                        var identity = (await h.[|ValidateTokenAsync(token, p)|]).ClaimsIdentity;
                        context.User = new ClaimsPrincipal(identity);
                    }

                    async Task E(HttpContext context, JsonWebTokenHandler h, string token, TokenValidationParameters p)
                    {
                        var result = 1;
                        context.User = new ClaimsPrincipal((await h.[|ValidateTokenAsync(token, p)|]).ClaimsIdentity);
                    }
                }
                """,
            FixedCode = Usings + """
                class C
                {
                    async Task<ClaimsIdentity> A(string token, TokenValidationParameters p)
                    {
                        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                        if (!result.IsValid)
                        {
                            throw new UnauthorizedAccessException("The token is not valid.", result.Exception);
                        }
                        return result.ClaimsIdentity;
                    }

                    async Task<ClaimsPrincipal> B(JsonWebTokenHandler h, string token, TokenValidationParameters p)
                    {
                        var result = await h.ValidateTokenAsync(token, p);
                        if (!result.IsValid)
                        {
                            throw new UnauthorizedAccessException("The token is not valid.", result.Exception);
                        }
                        return new ClaimsPrincipal(result.ClaimsIdentity);
                    }

                    async Task D(HttpContext context, JsonWebTokenHandler h, string token, TokenValidationParameters p)
                    {
                        var result = await h.ValidateTokenAsync(token, p);
                        if (!result.IsValid)
                        {
                            throw new UnauthorizedAccessException("The token is not valid.", result.Exception);
                        }
                        var identity = result.ClaimsIdentity;
                        context.User = new ClaimsPrincipal(identity);
                    }

                    async Task E(HttpContext context, JsonWebTokenHandler h, string token, TokenValidationParameters p)
                    {
                        var result = 1;
                        var validation = await h.ValidateTokenAsync(token, p);
                        if (!validation.IsValid)
                        {
                            throw new UnauthorizedAccessException("The token is not valid.", validation.Exception);
                        }
                        context.User = new ClaimsPrincipal(validation.ClaimsIdentity);
                    }
                }
                """,
        }.RunAsync();

    [Fact]
    public Task Fix_AddIsValidCheck_NotOffered_WhenStoringTheResultFirstWouldReorderTheStatement()
    {
        var source = Usings + """
            class C
            {
                ClaimsPrincipal Combine(ClaimsIdentity a, ClaimsIdentity? b) => new ClaimsPrincipal(a);
                ClaimsIdentity Log() => new ClaimsIdentity();

                async Task<ClaimsPrincipal> A(JsonWebTokenHandler h, string token, TokenValidationParameters p)
                {
                    // Log() runs before the validation today: hoisting the validation would run it first.
                    return Combine(Log(), (await h.[|ValidateTokenAsync(token, p)|]).ClaimsIdentity);
                }
            }
            """;
        return new VerifyFix.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task TokenOnFailedValidation_BecomesUser()
        => VerifyAsync(Usings + """
            class C
            {
                async Task A(HttpContext context, string token, TokenValidationParameters p)
                {
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                    if (!result.IsValid && result.TokenOnFailedValidation is JsonWebToken failed)
                    {
                        [|context.User = new ClaimsPrincipal(new ClaimsIdentity(failed.Claims))|];
                    }
                }
            }
            """);

    [Fact]
    public Task ClaimsPassedToAnotherMethod()
        => VerifyAsync(Usings + """
            class C
            {
                // The flow engine follows the parameter to its call site (a known false negative before the analysis core).
                static void SetUser(HttpContext context, JwtSecurityToken jwt) => [|context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims))|];
                void A(HttpContext context, string token) => SetUser(context, new JwtSecurityTokenHandler().ReadJwtToken(token));
            }
            """);

    // ---- a validation result kept in a field or property (issue 8 §3) ----

    [Fact]
    public Task ValidationResultStoredInAField_ClaimsDecideInAnotherMethod()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Authorization;
            class AdminRequirement : IAuthorizationRequirement { }
            class TokenSession
            {
                private readonly JsonWebTokenHandler _handler = new();
                private TokenValidationResult? _result;

                // ValidateTokenAsync does not throw for a forged token: the result is kept without looking at IsValid.
                public async Task LoadAsync(string token, TokenValidationParameters parameters)
                {
                    _result = await _handler.ValidateTokenAsync(token, parameters);
                }

                // Role check in another method.
                public void Authorize(AuthorizationHandlerContext context, AdminRequirement requirement)
                {
                    if ([|_result!.ClaimsIdentity.HasClaim(ClaimTypes.Role, "admin")|])
                    {
                        context.Succeed(requirement);
                    }
                }

                // The identity of the result becomes the caller.
                public void SignIn(HttpContext context) => [|context.User = new ClaimsPrincipal(_result!.ClaimsIdentity)|];

                // Through a local copy of the field, and through a getter the decision calls.
                public void Gate(HttpContext context)
                {
                    var result = _result;
                    if ([|(string)result!.Claims["tenant"] != "contoso"|])
                    {
                        context.Response.StatusCode = 403;
                    }
                }

                public ClaimsIdentity Identity() => _result!.ClaimsIdentity;
            }
            class Consumer
            {
                public void Apply(HttpContext context, TokenSession session) => [|context.User = new ClaimsPrincipal(session.Identity())|];
            }
            """);

    [Fact]
    public Task ValidationResultStoredInAProperty_SecurityTokenTakenAsTheCaller()
        => VerifyAsync(Usings + """
            class RequestState
            {
                public TokenValidationResult? Validation { get; set; }
            }
            class Loader
            {
                public async Task LoadAsync(RequestState state, string token, TokenValidationParameters parameters)
                    => state.Validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
            }
            class AdminGate
            {
                public void Check(HttpContext context, RequestState state)
                {
                    var subject = (state.Validation?.SecurityToken as JsonWebToken)?.Subject;
                    if ([|subject != "admin"|])
                    {
                        context.Response.StatusCode = 403;
                    }
                }
            }
            """);

    [Fact]
    public Task ResultReturnedByAWrapperAndStoredInAFieldByTheCaller()
        => VerifyAsync(Usings + """
            class TokenValidator
            {
                public async Task<TokenValidationResult> CheckAsync(string token, TokenValidationParameters parameters)
                    => await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
            }
            class Session
            {
                private readonly TokenValidator _validator = new();
                private TokenValidationResult? _last;

                public async Task StartAsync(string token, TokenValidationParameters parameters)
                {
                    _last = await _validator.CheckAsync(token, parameters);
                }

                public void Apply(HttpContext context) => [|context.User = new ClaimsPrincipal(_last!.ClaimsIdentity)|];
            }
            """);

    [Fact]
    public Task NoDiagnostic_StoredResultCheckedWhereStoredOrBeforeTheUse()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Authorization;
            class AdminRequirement : IAuthorizationRequirement { }
            // Checked on the local before it is stored.
            class CheckedBeforeStoring
            {
                private TokenValidationResult? _result;
                public async Task LoadAsync(string token, TokenValidationParameters p)
                {
                    var r = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                    if (!r.IsValid) return;
                    _result = r;
                }
                public void SignIn(HttpContext context) => context.User = new ClaimsPrincipal(_result!.ClaimsIdentity);
            }
            // Checked on the member right after it is stored.
            class CheckedAfterStoring
            {
                private TokenValidationResult? _result;
                public async Task LoadAsync(string token, TokenValidationParameters p)
                {
                    _result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                    if (!_result.IsValid) throw new SecurityTokenException("invalid", _result.Exception);
                }
                public void SignIn(HttpContext context) => context.User = new ClaimsPrincipal(_result!.ClaimsIdentity);
            }
            // Unchecked where stored, but checked before every use (directly, by pattern, through a property).
            class CheckedBeforeTheUse
            {
                private TokenValidationResult? _result;
                private bool IsAuthenticated => _result?.IsValid == true;
                public async Task LoadAsync(string token, TokenValidationParameters p) => _result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                public void A(HttpContext context)
                {
                    if (_result is null || !_result.IsValid) { context.Response.StatusCode = 401; return; }
                    context.User = new ClaimsPrincipal(_result.ClaimsIdentity);
                }
                public void B(AuthorizationHandlerContext context, AdminRequirement requirement)
                {
                    if (_result is not { IsValid: true }) return;
                    if (_result.ClaimsIdentity.HasClaim(ClaimTypes.Role, "admin")) context.Succeed(requirement);
                }
                public void D(HttpContext context)
                {
                    if (!IsAuthenticated) return;
                    context.User = new ClaimsPrincipal(_result!.ClaimsIdentity);
                }
            }
            // The member only ever receives valid results: the wrapper checks before returning.
            class StrictValidator
            {
                public async Task<TokenValidationResult> CheckAsync(string token, TokenValidationParameters p)
                {
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, p);
                    if (!result.IsValid) throw new UnauthorizedAccessException("invalid token", result.Exception);
                    return result;
                }
            }
            class OnlyValidResults
            {
                private readonly StrictValidator _validator = new();
                private TokenValidationResult? _last;
                public async Task StartAsync(string token, TokenValidationParameters p) => _last = await _validator.CheckAsync(token, p);
                public void Apply(HttpContext context) => context.User = new ClaimsPrincipal(_last!.ClaimsIdentity);
            }
            // Claims of a stored result read but deciding nothing (returned to no decision).
            class DecidesNothing
            {
                private TokenValidationResult? _last;
                async Task A(string token, TokenValidationParameters p) { _last = await new JsonWebTokenHandler().ValidateTokenAsync(token, p); }
                ClaimsIdentity B() => _last!.ClaimsIdentity;
            }
            """);

    // ---- the user picked for a refresh (issue 8 §3) ----

    [Fact]
    public Task RefreshIssuedForTheUserNamedByAnUnvalidatedExpiredToken()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;
            class AppUser : IdentityUser
            {
                public string? RefreshToken { get; set; }
            }
            class TokenController : ControllerBase
            {
                private readonly UserManager<AppUser> _users;
                private readonly SigningCredentials _credentials;
                public TokenController(UserManager<AppUser> users, SigningCredentials credentials) => (_users, _credentials) = (users, credentials);

                [HttpPost("refresh")]
                public async Task<IActionResult> Refresh(string expiredAccessToken)
                {
                    // The expired access token is only read: a forged one names any user.
                    var sub = new JwtSecurityTokenHandler().ReadJwtToken(expiredAccessToken).Subject;
                    var user = await [|_users.FindByIdAsync(sub)|];
                    user!.RefreshToken = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                    await _users.UpdateAsync(user);
                    return Ok(new { access = Issue(user), refresh = user.RefreshToken });
                }

                private string Issue(AppUser user)
                    => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("me", "api", new[] { new Claim("sub", user.Id) }, expires: DateTime.UtcNow.AddMinutes(5), signingCredentials: _credentials));
            }
            """);

    [Fact]
    public Task RefreshForAnAccountFoundByAPredicateAndStoredRefreshTokenLookedUpByTheUnvalidatedSubject()
        => VerifyAsync(Usings + """
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Mvc;
            class Account
            {
                public string Id { get; set; } = "";
                public string? RefreshToken { get; set; }
            }
            class StoredRefreshToken
            {
                public string UserId { get; set; } = "";
                public string Value { get; set; } = "";
            }
            interface IRefreshTokenStore
            {
                Task<StoredRefreshToken?> FindForUserAsync(string userId);
            }
            class RefreshService
            {
                private readonly List<Account> _accounts = new();
                private readonly SigningCredentials _credentials;
                public RefreshService(SigningCredentials credentials) => _credentials = credentials;

                // jose-jwt: Payload decodes without verifying; the account is picked by a predicate over its 'sub'.
                public string Refresh(string expired)
                {
                    var claims = Jose.JWT.Payload<Dictionary<string, object>>(expired);
                    var account = [|_accounts.FirstOrDefault(a => a.Id == (string)claims["sub"])|] ?? throw new InvalidOperationException("unknown user");
                    account.RefreshToken = Guid.NewGuid().ToString("N");
                    return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = new ClaimsIdentity(new[] { new Claim("sub", account.Id) }), SigningCredentials = _credentials });
                }
            }
            class RefreshController : ControllerBase
            {
                private readonly IRefreshTokenStore _store;
                private readonly SigningCredentials _credentials;
                public RefreshController(IRefreshTokenStore store, SigningCredentials credentials) => (_store, _credentials) = (store, credentials);

                // new JsonWebToken(string) only parses: the stored refresh token compared is the one of whoever the token names.
                public async Task<IActionResult> Refresh(string expired, string presented)
                {
                    var userId = new JsonWebToken(expired).Subject;
                    var stored = await [|_store.FindForUserAsync(userId)|];
                    if ([|stored is null || stored.Value != presented|])
                    {
                        return Unauthorized();
                    }

                    var descriptor = new SecurityTokenDescriptor { Subject = new ClaimsIdentity(new[] { new Claim("sub", stored.UserId) }), SigningCredentials = _credentials };
                    return Ok(new JsonWebTokenHandler().CreateToken(descriptor));
                }
            }
            """, TestReferences.Default.AddRange(TestReferences.JoseJwt));

    [Fact]
    public Task RefreshWithJwtNetUnverifiedDecodeAndEncode()
        => VerifyAsync(Usings + """
            using System.Collections.Generic;
            using JWT;
            class Member
            {
                public string Id { get; set; } = "";
            }
            interface IMembers
            {
                Member? Find(string id);
            }
            class Refresher
            {
                private readonly IJwtDecoder _decoder;
                private readonly IJwtEncoder _encoder;
                private readonly IMembers _members;
                private readonly byte[] _key;
                public Refresher(IJwtDecoder decoder, IJwtEncoder encoder, IMembers members, byte[] key) => (_decoder, _encoder, _members, _key) = (decoder, encoder, members, key);

                public string Refresh(string expired)
                {
                    var payload = _decoder.DecodeToObject<Dictionary<string, object>>(expired);
                    var member = [|_members.Find((string)payload["sub"])|];
                    return _encoder.Encode(new Dictionary<string, object> { ["sub"] = member!.Id, ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() }, _key);
                }
            }
            """, TestReferences.Default.AddRange(TestReferences.JwtNet));

    [Fact]
    public Task NoDiagnostic_RefreshLookAlikes()
        => VerifyAsync(Usings + """
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;
            class AppUser : IdentityUser
            {
                public string? RefreshToken { get; set; }
            }
            class RefreshToken
            {
                public string Value { get; set; } = "";
                public string UserId { get; set; } = "";
            }
            class TokenController : ControllerBase
            {
                private readonly UserManager<AppUser> _users;
                private readonly SigningCredentials _credentials;
                private readonly TokenValidationParameters _parameters;
                private readonly List<RefreshToken> _refreshTokens = new();
                private readonly HashSet<string> _revoked = new();
                public TokenController(UserManager<AppUser> users, SigningCredentials credentials, TokenValidationParameters parameters)
                    => (_users, _credentials, _parameters) = (users, credentials, parameters);

                // The classic refresh helper: the expired token IS validated (signature, issuer, audience), only its lifetime is not.
                private ClaimsPrincipal GetPrincipalFromExpiredToken(string token)
                {
                    var parameters = _parameters.Clone();
                    parameters.ValidateLifetime = false;
                    return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
                }

                public async Task<IActionResult> Refresh(string expired, string presented)
                {
                    var principal = GetPrincipalFromExpiredToken(expired);
                    var user = await _users.FindByNameAsync(principal.Identity!.Name!);
                    if (user is null || user.RefreshToken != presented)
                    {
                        return Unauthorized();
                    }

                    // Reading the old token's id (to revoke it) picks no user.
                    _revoked.Add(new JwtSecurityTokenHandler().ReadJwtToken(expired).Id);
                    return Ok(Issue(user.Id));
                }

                // The user is found by the refresh token itself (an opaque secret checked against the store), not by a claim.
                public IActionResult RefreshByToken(string presented)
                {
                    var stored = _refreshTokens.FirstOrDefault(t => t.Value == presented);
                    if (stored is null)
                    {
                        return Unauthorized();
                    }

                    return Ok(Issue(stored.UserId));
                }

                // Claims of the read token only parsed into values (no lookup), e.g. the old expiry logged.
                public string Reissue(string expired)
                {
                    var until = new JwtSecurityTokenHandler().ReadJwtToken(expired).ValidTo;
                    Console.WriteLine(until);
                    return Issue("service");
                }

                private string Issue(string userId)
                    => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("me", "api", new[] { new Claim("sub", userId) }, expires: DateTime.UtcNow.AddMinutes(5), signingCredentials: _credentials));
            }
            """);

    [Fact]
    public Task KnownLimit_ClaimsOfAnUnvalidatedTokenCopiedIntoANewTokenWithoutALookup()
        => VerifyAsync(Usings + """
            class Exchange
            {
                // Not reported: no lookup picks a user (a gateway may copy the claims of a token its middleware validated).
                public string Reissue(string token, SigningCredentials credentials)
                    => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = new ClaimsIdentity(new JwtSecurityTokenHandler().ReadJwtToken(token).Claims), SigningCredentials = credentials });
            }
            """);

    // ---- across classes (analysis core) ----

    [Fact]
    public Task TokenReadInOneClassRoleCheckedInAnother()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.Mvc;
            class TokenReader
            {
                public JwtSecurityToken Read(HttpRequest request) => new JwtSecurityTokenHandler().ReadJwtToken(request.Headers.Authorization.ToString().Substring(7));
            }
            class AdminController : ControllerBase
            {
                private readonly TokenReader _reader = new();
                public IActionResult Delete()
                {
                    var jwt = _reader.Read(Request);
                    if ([|!jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin")|])
                    {
                        return Forbid();
                    }

                    return Ok();
                }
            }
            """);

    [Fact]
    public Task TenantFromAnUnvalidatedTokenComparedInASignalRHubFilter()
        => VerifyAsync(Usings + """
            using Microsoft.AspNetCore.SignalR;
            class TenantToken
            {
                public static string TenantOf(string raw) => new JsonWebTokenHandler().ReadJsonWebToken(raw).GetClaim("tenant").Value;
            }
            class TenantHubFilter : IHubFilter
            {
                public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
                {
                    var raw = invocationContext.Context.GetHttpContext()!.Request.Query["access_token"].ToString();
                    var tenant = TenantToken.TenantOf(raw);
                    if ([|tenant != (string?)invocationContext.HubMethodArguments[0]|])
                    {
                        throw new HubException("Wrong tenant");
                    }

                    return await next(invocationContext);
                }
            }
            """);

    [Fact]
    public Task IdClaimTakenAsTheCallersIdentityInAnotherClass()
        => VerifyAsync(Usings + """
            class Claims
            {
                public static string? UserId(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token).Subject;
            }
            class UserMiddleware
            {
                public void Apply(HttpContext context, string token)
                {
                    var id = Claims.UserId(token);
                    [|context.User = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, id!) }, "Bearer"))|];
                }
            }
            """);

    [Fact]
    public Task ValidToOverridesAFailedCheck()
        => VerifyAsync(Usings + """
            class Gate
            {
                // A failed validation is ignored as long as the unvalidated token says it has not expired yet.
                public void Check(HttpContext context, string token, bool validated)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    if ([|!validated && jwt.ValidTo < DateTime.UtcNow|])
                    {
                        context.Response.StatusCode = 401;
                    }
                }
            }
            """);

    [Fact]
    public Task CatchOfAFailedValidationFallsBackToAnUnvalidatedRead()
        => VerifyAsync(Usings + """
            class Authenticator
            {
                public ClaimsPrincipal Authenticate(string token, TokenValidationParameters parameters)
                {
                    var handler = new JwtSecurityTokenHandler();
                    try
                    {
                        return handler.ValidateToken(token, parameters, out _);
                    }
                    catch (SecurityTokenException)
                    {
                        return new ClaimsPrincipal(new ClaimsIdentity(handler.ReadJwtToken(token).Claims, "Bearer"));
                    }
                }

                public void Use(HttpContext context, string token, TokenValidationParameters parameters)
                    => [|context.User = Authenticate(token, parameters)|];
            }
            """);

    [Fact]
    public Task ProjectMethodNamedValidateThatOnlyParsesDoesNotClearTheToken()
        => VerifyAsync(Usings + """
            class TokenService
            {
                public JwtSecurityToken ValidateToken(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token);
            }
            class Endpoint
            {
                public void Handle(HttpContext context, string token)
                {
                    var jwt = new TokenService().ValidateToken(token);
                    [|context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "Bearer"))|];
                }
            }
            """);

    [Fact]
    public Task WrapperAroundValidateTokenAsyncWhoseCallerSkipsIsValid()
        => VerifyAsync(Usings + """
            class TokenValidator
            {
                public async Task<TokenValidationResult> CheckAsync(string token, TokenValidationParameters parameters)
                    => await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
            }
            class Endpoint
            {
                public async Task<ClaimsIdentity> Handle(string token, TokenValidationParameters parameters)
                {
                    var result = await new TokenValidator().[|CheckAsync(token, parameters)|];
                    return result.ClaimsIdentity;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_WrapperWhoseCallerChecksIsValid()
        => VerifyAsync(Usings + """
            class TokenValidator
            {
                public async Task<TokenValidationResult> CheckAsync(string token, TokenValidationParameters parameters)
                    => await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
            }
            class Endpoint
            {
                public async Task<ClaimsIdentity?> Handle(string token, TokenValidationParameters parameters)
                {
                    var result = await new TokenValidator().CheckAsync(token, parameters);
                    if (!result.IsValid)
                    {
                        return null;
                    }

                    return result.ClaimsIdentity;
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_ProjectHelperThatReallyValidates()
        => VerifyAsync(Usings + """
            class TokenService
            {
                private readonly TokenValidationParameters _parameters = new();
                public ClaimsPrincipal Validate(string token) => new JwtSecurityTokenHandler().ValidateToken(token, _parameters, out _);
            }
            class Endpoint
            {
                public void Handle(HttpContext context, string token) => context.User = new TokenService().Validate(token);
            }
            """);
}
