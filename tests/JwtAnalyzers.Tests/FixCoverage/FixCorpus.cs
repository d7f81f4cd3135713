namespace JwtAnalyzers.Tests.FixCoverage;

/// <summary>
/// A realistic, compiling ASP.NET Core + Blazor application with the JWT mistakes real code bases make, spread over
/// several files the way applications spread them: service registration in Program.cs, a token service, a claims
/// gate, a Blazor token store and components (a component class and the code-behind of a .razor page), cookie and
/// logging helpers, a Jwt.Net 7.3.1 token service and a jose-jwt 5.3.0 partner integration. Used by <c>FixCoverageTests</c> and
/// by the light-bulb benchmark (benchmarks/JwtAnalyzers.FixBenchmarks), which links this file.
/// </summary>
public static class FixCorpus
{
    /// <summary>The libraries the corpus compiles against, without the runtime: framework, IdentityModel/JwtBearer, Jwt.Net 7.3.1, jose-jwt 5.3.0.</summary>
    public static System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.MetadataReference> References
        => JwtAnalyzers.Tests.Verifiers.TestReferences.Default.AddRange(JwtAnalyzers.Tests.Verifiers.TestReferences.JwtNet).AddRange(JwtAnalyzers.Tests.Verifiers.TestReferences.JoseJwt);

    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IdentityModel.Tokens.Jwt;
        using System.Linq;
        using System.Security.Claims;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Components;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Logging;
        using Microsoft.IdentityModel.Tokens;
        using Microsoft.JSInterop;

        """;

    public static readonly (string Name, string Text)[] Files =
    {
        ("Program.cs", Usings + """
            using Shop.Api;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddScoped<TokenService>();
            builder.Services.AddScoped<AdminGate>();
            builder.Services.AddScoped<BrowserTokenCache>();
            builder.Services.AddScoped<LegacyTokenService>();
            builder.Services.AddScoped<PartnerTokens>();
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.SaveToken = true;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidateIssuer = false,
                        ValidateAudience = false,
                        ValidateLifetime = false,
                        ClockSkew = TimeSpan.FromMinutes(30),
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("this-is-my-super-secret-signing-key-for-shop")),
                    };
                    options.Events = new JwtBearerEvents
                    {
                        OnMessageReceived = context =>
                        {
                            context.Token = context.Request.Query["access_token"];
                            return Task.CompletedTask;
                        },
                        OnAuthenticationFailed = context =>
                        {
                            context.Success();
                            return Task.CompletedTask;
                        },
                    };
                })
                .AddJwtBearer("Partner", options =>
                {
                    options.Authority = "http://login.partner.example.com/realms/shop";
                    options.RequireHttpsMetadata = false;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAudience = "shop-api",
                        ValidateIssuer = false,
                    };
                })
                .AddJwtBearer("PartnerMetadata", options =>
                {
                    options.MetadataAddress = PartnerIdentity.MetadataAddress;
                    options.Audience = "shop-api";
                })
                .AddJwtBearer("PartnerRealm", options =>
                {
                    options.Authority = $"http://{PartnerIdentity.Host}/realms/{builder.Configuration["Partner:Realm"]}";
                    options.Audience = "shop-api";
                });
            builder.Services.AddAuthorization();
            IdentityModelEventSource.ShowPII = true;

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapPost("/login", (LoginRequest request, TokenService tokens, HttpContext http) =>
            {
                var token = tokens.Issue(request.User);
                http.Response.Cookies.Append("access_token", token);
                CookieDefaults.WriteSession(http, token, new CookieOptions { Secure = true });
                return Results.Ok();
            });
            app.MapPost("/refresh", (HttpContext http, TokenService tokens) =>
            {
                var refreshToken = tokens.IssueUnsigned("refresh");
                http.Response.Cookies.Append("refresh_token", refreshToken, CookieDefaults.Create());
                return Results.Ok();
            });
            app.Run();

            public record LoginRequest(string User);
            """),
        ("TokenService.cs", Usings + """
            namespace Shop.Api;

            public sealed class TokenService
            {
                private const string Secret = "k9Vq3Lx7Tz2Rw8Yp4Nm6Bh1Jd5Gf0Sc7";
                private readonly IConfiguration _configuration;
                private readonly ILogger<TokenService> _logger;

                public TokenService(IConfiguration configuration, ILogger<TokenService> logger)
                {
                    _configuration = configuration;
                    _logger = logger;
                }

                public string Issue(string user)
                {
                    var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret));
                    var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
                    var token = new JwtSecurityToken("shop", "shop-api", new[] { new Claim(ClaimTypes.Name, user) }, expires: DateTime.UtcNow.AddMinutes(30), signingCredentials: credentials);
                    var encoded = new JwtSecurityTokenHandler().WriteToken(token);
                    _logger.LogInformation("Issued token {Token} for {User}", encoded, user);
                    return encoded;
                }

                public string IssueUnsigned(string user)
                {
                    var descriptor = new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, user) }),
                        Expires = DateTime.UtcNow.AddMinutes(5),
                    };
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public JwtSecurityToken Legacy(IEnumerable<Claim> claims)
                    => new JwtSecurityToken("shop", "shop-api", claims, null, DateTime.UtcNow.AddMinutes(5), null);
            }
            """),
        ("Validation.cs", Usings + """
            namespace Shop.Api;

            public static class ValidationProfiles
            {
                public static TokenValidationParameters Internal(SecurityKey key) => new TokenValidationParameters
                {
                    ValidIssuer = "shop",
                    ValidAudience = "shop-api",
                    IssuerSigningKey = key,
                    ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256, "none" },
                    RequireSignedTokens = false,
                    IssuerSigningKeyValidator = (securityKey, token, parameters) => true,
                };

                public static TokenValidationParameters Mixed(SecurityKey hmac, RSA rsa) => new TokenValidationParameters
                {
                    ValidIssuer = "shop",
                    ValidAudience = "shop-api",
                    IssuerSigningKeys = new SecurityKey[] { new SymmetricSecurityKey(new byte[64]), new RsaSecurityKey(rsa) },
                };

                public static TokenValidationParameters Lenient(IConfiguration configuration) => new TokenValidationParameters
                {
                    ValidIssuer = configuration["Jwt:Issuer"],
                    ValidAudience = configuration["Jwt:Audience"],
                    IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(configuration["Jwt:SigningKey"]!)),
                    ValidateLifetime = false,
                    LifetimeValidator = (notBefore, expires, token, parameters) => true,
                    AudienceValidator = (audiences, token, parameters) => true,
                };
            }
            """),
        ("AdminGate.cs", Usings + """
            namespace Shop.Api;

            public sealed class AdminGate
            {
                private readonly IConfiguration _configuration;

                public AdminGate(IConfiguration configuration) => _configuration = configuration;

                public bool IsAdmin(HttpContext context, string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    if (jwt.Claims.Any(c => c.Type == "role" && c.Value == "admin"))
                    {
                        context.User = new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims, "jwt"));
                        return true;
                    }

                    return false;
                }

                public async Task<ClaimsIdentity> CheckAsync(string token, TokenValidationParameters parameters)
                {
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
                    return result.ClaimsIdentity;
                }

                public async Task<ClaimsPrincipal> PrincipalAsync(string token, TokenValidationParameters parameters)
                    => new ClaimsPrincipal((await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters)).ClaimsIdentity);
            }
            """),
        ("BrowserTokenCache.cs", Usings + """
            namespace Shop.Api;

            public sealed class BrowserTokenCache
            {
                private readonly IJSRuntime _js;

                public BrowserTokenCache(IJSRuntime js)
                {
                    _js = js;
                }

                public async Task SaveAsync(string accessToken)
                {
                    await _js.InvokeVoidAsync("localStorage.setItem", "access_token", accessToken);
                }

                public async Task<string?> LoadAsync()
                {
                    var token = await _js.InvokeAsync<string?>("localStorage.getItem", "access_token");
                    return token;
                }
            }

            public class LoginPanel : ComponentBase
            {
                [Inject] private IJSRuntime JS { get; set; } = default!;

                public async Task OnSignedInAsync(string idToken, string refreshToken)
                {
                    await JS.InvokeVoidAsync("sessionStorage.setItem", "id_token", idToken);
                    await JS.InvokeVoidAsync("localStorage.setItem", "refresh_token", refreshToken);
                }
            }
            """),
        ("LegacyTokens.cs", Usings + """
            using JWT;
            using JWT.Algorithms;
            using JWT.Builder;

            namespace Shop.Api;

            // Jwt.Net (NuGet JWT 7.3.1): the token service of the first version of the shop, still used by the mobile app.
            // (7.x has no NoneAlgorithm: its unsigned-token shape, JWT002, exists from 8.5 on and is not served here.)
            public sealed class LegacyTokenService
            {
                private readonly IConfiguration _configuration;

                public LegacyTokenService(IConfiguration configuration) => _configuration = configuration;

                public string IssueLegacy(string user)
                    => new JwtBuilder()
                        .WithAlgorithm(new HMACSHA256Algorithm())
                        .WithSecret("legacy-secret")
                        .AddClaim("sub", user)
                        .AddClaim("exp", DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeSeconds())
                        .Encode();

                public IDictionary<string, object> ReadLegacy(string token)
                    => new JwtBuilder()
                        .WithAlgorithm(new HMACSHA256Algorithm())
                        .WithSecret(_configuration["Jwt:LegacyKey"]!)
                        .DoNotVerifySignature()
                        .Decode<IDictionary<string, object>>(token);

                public string Peek(IJwtDecoder decoder, string token)
                    => decoder.Decode(token, _configuration["Jwt:LegacyKey"]!, verify: false);
            }
            """),
        ("PartnerTokens.cs", Usings + """
            namespace Shop.Api;

            // jose-jwt 5.3.0 (its JWT class is imported inside the namespace: Jwt.Net's root namespace is also 'JWT').
            using Jose;

            public sealed class PartnerTokens
            {
                private static readonly byte[] PartnerKey = Encoding.UTF8.GetBytes("partner-shared-key");
                private readonly IConfiguration _configuration;

                public PartnerTokens(IConfiguration configuration) => _configuration = configuration;

                public string IssueForPartner(IDictionary<string, object> payload)
                    => JWT.Encode(payload, PartnerKey, JwsAlgorithm.HS256);

                public string IssuePreview(IDictionary<string, object> payload)
                    => JWT.Encode(payload, null, JwsAlgorithm.none);

                public IDictionary<string, object> ReadPartner(string token)
                    => JWT.Decode<IDictionary<string, object>>(token);

                public string ReadCallback(string token)
                    => JWT.Decode(token, Encoding.UTF8.GetBytes("callback-key"), JwsAlgorithm.HS256);
            }
            """),
        ("SignIn.razor.cs", Usings + """
            namespace Shop.Client.Pages;

            // The code-behind of SignIn.razor (the markup is not part of this corpus).
            public partial class SignIn : ComponentBase
            {
                private const string TokenKey = "auth_token";

                [Inject] private IJSRuntime JS { get; set; } = default!;

                [Inject] private NavigationManager Navigation { get; set; } = default!;

                private string? _token;

                protected override async Task OnInitializedAsync()
                {
                    _token = await JS.InvokeAsync<string?>("localStorage.getItem", TokenKey);
                }

                public async Task OnTokenReceivedAsync(string token)
                {
                    _token = token;
                    await JS.InvokeVoidAsync("localStorage.setItem", TokenKey, token);
                    Navigation.NavigateTo("/");
                }

                public async Task SignOutAsync()
                {
                    _token = null;
                    await JS.InvokeVoidAsync("localStorage.removeItem", TokenKey);
                }
            }
            """),
        ("PartnerIdentity.cs", Usings + """
            namespace Shop.Api;

            public static class PartnerIdentity
            {
                public const string Host = "login.partner.example.com";

                public static readonly string MetadataAddress = $"http://{Host}/realms/shop/.well-known/openid-configuration";
            }
            """),
        ("CookieDefaults.cs", Usings + """
            namespace Shop.Api;

            public static class CookieDefaults
            {
                public static CookieOptions Create() => new CookieOptions { Secure = true, Expires = DateTimeOffset.UtcNow.AddHours(8) };

                private static readonly CookieOptions RefreshCookie = new CookieOptions { HttpOnly = true, MaxAge = TimeSpan.FromDays(7) };

                public static void Remember(HttpContext http, string jwt)
                {
                    var options = new CookieOptions { HttpOnly = true };
                    http.Response.Cookies.Append("jwt", jwt, options);
                }

                public static void RememberRefresh(HttpContext http, string refreshToken)
                    => http.Response.Cookies.Append("refresh_token", refreshToken, RefreshCookie);

                public static void WriteSession(HttpContext http, string sessionToken, CookieOptions options)
                    => http.Response.Cookies.Append("session_token", sessionToken, options);
            }
            """),
    };
}
