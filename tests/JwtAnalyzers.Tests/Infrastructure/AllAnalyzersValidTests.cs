using System.Collections.Immutable;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Tests.Infrastructure;

/// <summary>
/// Realistic, secure JWT code on which every analyzer must stay silent: the precision corpus. A rule that fires here
/// cries wolf on code teams write every day.
/// </summary>
public class AllAnalyzersValidTests
{
    public static IEnumerable<object[]> Corpus => Sources.Select(s => new object[] { s.Name });

    private static readonly (string Name, string Code)[] Sources =
    [
        ("JwtBearerWithAuthority", """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Microsoft.IdentityModel.Tokens;
            using System;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.Authority = "https://login.example.com/tenant";
                        o.Audience = "api://orders";
                        o.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidateIssuer = true,
                            ValidateAudience = true,
                            ValidateLifetime = true,
                            RequireSignedTokens = true,
                            RequireExpirationTime = true,
                            ClockSkew = TimeSpan.FromSeconds(30),
                            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
                        };
                    });
                    builder.Build().Run();
                }
            }
            """),
        ("SymmetricKeyFromConfiguration", """
            using System;
            using System.Text;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;

            public static class JwtSetup
            {
                public static void AddJwt(IServiceCollection services, IConfiguration configuration)
                {
                    var keyBytes = Convert.FromBase64String(configuration["Jwt:SigningKey"] ?? throw new InvalidOperationException("Set Jwt:SigningKey."));
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        o.TokenValidationParameters = new TokenValidationParameters
                        {
                            ValidIssuer = configuration["Jwt:Issuer"],
                            ValidAudience = configuration["Jwt:Audience"],
                            IssuerSigningKey = new SymmetricSecurityKey(keyBytes),
                            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
                            ClockSkew = TimeSpan.FromMinutes(1),
                        };
                    });
                }
            }
            """),
        ("IssueShortLivedSignedToken", """
            using System;
            using System.Collections.Generic;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService
            {
                private readonly SigningCredentials _credentials;
                public TokenService(SecurityKey key) => _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);

                public string Issue(string userId)
                {
                    var descriptor = new SecurityTokenDescriptor
                    {
                        Issuer = "https://api.example.com",
                        Audience = "orders",
                        Subject = new ClaimsIdentity(new[] { new Claim("sub", userId) }),
                        Expires = DateTime.UtcNow.AddMinutes(15),
                        SigningCredentials = _credentials,
                    };
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }
            }
            """),
        ("ValidateThenTrustClaims", """
            using System.Security.Claims;
            using System.Threading.Tasks;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class Validator
            {
                private readonly TokenValidationParameters _parameters;
                public Validator(TokenValidationParameters parameters) => _parameters = parameters;

                public async Task<ClaimsPrincipal?> ValidateAsync(string token)
                {
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, _parameters);
                    if (!result.IsValid)
                    {
                        return null;
                    }

                    return new ClaimsPrincipal(result.ClaimsIdentity);
                }
            }
            """),
        ("RealValidatorsAndResolvers", """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.IdentityModel.Tokens;

            public static class MultiTenant
            {
                public static TokenValidationParameters Create(IReadOnlyCollection<SecurityKey> keys, ISet<string> tenants) => new()
                {
                    ValidAudience = "api",
                    IssuerValidator = (issuer, token, p) => tenants.Contains(issuer) ? issuer : throw new SecurityTokenInvalidIssuerException("unknown tenant"),
                    IssuerSigningKeyResolver = (token, securityToken, kid, p) => keys.Where(k => k.KeyId == kid),
                    LifetimeValidator = (notBefore, expires, token, p) => expires is { } e && e > DateTime.UtcNow,
                };
            }
            """),
        ("KeysFromSecretStoresAndRandomness", """
            using System;
            using System.Security.Cryptography;
            using Microsoft.Extensions.Configuration;
            using Microsoft.IdentityModel.Tokens;

            public static class Keys
            {
                public static SymmetricSecurityKey FromConfiguration(IConfiguration configuration)
                    => new(Convert.FromBase64String(configuration["Jwt:SigningKey"] ?? throw new InvalidOperationException("Set Jwt:SigningKey with dotnet user-secrets.")));

                public static SymmetricSecurityKey FromEnvironment()
                    => new(Convert.FromBase64String(Environment.GetEnvironmentVariable("JWT_SIGNING_KEY") ?? throw new InvalidOperationException("Set JWT_SIGNING_KEY.")));

                public static SymmetricSecurityKey Generated() => new(RandomNumberGenerator.GetBytes(64));

                public static RsaSecurityKey Asymmetric() => new(RSA.Create(2048));

                public static SigningCredentials Credentials(IConfiguration configuration)
                    => new(FromConfiguration(configuration), SecurityAlgorithms.HmacSha512);
            }
            """),
        ("TokensTravelSafely", """
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Logging;
            using Microsoft.JSInterop;

            public sealed class Session
            {
                private readonly ILogger<Session> _logger;
                private readonly IJSRuntime _js;
                public Session(ILogger<Session> logger, IJSRuntime js) { _logger = logger; _js = js; }

                public void SignIn(HttpResponse response, string accessToken, string userName)
                {
                    response.Cookies.Append("__Host-access_token", accessToken, new CookieOptions
                    {
                        HttpOnly = true,
                        Secure = true,
                        SameSite = SameSiteMode.Strict,
                        Path = "/",
                        MaxAge = TimeSpan.FromMinutes(15),
                    });
                    response.Cookies.Append("theme", "dark");
                    _logger.LogInformation("User {User} signed in; token expires in {Minutes} minutes", userName, 15);
                }

                public async Task RememberPreferencesAsync(string theme, System.Threading.CancellationToken cancellationToken)
                {
                    await _js.InvokeVoidAsync("localStorage.setItem", cancellationToken, "theme", theme);
                    var saved = await _js.InvokeAsync<string?>("localStorage.getItem", "access_token");
                    _logger.LogDebug("Preference saved; a stored token exists: {HasToken}", saved is not null);
                }
            }
            """),
        ("SignalRQueryTokensOnlyForHubsAndStorageWrappers", """
            using System.Text.Json;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.JSInterop;

            public sealed class ChatHub : Hub { }
            public sealed record Preferences(string Theme, string Culture);

            public sealed class BrowserStorage
            {
                private readonly IJSRuntime _js;
                public BrowserStorage(IJSRuntime js) => _js = js;
                public async Task SetItem<T>(string key, T value) => await _js.InvokeVoidAsync("localStorage.setItem", key, JsonSerializer.Serialize(value));
                public Task SavePreferences(Preferences preferences) => SetItem("preferences", preferences);
                public Task SaveTheme(string theme) => SetItem("theme", theme);
            }

            public static class Startup
            {
                private const string HubPath = "/realtime/chat";

                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication("smart")
                        .AddPolicyScheme("smart", "API or hub", o => o.ForwardDefaultSelector =
                            context => context.Request.Path.StartsWithSegments(HubPath) ? "hub" : JwtBearerDefaults.AuthenticationScheme)
                        .AddJwtBearer("hub", o =>
                        {
                            o.Authority = "https://login.example.com/tenant";
                            o.Audience = "api://chat";
                            o.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    context.Token = context.Request.Query["access_token"];
                                    return Task.CompletedTask;
                                },
                            };
                        })
                        .AddJwtBearer(o =>
                        {
                            o.Authority = "https://login.example.com/tenant";
                            o.Audience = "api://orders";
                            o.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    var accessToken = context.Request.Query["access_token"];
                                    if (!string.IsNullOrEmpty(accessToken) && context.HttpContext.Request.Path.StartsWithSegments(HubPath))
                                    {
                                        context.Token = accessToken;
                                    }
                                    return Task.CompletedTask;
                                },
                            };
                        });
                    var app = builder.Build();
                    app.MapHub<ChatHub>(HubPath);
                    app.Run();
                }
            }
            """),
        ("UnrelatedLookAlikes", """
            using System;
            public sealed class CacheOptions
            {
                public bool ValidateLifetime { get; set; }
                public bool RequireHttpsMetadata { get; set; }
                public TimeSpan ClockSkew { get; set; }
                public string? Authority { get; set; }
            }
            public static class Use
            {
                public static CacheOptions Make() => new() { ValidateLifetime = false, RequireHttpsMetadata = false, ClockSkew = TimeSpan.FromDays(1), Authority = "http://cache.internal" };
            }
            """),
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task NoAnalyzerReportsAnything(string name)
    {
        var code = Sources.Single(s => s.Name == name).Code;
        var references = TestReferences.Default.AddRange(TestReferences.JwtNet).AddRange(TestReferences.JoseJwt);
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: "/" + name + ".cs")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the corpus must compile:\n" + string.Join("\n", errors));

        var diagnostics = await compilation.WithAnalyzers(AnalyzerCatalog.Analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics));
    }
}
