using System.IdentityModel.Tokens.Jwt;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Logging;

namespace InsecureApi.Authentication;

/// <summary>INSECURE: where tokens travel. Cookies without HttpOnly/Secure/SameSite, tokens in the query string, tokens in logs.</summary>
public static class TokenTransport
{
    public static void IssueCookie(HttpContext http, JwtSecurityToken token, ILogger logger)
    {
        var jwt = new JwtSecurityTokenHandler().WriteToken(token);

        // JWT012: readable by scripts, sent over HTTP and with cross-site requests.
        http.Response.Cookies.Append("access_token", jwt);

        // JWT017: the raw token ends up in the logs.
        logger.LogInformation("Issued token {Token}", jwt);
        logger.LogDebug("Request authorization: {Authorization}", (string?)http.Request.Headers.Authorization);
    }

    public static void Configure(JwtBearerOptions options)
    {
        // JWT017: token contents and key details in exception messages, outside any development guard.
        IdentityModelEventSource.ShowPII = true;

        options.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // JWT012: the token is taken from the query string for every path, not only SignalR hubs.
                context.Token = context.Request.Query["access_token"];
                return Task.CompletedTask;
            },
        };
    }
}
