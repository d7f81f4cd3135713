// A deliberately insecure API: see README.md in this folder. Each file shows one area of
// insecure JWT handling; the analyzers read every file, whether or not it is called from here.
using InsecureApi.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddInsecureJwtBearer(builder.Configuration);
builder.Services.AddAuthorization();

var app = builder.Build();

app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/", () => "InsecureApi: do not deploy.");
app.MapGet("/me", (System.Security.Claims.ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous")
    .RequireAuthorization();

app.Run();
