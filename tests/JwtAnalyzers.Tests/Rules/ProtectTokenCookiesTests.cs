using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.ProtectTokenCookiesAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.ProtectTokenCookiesCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class ProtectTokenCookiesTests
{
    [Fact]
    public Task Append_WithoutOptions()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value, JwtSecurityToken token)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value)|};
                    {|JWT012:http.Response.Cookies.Append("jwt", value)|};
                    {|JWT012:http.Response.Cookies.Append("refresh_token", value)|};
                    {|JWT012:http.Response.Cookies.Append("id_token", value)|};
                    {|JWT012:http.Response.Cookies.Append("auth", value)|};
                    // A non-token name with a token value.
                    {|JWT012:http.Response.Cookies.Append("session", new JwtSecurityTokenHandler().WriteToken(token))|};
                    {|JWT012:http.Response.Cookies.Append("jwt", value, null!)|};
                }
            }
            """);

    [Fact]
    public Task Append_WithIncompleteOptions()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                static CookieOptions HelperOptions() => new CookieOptions { HttpOnly = true };
                static CookieOptions BlockHelper()
                {
                    var o = new CookieOptions { Secure = true };
                    return o;
                }
                async Task SignIn(HttpContext http, string value)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { HttpOnly = true, Secure = true })|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict })|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { Secure = true, SameSite = SameSiteMode.Lax, HttpOnly = false })|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.None })|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new CookieOptions())|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, new() { HttpOnly = true, Secure = true })|};
                    var options = new CookieOptions { HttpOnly = true };
                    options.Secure = true;
                    {|JWT012:http.Response.Cookies.Append("access_token", value, options)|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, HelperOptions())|};
                    {|JWT012:http.Response.Cookies.Append("access_token", value, BlockHelper())|};
                    var fromAuth = await http.GetTokenAsync("access_token");
                    {|JWT012:http.Response.Cookies.Append("a", fromAuth!, new CookieOptions { Secure = true })|};
                }
            }
            """);

    [Fact]
    public Task DocumentCookie_ThroughJsInterop()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Login
            {
                async Task Save(IJSRuntime js, string jwt, string value)
                {
                    await {|JWT012:js.SetValueAsync("document.cookie", $"access_token={value}; path=/")|};
                    await {|JWT012:js.SetValueAsync("document.cookie", "session=" + jwt)|};
                    await {|JWT012:js.InvokeVoidAsync("eval", $"document.cookie = 'jwt={value}; secure'")|};
                    // Non-token cookies written from JS stay silent.
                    await js.SetValueAsync("document.cookie", $"theme={value}");
                    await js.InvokeVoidAsync("eval", "document.cookie = 'consent=yes'");
                }
            }
            """);

    [Fact]
    public Task OnMessageReceived_QueryStringWithoutPathGuard()
        => Verify.VerifyAnalyzerAsync("""
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
                    services.AddAuthentication().AddJwtBearer("b", o =>
                    {
                        o.Events = new JwtBearerEvents();
                        o.Events.OnMessageReceived = ctx =>
                        {
                            var token = ctx.Request.Query["token"];
                            {|JWT012:ctx.Token = token|};
                            return Task.CompletedTask;
                        };
                    });
                }
            }
            class Events : JwtBearerEvents
            {
                public override Task MessageReceived(MessageReceivedContext context)
                {
                    {|JWT012:context.Token = context.HttpContext.Request.Query["access_token"].ToString()|};
                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task Append_WithOptionsFromAFieldOrAParameter()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using Microsoft.AspNetCore.Http;
            class Cookies
            {
                private static readonly CookieOptions TokenCookie = new CookieOptions { HttpOnly = true, Expires = DateTimeOffset.UtcNow.AddHours(1) };
                private readonly CookieOptions _refreshCookie;

                public Cookies() { _refreshCookie = new CookieOptions { Secure = true }; }

                public void Write(HttpContext http, string jwt) => {|JWT012:http.Response.Cookies.Append("jwt", jwt, TokenCookie)|};
                public void WriteRefresh(HttpContext http, string jwt) => {|JWT012:http.Response.Cookies.Append("refresh_token", jwt, _refreshCookie)|};

                // A parameter: every call site's options (here one incomplete inline creation and one local).
                private static void Remember(HttpContext http, string token, CookieOptions options) => {|JWT012:http.Response.Cookies.Append("access_token", token, options)|};
                public void SignIn(HttpContext http, string token) => Remember(http, token, new CookieOptions { Secure = true, SameSite = SameSiteMode.Strict });
                public void Refresh(HttpContext http, string token)
                {
                    var options = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                    Remember(http, token, options);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_OptionsFromAFieldOrAParameter_CompleteOrNotSeen()
        => Verify.VerifyAnalyzerAsync("""
            using Microsoft.AspNetCore.Http;
            class Cookies
            {
                private static readonly CookieOptions Strict = new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                private readonly CookieOptions _mutated = new CookieOptions();
                public CookieOptions Shared = new CookieOptions();

                public Cookies()
                {
                    _mutated.HttpOnly = true;
                    _mutated.Secure = true;
                    _mutated.SameSite = SameSiteMode.Lax;
                }

                void Fields(HttpContext http, string jwt)
                {
                    // FP guards: complete field options; a private field completed elsewhere (constructor); a public field
                    // anyone can change.
                    http.Response.Cookies.Append("jwt", jwt, Strict);
                    http.Response.Cookies.Append("jwt", jwt, _mutated);
                    http.Response.Cookies.Append("jwt", jwt, Shared);
                }

                // FP guard: the parameter is completed in the method.
                static void Remember(HttpContext http, string token, CookieOptions options)
                {
                    options.HttpOnly = true;
                    http.Response.Cookies.Append("access_token", token, options);
                }

                void A(HttpContext http, string t) => Remember(http, t, new CookieOptions { Secure = true, SameSite = SameSiteMode.Strict });

                // FP guard: a caller completes its local before passing it.
                static void Store(HttpContext http, string token, CookieOptions options) => http.Response.Cookies.Append("access_token", token, options);

                void B(HttpContext http, string t)
                {
                    var o = new CookieOptions();
                    o.HttpOnly = true;
                    o.Secure = true;
                    o.SameSite = SameSiteMode.Strict;
                    Store(http, t, o);
                }

                // FP guard: a caller passes options the rule cannot see (a parameter nobody in the compilation supplies).
                static void Pass(HttpContext http, string token, CookieOptions options) => http.Response.Cookies.Append("access_token", token, options);

                void C(HttpContext http, string t, CookieOptions unknown) => Pass(http, t, unknown);
            }
            """);

    [Fact]
    public Task NoDiagnostic_SecureLookAlikes()
        => Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            class Login
            {
                static CookieOptions Complete() => new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict };
                void SignIn(HttpContext http, string value, CookieOptions injected, bool https)
                {
                    // Complete options, inline, in a local, or from a helper.
                    http.Response.Cookies.Append("access_token", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromMinutes(30) });
                    http.Response.Cookies.Append("jwt", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
                    var options = new CookieOptions { HttpOnly = true };
                    options.Secure = true;
                    options.SameSite = SameSiteMode.Strict;
                    http.Response.Cookies.Append("refresh_token", value, options);
                    http.Response.Cookies.Append("refresh_token", value, Complete());
                    // Values we cannot see get the benefit of the doubt.
                    http.Response.Cookies.Append("refresh_token", value, injected);
                    http.Response.Cookies.Append("refresh_token", value, new CookieOptions { HttpOnly = true, Secure = https, SameSite = SameSiteMode.Strict });
                    // Non-token cookies (culture, consent, theme, tokenizer settings, CSRF token read by script on purpose).
                    http.Response.Cookies.Append(".AspNetCore.Culture", value);
                    http.Response.Cookies.Append("consent", "yes");
                    http.Response.Cookies.Append("theme", value);
                    http.Response.Cookies.Append("tokenizer_settings", value);
                    http.Response.Cookies.Append("XSRF-TOKEN", value, new CookieOptions { Secure = true, SameSite = SameSiteMode.Strict });
                    http.Response.Cookies.Delete("access_token");
                }

                void Configure(IServiceCollection services)
                {
                    // The SignalR pattern Microsoft documents: the query string only for hub paths.
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                var accessToken = context.Request.Query["access_token"];
                                var path = context.HttpContext.Request.Path;
                                if (!string.IsNullOrEmpty(accessToken) && path.StartsWithSegments("/hubs"))
                                {
                                    context.Token = accessToken;
                                }
                                return Task.CompletedTask;
                            },
                        };
                    });
                    // From a header: not the query string.
                    services.AddAuthentication().AddJwtBearer("h", o =>
                    {
                        o.Events = new JwtBearerEvents { OnMessageReceived = c => { c.Token = c.Request.Headers["X-Api-Token"]; return Task.CompletedTask; } };
                    });
                }
            }
            """);

    [Fact]
    public Task OnMessageReceived_PathGuardForAnOrdinaryEndpoint()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.DependencyInjection;
            public class ChatHub : Hub { }
            class Startup
            {
                const string Orders = "/api/orders";
                void Configure(IServiceCollection services, WebApplication app)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                var accessToken = context.Request.Query["access_token"];
                                // A path guard, but for an API endpoint: not a hub.
                                if (!string.IsNullOrEmpty(accessToken) && context.HttpContext.Request.Path.StartsWithSegments("/api/orders"))
                                {
                                    {|JWT012:context.Token = accessToken|};
                                }
                                if (context.Request.Path == Orders)
                                {
                                    {|JWT012:context.Token = context.Request.Query["token"]|};
                                }
                                // A path that no MapHub of the project maps and that does not name a hub.
                                if (context.Request.Path.StartsWithSegments("/realtime/notifications"))
                                {
                                    {|JWT012:context.Token = accessToken|};
                                }
                                // Query.TryGetValue(..., out var t).
                                if (context.Request.Query.TryGetValue("access_token", out var fromQuery))
                                {
                                    {|JWT012:context.Token = fromQuery|};
                                }
                                return Task.CompletedTask;
                            },
                        };
                    });
                    app.MapHub<ChatHub>("/realtime/chat");
                }
            }
            """);

    /// <summary>
    /// The header write is the framework's (<c>HeaderDictionaryExtensions.Append</c>), by symbol: a project's own
    /// <c>Append(this IHeaderDictionary, ...)</c> extension that writes nothing is not a copy into the header.
    /// </summary>
    [Fact]
    public Task Middleware_ProjectExtensionNamedAppend_IsNotAHeaderWrite()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            namespace App
            {
                static class HeaderAudit
                {
                    public static void Append(this IHeaderDictionary headers, string name, string value) { }
                }

                class Startup
                {
                    void Configure(WebApplication app)
                    {
                        app.Use(async (context, next) =>
                        {
                            context.Request.Headers.Append("Authorization", "Bearer " + context.Request.Query["access_token"]);
                            await next(context);
                        });
                    }
                }
            }
            """);

    [Fact]
    public Task Middleware_CopiesQueryTokenIntoAuthorizationHeader()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Net.Http.Headers;
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
                    app.Use(async (context, next) =>
                    {
                        if (context.Request.Query.TryGetValue("token", out var token))
                        {
                            {|JWT012:context.Request.Headers.Append(HeaderNames.Authorization, $"Bearer {token}")|};
                        }
                        await next(context);
                    });
                }
            }
            // A middleware class (the IMiddleware and the convention shapes).
            sealed class QueryTokenMiddleware : IMiddleware
            {
                public Task InvokeAsync(HttpContext context, RequestDelegate next)
                {
                    {|JWT012:context.Request.Headers.Authorization = "Bearer " + context.Request.Query["access_token"]|};
                    return next(context);
                }
            }
            sealed class ConventionMiddleware
            {
                private readonly RequestDelegate _next;
                public ConventionMiddleware(RequestDelegate next) => _next = next;
                public Task Invoke(HttpContext context)
                {
                    var headers = context.Request.Headers;
                    var raw = context.Request.Query["access_token"].ToString();
                    {|JWT012:headers.Add("authorization", "Bearer " + raw)|};
                    return _next(context);
                }
            }
            """);

    [Fact]
    public Task NoDiagnostic_HubGuardsAndHubOnlySchemes()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.DependencyInjection;
            public class ChatHub : Hub { }
            public class NotificationsHub : Hub { }
            class Startup
            {
                const string HubScheme = "hubs";
                const string ChatPath = "/realtime/chat";
                void Configure(IServiceCollection services, WebApplication app)
                {
                    // Guards whose path is a hub mapped below (also through a constant, a local flag, an early return,
                    // and a route group's prefix).
                    services.AddAuthentication().AddJwtBearer("a", o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                var accessToken = context.Request.Query["access_token"];
                                var isHub = context.HttpContext.Request.Path.StartsWithSegments(ChatPath);
                                if (isHub)
                                {
                                    context.Token = accessToken;
                                }
                                return Task.CompletedTask;
                            },
                        };
                    });
                    services.AddAuthentication().AddJwtBearer("b", o =>
                    {
                        o.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                if (!context.Request.Path.StartsWithSegments(new PathString("/push/notifications")))
                                {
                                    return Task.CompletedTask;
                                }
                                context.Token = context.Request.Query["access_token"];
                                return Task.CompletedTask;
                            },
                        };
                    });
                    // A scheme used only for hubs: the policy scheme forwards to it only for hub paths.
                    services.AddAuthentication("smart")
                        .AddPolicyScheme("smart", "JWT or hub", o =>
                        {
                            o.ForwardDefaultSelector = context => context.Request.Path.StartsWithSegments(ChatPath) ? HubScheme : JwtBearerDefaults.AuthenticationScheme;
                        })
                        .AddJwtBearer(HubScheme, o =>
                        {
                            o.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    context.Token = context.Request.Query["access_token"];
                                    return Task.CompletedTask;
                                },
                            };
                        });
                    app.MapHub<ChatHub>(ChatPath);
                    var push = app.MapGroup("/push");
                    push.MapHub<NotificationsHub>("/notifications");
                    // A middleware that copies the query token only for hub paths.
                    app.Use(async (context, next) =>
                    {
                        if (context.Request.Path.StartsWithSegments(ChatPath) && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Request.Headers["Authorization"] = "Bearer " + token;
                        }
                        await next();
                    });
                    // Headers from headers, and query values that are not copied into Authorization.
                    app.Use(async (context, next) =>
                    {
                        context.Request.Headers["X-Culture"] = context.Request.Query["culture"];
                        context.Response.Headers["Authorization"] = "none";
                        await next();
                    });
                }
            }
            """);

    [Fact]
    public Task HubOnlyScheme_SelectedAlsoForOtherPaths_IsReported()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.DependencyInjection;
            class Startup
            {
                void Configure(IServiceCollection services)
                {
                    services.AddAuthentication("smart")
                        .AddPolicyScheme("smart", "by path", o =>
                        {
                            // The query-token scheme is the fallback for every path that is not /api: not hub-only.
                            o.ForwardDefaultSelector = context => context.Request.Path.StartsWithSegments("/api") ? JwtBearerDefaults.AuthenticationScheme : "query";
                        })
                        .AddJwtBearer("query", o =>
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
            """);

    /// <summary>Without any MapHub in the project (hubs mapped elsewhere), a guard path that names a hub is accepted.</summary>
    [Fact]
    public Task NoDiagnostic_HubNamedGuardWithoutMapHub()
        => Verify.VerifyAnalyzerAsync("""
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
                                var path = context.HttpContext.Request.Path;
                                if (path.Value!.StartsWith("/chathub"))
                                {
                                    context.Token = context.Request.Query["access_token"];
                                }
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }
            """);

    [Fact]
    public Task KnownLimit_CookiePolicyAndOtherShapes()
        => Verify.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.CookiePolicy;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void Configure(IApplicationBuilder app, HttpContext http, string value)
                {
                    // A global cookie policy hardens every Append at run time; the rule does not see it and still reports.
                    app.UseCookiePolicy(new CookiePolicyOptions { HttpOnly = HttpOnlyPolicy.Always, Secure = CookieSecurePolicy.Always, MinimumSameSitePolicy = SameSiteMode.Strict });
                    {|JWT012:http.Response.Cookies.Append("access_token", value)|};
                    // The span overload is not analysed.
                    http.Response.Cookies.Append(new[] { new KeyValuePair<string, string>("access_token", value) }, new CookieOptions());
                    // Tokens read from a cookie in OnMessageReceived are not reported (the cookie write is, where it happens).
                }
            }
            """);

    [Fact]
    public Task Fix_InPlace_AddsMissingOptions()
        => Verify.VerifyCodeFixAsync("""
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value)|};
                    {|JWT012:http.Response.Cookies.Append("jwt", value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.None })|};
                    {|JWT012:http.Response.Cookies.Append("refresh_token", value, new CookieOptions())|};
                    {|JWT012:http.Response.Cookies.Append("id_token", value, null!)|};
                }
            }
            """, """
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    http.Response.Cookies.Append("access_token", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                    http.Response.Cookies.Append("jwt", value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = true });
                    http.Response.Cookies.Append("refresh_token", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                    http.Response.Cookies.Append("id_token", value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                }
            }
            """, Verify_InPlaceKey);

    private const string Verify_InPlaceKey = JwtAnalyzers.CodeFixes.Rules.ProtectTokenCookiesCodeFix.InPlaceKey;

    [Fact]
    public Task Fix_AppendToken_WhenRuntimeReferenced()
        => Verify.VerifyCodeFixAsync("""
            using System;
            using Microsoft.AspNetCore.Http;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    {|JWT012:http.Response.Cookies.Append("access_token", value)|};
                    {|JWT012:http.Response.Cookies.Append("refresh_token", value, new CookieOptions { Secure = true, MaxAge = TimeSpan.FromDays(1) })|};
                }
            }
            """, """
            using System;
            using Microsoft.AspNetCore.Http;
            using JwtAnalyzers.Runtime;
            class Login
            {
                void SignIn(HttpContext http, string value)
                {
                    http.Response.Cookies.AppendToken("access_token", value, TimeSpan.FromHours(1));
                    http.Response.Cookies.AppendToken("refresh_token", value, TimeSpan.FromDays(1));
                }
            }
            """, JwtAnalyzers.CodeFixes.Rules.ProtectTokenCookiesCodeFix.RuntimeKey, withRuntime: true);
}
