using System;
using Microsoft.AspNetCore.Http;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Writes and reads cookies that carry a token with every protection a browser offers: the <c>__Host-</c> name prefix
/// (the browser then refuses the cookie unless it is Secure, has <c>Path=/</c> and no <c>Domain</c>, so a sibling
/// subdomain cannot plant or overwrite it), <c>HttpOnly</c> (no script can read it), <c>Secure</c> (HTTPS only),
/// <c>SameSite=Strict</c> (not sent with cross-site requests) and a bounded lifetime.
/// </summary>
public static partial class SecureTokenCookies
{
    /// <summary>The prefix every token cookie name gets.</summary>
    public const string HostPrefix = "__Host-";

    private const string SecurePrefix = "__Secure-";

    /// <summary>
    /// Appends <paramref name="token"/> as the cookie <c>__Host-{name}</c> with <see cref="TokenCookieOptions"/>.
    /// Read it back with <see cref="ReadToken"/> (or <c>Request.Cookies["__Host-" + name]</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or contains characters not allowed in a cookie name, or the lifetime is not positive.</exception>
    public static void AppendToken(this IResponseCookies cookies, string name, string token, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            throw new ArgumentException("The token is empty. To remove a token cookie, call DeleteToken.", nameof(token));
        }

        cookies.Append(GetCookieName(name), token, TokenCookieOptions(lifetime));
    }

    /// <summary>
    /// The options for a token cookie: <c>HttpOnly</c>, <c>Secure</c>, <c>SameSite=Strict</c>, <c>Path=/</c>, no
    /// <c>Domain</c>, <c>MaxAge</c> = <paramref name="lifetime"/>, and essential (a consent policy must not drop the
    /// sign-in cookie). Use with a name that starts with <see cref="HostPrefix"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is zero or negative.</exception>
    public static CookieOptions TokenCookieOptions(TimeSpan lifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A token cookie needs a positive lifetime; use the token's own lifetime (for example TimeSpan.FromMinutes(60)).");
        }

        return new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            Domain = null,
            MaxAge = lifetime,
            IsEssential = true,
        };
    }

    /// <summary>The token stored by <see cref="AppendToken"/> under <paramref name="name"/>, or null.</summary>
    public static string? ReadToken(this IRequestCookieCollection cookies, string name)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        return cookies.TryGetValue(GetCookieName(name), out var value) && !string.IsNullOrEmpty(value) ? value : null;
    }

    /// <summary>Deletes the token cookie written by <see cref="AppendToken"/> (same name, path and attributes).</summary>
    public static void DeleteToken(this IResponseCookies cookies, string name)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        cookies.Delete(GetCookieName(name), new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict, Path = "/" });
    }

    /// <summary><c>access_token</c> becomes <c>__Host-access_token</c>; a name that already has the prefix is kept; <c>__Secure-</c> is upgraded.</summary>
    /// <exception cref="ArgumentException">The name is empty or has characters a cookie name cannot contain.</exception>
    public static string GetCookieName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bare = name.StartsWith(HostPrefix, StringComparison.Ordinal) ? name.Substring(HostPrefix.Length)
            : name.StartsWith(SecurePrefix, StringComparison.Ordinal) ? name.Substring(SecurePrefix.Length)
            : name;
        if (bare.Length == 0)
        {
            throw new ArgumentException("The cookie name is empty: pass a name such as \"access_token\".", nameof(name));
        }

        foreach (var c in bare)
        {
            // RFC 6265 token characters: visible ASCII except separators.
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The cookie name '{bare}' contains the character U+{(int)c:X4}, which a cookie name cannot contain. Use letters, digits, '-' or '_'.", nameof(name));
            }
        }

        return HostPrefix + bare;
    }
}
