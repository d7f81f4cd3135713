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

    /// <summary>The longest cookie lifetime accepted when no maximum is passed: 24 hours.</summary>
    public static TimeSpan DefaultMaxLifetime { get; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Appends <paramref name="token"/> as the cookie <c>__Host-{name}</c> with <see cref="TokenCookieOptions(TimeSpan)"/>.
    /// Read it back with <see cref="ReadToken"/> (or <c>Request.Cookies["__Host-" + name]</c>).
    /// </summary>
    /// <param name="cookies">The response cookies.</param>
    /// <param name="name">The cookie name, without the prefix.</param>
    /// <param name="token">The token.</param>
    /// <param name="lifetime">How long the browser keeps the cookie: positive, at most <see cref="DefaultMaxLifetime"/> (24 hours).</param>
    /// <exception cref="ArgumentException">The name is empty or contains characters not allowed in a cookie name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds 24 hours.</exception>
    public static void AppendToken(this IResponseCookies cookies, string name, string token, TimeSpan lifetime) =>
        AppendToken(cookies, name, token, lifetime, DefaultMaxLifetime);

    /// <summary>
    /// As <see cref="AppendToken(IResponseCookies, string, string, TimeSpan)"/>, with an explicit maximum lifetime: the
    /// deliberate opt-out for cookies that must outlive 24 hours (for example a rotated refresh token).
    /// </summary>
    /// <param name="cookies">The response cookies.</param>
    /// <param name="name">The cookie name, without the prefix.</param>
    /// <param name="token">The token.</param>
    /// <param name="lifetime">How long the browser keeps the cookie.</param>
    /// <param name="maxLifetime">The longest acceptable lifetime.</param>
    /// <exception cref="ArgumentException">The name is empty or contains characters not allowed in a cookie name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds <paramref name="maxLifetime"/>.</exception>
    public static void AppendToken(this IResponseCookies cookies, string name, string token, TimeSpan lifetime, TimeSpan maxLifetime)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            throw new ArgumentException("The token is empty. To remove a token cookie, call DeleteToken.", nameof(token));
        }

        cookies.Append(GetCookieName(name), token, TokenCookieOptions(lifetime, maxLifetime));
    }

    /// <summary>
    /// The options for a token cookie: <c>HttpOnly</c>, <c>Secure</c>, <c>SameSite=Strict</c>, <c>Path=/</c>, no
    /// <c>Domain</c>, <c>MaxAge</c> = <paramref name="lifetime"/> (at most 24 hours), and essential (a consent policy
    /// must not drop the sign-in cookie). Use with a name that starts with <see cref="HostPrefix"/>.
    /// </summary>
    /// <param name="lifetime">The cookie lifetime.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is zero, negative or longer than 24 hours.</exception>
    public static CookieOptions TokenCookieOptions(TimeSpan lifetime) => TokenCookieOptions(lifetime, DefaultMaxLifetime);

    /// <summary>As <see cref="TokenCookieOptions(TimeSpan)"/>, with an explicit maximum lifetime.</summary>
    /// <param name="lifetime">The cookie lifetime.</param>
    /// <param name="maxLifetime">The longest acceptable lifetime.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The lifetime is not positive or exceeds <paramref name="maxLifetime"/>.</exception>
    public static CookieOptions TokenCookieOptions(TimeSpan lifetime, TimeSpan maxLifetime)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A token cookie needs a positive lifetime; use the token's own lifetime (for example TimeSpan.FromMinutes(60)).");
        }

        if (lifetime > maxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A token cookie lifetime of {lifetime:c} exceeds the maximum of {maxLifetime:c}: a stolen cookie stays usable that long. Match the cookie to the token's lifetime, or pass a larger maxLifetime deliberately.");
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

    /// <summary>The token stored by <see cref="AppendToken(IResponseCookies, string, string, TimeSpan)"/> under <paramref name="name"/>, or null.</summary>
    public static string? ReadToken(this IRequestCookieCollection cookies, string name)
    {
        ArgumentNullException.ThrowIfNull(cookies);
        return cookies.TryGetValue(GetCookieName(name), out var value) && !string.IsNullOrEmpty(value) ? value : null;
    }

    /// <summary>Deletes the token cookie written by <see cref="AppendToken(IResponseCookies, string, string, TimeSpan)"/> (same name, path and attributes).</summary>
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
