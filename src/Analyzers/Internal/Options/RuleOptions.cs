using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace JwtAnalyzers.Internal.Options;

/// <summary>Every option of the rule set, typed, with its default and accepted format (JWT900 checks the values against these).</summary>
internal static class RuleOptions
{
    /// <summary>JWT009: the largest accepted <c>ClockSkew</c>.</summary>
    public static readonly OptionDefinition<TimeSpan> MaximumClockSkew = new(
        RuleIdentifiers.KeepClockSkewSmall, "maximum_clock_skew", TimeSpan.FromMinutes(5), TryParseDuration, "whole seconds (120) or a TimeSpan (00:02:00)");

    /// <summary>JWT007: raises the minimum HMAC key size (never below 256 bits or the algorithm's size).</summary>
    public static readonly OptionDefinition<int> MinimumKeyBits = new(
        RuleIdentifiers.UseStrongHmacKey, "minimum_key_bits", 256, TryParseKeyBits, "a whole number of bits, at least 256 (384, 512)");

    /// <summary>JWT008: analyse test projects too.</summary>
    public static readonly OptionDefinition<bool> IncludeTestCode = new(
        RuleIdentifiers.DoNotHardCodeSigningKeys, "include_test_code", false, TryParseBoolean, "true or false");

    /// <summary>JWT008 (and JWT007 for appsettings): extra configuration paths whose values are JWT secrets.</summary>
    public static readonly OptionDefinition<ImmutableArray<string>> AppSettingsKeys = new(
        RuleIdentifiers.DoNotHardCodeSigningKeys, "appsettings_keys", ImmutableArray<string>.Empty, TryParseList, "configuration paths separated by ',' or ';' (Jwt:Key, **:Secret)");

    /// <summary>JWT011: report <c>ProtectedLocalStorage</c> too.</summary>
    public static readonly OptionDefinition<bool> IncludeProtectedLocalStorage = new(
        RuleIdentifiers.DoNotStoreTokensInBrowserStorage, "include_protected_local_storage", false, TryParseBoolean, "true or false");

    /// <summary>The token-name pattern of JWT011, JWT012 and JWT017 (per rule), and the shared <c>jwt.token_name_pattern</c>.</summary>
    public static readonly OptionDefinition<Regex?> StorageTokenNamePattern = TokenNamePattern(RuleIdentifiers.DoNotStoreTokensInBrowserStorage);

    public static readonly OptionDefinition<Regex?> CookieTokenNamePattern = TokenNamePattern(RuleIdentifiers.ProtectTokenCookies);

    public static readonly OptionDefinition<Regex?> LogTokenNamePattern = TokenNamePattern(RuleIdentifiers.DoNotLogRawTokens);

    public static readonly OptionDefinition<Regex?> SharedTokenNamePattern = TokenNamePattern("jwt");

    /// <summary>JWT010: the longest access-token lifetime not reported (never below one minute).</summary>
    public static readonly OptionDefinition<TimeSpan> MaximumLifetime = new(
        RuleIdentifiers.KeepTokenLifetimesShort, "maximum_lifetime", TimeSpan.FromHours(1), TryParseDuration, "whole seconds (3600) or a TimeSpan (01:00:00)");

    /// <summary>JWT010: the longest refresh-token lifetime not reported.</summary>
    public static readonly OptionDefinition<TimeSpan> MaximumRefreshLifetime = new(
        RuleIdentifiers.KeepTokenLifetimesShort, "maximum_refresh_lifetime", TimeSpan.FromDays(14), TryParseDuration, "whole seconds (1209600) or a TimeSpan (14.00:00:00)");

    /// <summary>JWT016: further sensitive claim names, in addition to the shared word list.</summary>
    public static readonly OptionDefinition<Regex?> SensitiveClaimPattern = new(
        RuleIdentifiers.DoNotPutSensitiveDataInClaims, "sensitive_claim_pattern", null, TryParseRegex, "a .NET regular expression (case-insensitive)");

    /// <summary>Every option, for JWT900.</summary>
    public static readonly ImmutableArray<IOptionDefinition> All = ImmutableArray.Create<IOptionDefinition>(
        MaximumClockSkew, MinimumKeyBits, IncludeTestCode, AppSettingsKeys, IncludeProtectedLocalStorage,
        StorageTokenNamePattern, CookieTokenNamePattern, LogTokenNamePattern, SharedTokenNamePattern,
        MaximumLifetime, MaximumRefreshLifetime, SensitiveClaimPattern);

    /// <summary>The token-name pattern option of <paramref name="ruleId"/>.</summary>
    public static OptionDefinition<Regex?> TokenNamePatternFor(string ruleId) => ruleId switch
    {
        RuleIdentifiers.DoNotStoreTokensInBrowserStorage => StorageTokenNamePattern,
        RuleIdentifiers.ProtectTokenCookies => CookieTokenNamePattern,
        RuleIdentifiers.DoNotLogRawTokens => LogTokenNamePattern,
        _ => SharedTokenNamePattern,
    };

    private static OptionDefinition<Regex?> TokenNamePattern(string ruleId)
        => new(ruleId, "token_name_pattern", null, TryParseRegex, "a .NET regular expression (case-insensitive)");

    internal static bool TryParseDuration(string raw, out TimeSpan value)
    {
        if (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= (long)TimeSpan.MaxValue.TotalSeconds)
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            value = span;
            return true;
        }

        value = default;
        return false;
    }

    private static bool TryParseKeyBits(string raw, out int value)
        => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 256;

    private static bool TryParseBoolean(string raw, out bool value) => bool.TryParse(raw, out value);

    private static bool TryParseList(string raw, out ImmutableArray<string> value)
    {
        value = raw.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToImmutableArray();
        return !value.IsEmpty;
    }

    /// <summary>Compiled patterns, bounded: cleared when it holds more than <see cref="MaxPatterns"/> distinct values.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex?> s_patterns = new(StringComparer.Ordinal);

    private const int MaxPatterns = 32;

    private static bool TryParseRegex(string raw, out Regex? value)
    {
        try
        {
            if (!s_patterns.TryGetValue(raw, out value))
            {
                if (s_patterns.Count >= MaxPatterns)
                {
                    s_patterns.Clear();
                }

                value = new Regex(raw, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
                s_patterns[raw] = value;
            }

            return true;
        }
        catch (ArgumentException)
        {
            value = null;
            return false;
        }
    }
}
