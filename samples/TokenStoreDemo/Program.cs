using System.Security.Claims;
using System.Security.Cryptography;
using JwtAnalyzers.Runtime;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenStoreDemo.Components;

var builder = WebApplication.CreateBuilder(args);

// A fresh signing key per process: the demo issues and validates its own tokens.
var signingKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "demo" };
const string Issuer = "https://token-store-demo.local";
const string Audience = "token-store-demo-api";

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddHttpClient();
// One token store per circuit (per user): tokens live in server memory, never in the browser's Web Storage.
builder.Services.AddSecureTokenStore();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    options.MapInboundClaims = false;
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = signingKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
    };
});
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets();

// Demo credentials only: a real app would check a password or delegate to an identity provider.
app.MapPost("/api/login", (LoginRequest request) =>
{
    if (request.User != "alice" || request.Password != "demo-password")
    {
        return Results.Unauthorized();
    }

    var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Subject = new ClaimsIdentity([new Claim("sub", request.User), new Claim("name", request.User)]),
        Issuer = Issuer,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddMinutes(15),
        SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
    });
    return Results.Ok(new LoginResponse(token));
});

app.MapGet("/api/data", (ClaimsPrincipal user) => Results.Text($"secret data for {user.FindFirst("sub")?.Value}"))
    .RequireAuthorization();

app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();

public sealed record LoginRequest(string User, string Password);

public sealed record LoginResponse(string Token);

public partial class Program;
