using JwtAnalyzers.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace JwtAnalyzers.Runtime.Tests;

public class SecureTokenCookiesTests
{
    private static string AppendAndReadHeader(Action<IResponseCookies> append)
    {
        var context = new DefaultHttpContext();
        append(context.Response.Cookies);
        return Assert.Single(context.Response.Headers.SetCookie.ToArray())!;
    }

    [Fact]
    public void AppendToken_EmitsHostPrefixedHttpOnlySecureStrictCookie()
    {
        var header = AppendAndReadHeader(c => c.AppendToken("access_token", "eyJ.a.b", TimeSpan.FromMinutes(30)));
        var cookie = SetCookieHeaderValue.Parse(header);
        Assert.Equal("__Host-access_token", cookie.Name.Value);
        Assert.Equal("eyJ.a.b", cookie.Value.Value);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path.Value);
        Assert.Null(cookie.Domain.Value);
        Assert.Equal(TimeSpan.FromMinutes(30), cookie.MaxAge);
    }

    [Theory]
    [InlineData("__Host-jwt", "__Host-jwt")]
    [InlineData("__Secure-jwt", "__Host-jwt")]
    [InlineData("refresh_token", "__Host-refresh_token")]
    public void GetCookieName_AddsOrKeepsHostPrefix(string name, string expected)
        => Assert.Equal(expected, SecureTokenCookies.GetCookieName(name));

    [Theory]
    [InlineData("")]
    [InlineData("__Host-")]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("a=b")]
    public void GetCookieName_RejectsInvalidNames(string name)
        => Assert.Throws<ArgumentException>(() => SecureTokenCookies.GetCookieName(name));

    [Fact]
    public void TokenCookieOptions_Values()
    {
        var options = SecureTokenCookies.TokenCookieOptions(TimeSpan.FromHours(1));
        Assert.True(options.HttpOnly);
        Assert.True(options.Secure);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Strict, options.SameSite);
        Assert.Equal("/", options.Path);
        Assert.Null(options.Domain);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxAge);
        Assert.True(options.IsEssential);
    }

    [Fact]
    public void NonPositiveLifetime_Throws_WithoutTheToken()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DefaultHttpContext().Response.Cookies.AppendToken("jwt", "SECRET-TOKEN-VALUE", TimeSpan.Zero));
        Assert.DoesNotContain("SECRET-TOKEN-VALUE", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("positive lifetime", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyToken_Throws()
        => Assert.Throws<ArgumentException>(() => new DefaultHttpContext().Response.Cookies.AppendToken("jwt", "", TimeSpan.FromMinutes(5)));

    [Fact]
    public void ReadToken_ReadsHostPrefixedCookie()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "__Host-access_token=abc; access_token=planted";
        Assert.Equal("abc", context.Request.Cookies.ReadToken("access_token"));
        Assert.Null(context.Request.Cookies.ReadToken("refresh_token"));
    }

    [Fact]
    public void DeleteToken_ExpiresHostPrefixedCookie()
    {
        var header = AppendAndReadHeader(c => c.DeleteToken("access_token"));
        var cookie = SetCookieHeaderValue.Parse(header);
        Assert.Equal("__Host-access_token", cookie.Name.Value);
        Assert.True(cookie.Expires < DateTimeOffset.UtcNow);
        Assert.True(cookie.Secure);
        Assert.Equal("/", cookie.Path.Value);
    }
}
