using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>
/// samples/SecureApi end to end, with a cookie-handling client on https like a browser: sign in, call the API,
/// refresh (rotation), replay the old refresh cookie (reuse detection), sign out.
/// </summary>
public class SecureApiSampleTests
{
    private const string Password = "sample-test-password-7f3a";

    private static WebApplicationFactory<Program> Sample() => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Testing");
        b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = TestApi.Secret,
            ["Demo:Password"] = Password,
        }));
    });

    private sealed record Tokens(string AccessToken, DateTimeOffset ExpiresAt);

    [Fact]
    public async Task Sign_in_refresh_reuse_detection_and_sign_out()
    {
        await using var factory = Sample();
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true });

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsJsonAsync("/auth/sign-in", new { userName = "alice", password = "wrong" })).StatusCode);
        var signIn = await browser.PostAsJsonAsync("/auth/sign-in", new { userName = "alice", password = Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("__Host-refresh_token=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var oldCookie = setCookie.Split(';')[0];
        var first = (await signIn.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, "/orders", first.AccessToken)).StatusCode);

        // Rotation: the browser sends its cookie and gets a new access token and a new cookie.
        var refreshed = await browser.PostAsync("/auth/refresh", null);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<Tokens>())!;
        Assert.NotEqual(oldCookie, Assert.Single(refreshed.Headers.GetValues("Set-Cookie")).Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, "/orders", second.AccessToken)).StatusCode);

        // An attacker replays the stolen first cookie: reuse detected, the whole session is revoked.
        var attacker = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var replay = new HttpRequestMessage(HttpMethod.Post, "/auth/refresh");
        replay.Headers.Add("Cookie", oldCookie);
        var replayed = await attacker.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("reuse_detected", await replayed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(browser, "/orders", second.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/auth/refresh", null)).StatusCode);

        // Sign in again and sign out: the access token is revoked at once.
        var again = (await (await browser.PostAsJsonAsync("/auth/sign-in", new { userName = "alice", password = Password })).Content.ReadFromJsonAsync<Tokens>())!;
        Assert.Equal(HttpStatusCode.OK, (await Get(browser, "/orders", again.AccessToken)).StatusCode);
        var signOut = new HttpRequestMessage(HttpMethod.Post, "/auth/sign-out");
        signOut.Headers.Authorization = new AuthenticationHeaderValue("Bearer", again.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(signOut)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Get(browser, "/orders", again.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/auth/refresh", null)).StatusCode);
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client.SendAsync(request);
    }
}
