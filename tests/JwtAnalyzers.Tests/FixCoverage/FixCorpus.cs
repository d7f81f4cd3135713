namespace JwtAnalyzers.Tests.FixCoverage;

/// <summary>
/// A realistic, compiling ASP.NET Core + Blazor application with the JWT mistakes real code bases make, spread over
/// several files the way applications spread them: service registration in Program.cs, a token service, a claims
/// gate, a Blazor token store and component, cookie and logging helpers. Used by <c>FixCoverageTests</c> and
/// by the light-bulb benchmark (benchmarks/JwtAnalyzers.FixBenchmarks), which links this file.
/// </summary>
public static class FixCorpus
{
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
        ("CookieDefaults.cs", Usings + """
            namespace Shop.Api;

            public static class CookieDefaults
            {
                public static CookieOptions Create() => new CookieOptions { Secure = true, Expires = DateTimeOffset.UtcNow.AddHours(8) };

                public static void Remember(HttpContext http, string jwt)
                {
                    var options = new CookieOptions { HttpOnly = true };
                    http.Response.Cookies.Append("jwt", jwt, options);
                }
            }
            """),
    };
}
