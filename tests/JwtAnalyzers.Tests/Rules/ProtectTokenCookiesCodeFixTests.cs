using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Tests.Verifiers;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.ProtectTokenCookiesAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.ProtectTokenCookiesCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT012 fixes: the default keeps the application working (name and lifetime kept); the rename is a separate, titled action that rewrites the readers.</summary>
public class ProtectTokenCookiesCodeFixTests
{
    [Fact]
    public Task DefaultFix_HardensInPlace_KeepsNameAndLifetime_EvenWithRuntime()
        => Verify.VerifyCodeFixAsync("""
            using System;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { Expires = DateTimeOffset.UtcNow.AddHours(8) })|};
                }
            }
            """, """
            using System;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    http.Response.Cookies.Append("access_token", value, new CookieOptions { Expires = DateTimeOffset.UtcNow.AddHours(8), HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                }
            }
            """, equivalenceKey: null, withRuntime: true);

    [Fact]
    public Task OptionsInALocalOrAHelper_AreCompleted()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    var options = new CookieOptions { Secure = true };
                    {|JWT012:http.Response.Cookies.Append("access_token", value, options)|};
                    {|JWT012:http.Response.Cookies.Append("refresh_token", value, Options())|};
                }

                static CookieOptions Options() => new CookieOptions { HttpOnly = true };
            }
            """, """
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    var options = new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict };
                    http.Response.Cookies.Append("access_token", value, options);
                    http.Response.Cookies.Append("refresh_token", value, Options());
                }

                static CookieOptions Options() => new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
            }
            """, ProtectTokenCookiesCodeFix.InPlaceKey);

    [Fact]
    public Task OptionsFromAFieldOrAParameter_EveryCreationThatReachesThemIsCompleted()
        => Verify.VerifyCodeFixAsync("""
            using System;
            using Microsoft.AspNetCore.Http;
            class Cookies
            {
                private static readonly CookieOptions TokenCookie = new CookieOptions { HttpOnly = true, Expires = DateTimeOffset.UtcNow.AddHours(1) };

                public void Write(HttpContext http, string jwt) => {|JWT012:http.Response.Cookies.Append("jwt", jwt, TokenCookie)|};
                public void WriteId(HttpContext http, string jwt) => {|JWT012:http.Response.Cookies.Append("id_token", jwt, TokenCookie)|};

                private static void Remember(HttpContext http, string token, CookieOptions options) => {|JWT012:http.Response.Cookies.Append("access_token", token, options)|};
                public void SignIn(HttpContext http, string token) => Remember(http, token, new CookieOptions { Secure = true });
                public void Refresh(HttpContext http, string token)
                {
                    var options = new CookieOptions { MaxAge = TimeSpan.FromMinutes(30) };
                    Remember(http, token, options);
                }
            }
            """, """
            using System;
            using Microsoft.AspNetCore.Http;
            class Cookies
            {
                private static readonly CookieOptions TokenCookie = new CookieOptions { HttpOnly = true, Expires = DateTimeOffset.UtcNow.AddHours(1), Secure = true, SameSite = SameSiteMode.Strict };

                public void Write(HttpContext http, string jwt) => http.Response.Cookies.Append("jwt", jwt, TokenCookie);
                public void WriteId(HttpContext http, string jwt) => http.Response.Cookies.Append("id_token", jwt, TokenCookie);

                private static void Remember(HttpContext http, string token, CookieOptions options) => http.Response.Cookies.Append("access_token", token, options);
                public void SignIn(HttpContext http, string token) => Remember(http, token, new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict });
                public void Refresh(HttpContext http, string token)
                {
                    var options = new CookieOptions { MaxAge = TimeSpan.FromMinutes(30), HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                    Remember(http, token, options);
                }
            }
            """);

    [Fact]
    public Task Rename_IsTitled_KeepsTheLifetime_AndRewritesReadersInOtherFiles()
    {
        var test = new Verify.Test
        {
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
            CodeActionEquivalenceKey = ProtectTokenCookiesCodeFix.RuntimeKey,
            CodeActionVerifier = (action, verifier) => verifier.True(action.Title.StartsWith("Fix all", StringComparison.Ordinal) || action.Title.Contains("Rename the cookie to '__Host-access_token'"), action.Title),
        };
        test.TestState.Sources.Add(("/0/Login.cs", """
            using System;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { MaxAge = TimeSpan.FromHours(8) })|};
                }
            }
            """));
        test.TestState.Sources.Add(("/0/Reader.cs", """
            using Microsoft.AspNetCore.Http;
            class Reader
            {
                string? Read(HttpContext http) => http.Request.Cookies["access_token"];
                string? Other(HttpContext http) => http.Request.Cookies["theme"];
                void SignOut(HttpContext http) => http.Response.Cookies.Delete("access_token");
            }
            """));
        test.FixedState.Sources.Add(("/0/Login.cs", """
            using System;
            using Microsoft.AspNetCore.Http;
            using JwtAnalyzers.Runtime;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    http.Response.Cookies.AppendToken("access_token", value, TimeSpan.FromHours(8));
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Reader.cs", """
            using Microsoft.AspNetCore.Http;
            using JwtAnalyzers.Runtime;
            class Reader
            {
                string? Read(HttpContext http) => http.Request.Cookies.ReadToken("access_token");
                string? Other(HttpContext http) => http.Request.Cookies["theme"];
                void SignOut(HttpContext http) => http.Response.Cookies.DeleteToken("access_token");
            }
            """));
        return test.RunAsync();
    }

    /// <summary>
    /// The lifetime kept by the rename is read from <c>DateTime(Offset).UtcNow.AddX(n)</c> by symbol; a project clock's
    /// <c>UtcNow</c> is not the framework's, so that cookie gets the titled 1-hour default.
    /// </summary>
    [Fact]
    public Task Rename_LifetimeFromTheFrameworkClockOnly()
    {
        var test = new Verify.Test
        {
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
            CodeActionEquivalenceKey = ProtectTokenCookiesCodeFix.RuntimeKey,
            NumberOfFixAllIterations = 1,
        };
        test.TestState.Sources.Add(("/0/Login.cs", """
            using System;
            using Microsoft.AspNetCore.Http;
            static class Clock
            {
                public static DateTimeOffset UtcNow => DateTimeOffset.UnixEpoch;
            }

            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { Expires = DateTime.UtcNow.AddDays(2) })|};
                    {|JWT012:http.Response.Cookies.Append("refresh_token", value, new CookieOptions { Expires = Clock.UtcNow.AddDays(30) })|};
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Login.cs", """
            using System;
            using Microsoft.AspNetCore.Http;
            using JwtAnalyzers.Runtime;
            static class Clock
            {
                public static DateTimeOffset UtcNow => DateTimeOffset.UnixEpoch;
            }

            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    http.Response.Cookies.AppendToken("access_token", value, TimeSpan.FromDays(2));
                    http.Response.Cookies.AppendToken("refresh_token", value, TimeSpan.FromHours(1));
                }
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Rename_NotOfferedWithoutTheRuntime_InPlaceStillIs()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value) => {|JWT012:http.Response.Cookies.Append("access_token", value)|};
            }
            """, """
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value) => http.Response.Cookies.Append("access_token", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
            }
            """, withRuntime: false);

    [Fact]
    public Task QueryStringTokenOutsideHub_IsNoLongerAccepted()
        => Verify.VerifyCodeFixAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                {|JWT012:context.Token = context.Request.Query["access_token"]|};
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }
            """, """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }
            """, "JWT012.RemoveQueryStringToken");

    /// <summary>A query token behind a guard for an ordinary endpoint: the same removal (the hub-guarded read stays).</summary>
    [Fact]
    public Task QueryStringTokenBehindNonHubGuard_IsNoLongerAccepted()
        => Verify.VerifyCodeFixAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                var accessToken = context.Request.Query["access_token"];
                                if (context.Request.Path.StartsWithSegments("/api/orders"))
                                {
                                    {|JWT012:context.Token = accessToken|};
                                }
                                if (context.Request.Path.StartsWithSegments("/hubs"))
                                {
                                    context.Token = accessToken;
                                }
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }
            """, """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                var accessToken = context.Request.Query["access_token"];
                                if (context.Request.Path.StartsWithSegments("/api/orders"))
                                {
                                }
                                if (context.Request.Path.StartsWithSegments("/hubs"))
                                {
                                    context.Token = accessToken;
                                }
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }
            """, "JWT012.RemoveQueryStringToken");

    /// <summary>A middleware copying the query token into Authorization gets no fix: removing it would also end query tokens for hubs that rely on it.</summary>
    [Fact]
    public Task Middleware_QueryTokenIntoAuthorization_NoFix()
    {
        const string Source = """
            using Microsoft.AspNetCore.Builder;
            class Startup
            {
                void Configure(WebApplication app)
                {
                    app.Use(async (context, next) =>
                    {
                        var accessToken = context.Request.Query["access_token"];
                        if (!string.IsNullOrEmpty(accessToken))
                        {
                            {|JWT012:context.Request.Headers["Authorization"] = "Bearer " + accessToken|};
                        }
                        await next();
                    });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(Source, Source);
    }
}
