using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>One JWT secret found in an <c>appsettings*.json</c> file.</summary>
internal readonly struct AppSettingsSecret
{
    public AppSettingsSecret(string path, string value, Location location, string fileName)
    {
        Path = path;
        Value = value;
        Location = location;
        FileName = fileName;
    }

    /// <summary>The configuration path (<c>Jwt:Key</c>).</summary>
    public string Path { get; }

    /// <summary>The string value.</summary>
    public string Value { get; }

    /// <summary>Where the value is in the file.</summary>
    public Location Location { get; }

    /// <summary>The file name (<c>appsettings.Development.json</c>).</summary>
    public string FileName { get; }
}

/// <summary>
/// JWT secrets committed in <c>appsettings*.json</c> (AdditionalFiles): the configuration paths that hold them (built in,
/// plus <c>JWT008.appsettings_keys</c>), placeholders that are not secrets, and the scan. Shared by JWT007 (too short or
/// well known) and JWT008 (hard-coded).
/// </summary>
internal static class AppSettingsSecrets
{
    /// <summary>Configuration paths (case-insensitive; <c>*</c> = any characters within a section, <c>**</c> = any sections) whose string values are JWT secrets.</summary>
    internal static readonly ImmutableArray<string> DefaultAppSettingsKeys = ImmutableArray.Create(
        "Jwt*:Key",
        "Jwt*:Secret",
        "Jwt*:SecretKey",
        "Jwt*:SigningKey",
        "Jwt*:IssuerSigningKey",
        "Jwt*:SymmetricKey",
        "Jwt*:SymmetricSecurityKey",
        "Jwt*:HmacKey",
        "Jwt*:TokenKey",
        "Jwt*:Token*:Secret",
        "Jwt*:Token*:Key",
        "**:JwtKey",
        "**:JwtSecret",
        "**:JwtSecretKey",
        "**:JwtSigningKey",
        "**:TokenKey",
        "**:TokenSecret",
        "**:TokenSigningKey",
        "**:Jwt_Secret",
        "**:Jwt_Key",
        "AppSettings:Secret",
        "Token*:Secret",
        "Token*:SecretKey",
        "Token*:SigningKey",
        "Authentication:Schemes:*:SigningKeys:*:Value");

    internal static readonly Regex FileName = new(@"^appsettings(\..*)?\.json$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>True when the project passes an <c>appsettings*.json</c> file as an additional file.</summary>
    public static bool HasAppSettings(AnalyzerOptions options) => options.AdditionalFiles.Any(f => FileName.IsMatch(Path.GetFileName(f.Path)));

    /// <summary>The JWT secrets (not placeholders) of <paramref name="file"/>, or nothing when it is not an appsettings file.</summary>
    public static IEnumerable<AppSettingsSecret> Scan(AdditionalText file, AnalyzerOptions options, System.Threading.CancellationToken cancellationToken)
    {
        var fileName = Path.GetFileName(file.Path);
        if (fileName is null || !FileName.IsMatch(fileName))
        {
            yield break;
        }

        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            yield break;
        }

        var patterns = GetPatterns(RuleOptions.AppSettingsKeys.Get(options, file));
        foreach (var value in JsonSecretScanner.ReadStrings(text.ToString()))
        {
            if (IsPlaceholder(value.Value) || !patterns.Any(p => p.IsMatch(value.Path)))
            {
                continue;
            }

            var span = value.Span;
            if (span.End > text.Length)
            {
                continue;
            }

            yield return new AppSettingsSecret(value.Path, value.Value, Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span)), fileName);
        }
    }

    /// <summary>The default patterns, compiled once per process (building them cost more than scanning the file).</summary>
    private static readonly List<Regex> s_defaultPatterns = DefaultAppSettingsKeys.Select(ToRegex).ToList();

    private static List<Regex> GetPatterns(ImmutableArray<string> extra)
        => extra.IsDefaultOrEmpty ? s_defaultPatterns : s_defaultPatterns.Concat(extra.Select(ToRegex)).ToList();

    internal static Regex ToRegex(string pattern)
    {
        var builder = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**:" = any number of leading sections (including none).
                if (i + 2 < pattern.Length && pattern[i + 2] == ':')
                {
                    builder.Append("(?:.*:)?");
                    i += 2;
                }
                else
                {
                    builder.Append(".*");
                    i++;
                }
            }
            else if (pattern[i] == '*')
            {
                builder.Append("[^:]*");
            }
            else
            {
                builder.Append(Regex.Escape(pattern[i].ToString()));
            }
        }

        builder.Append('$');
        return new Regex(builder.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>Empty values and values that are obviously not a secret but a slot to fill in.</summary>
    internal static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return true;
        }

        if ((trimmed.StartsWith("<", StringComparison.Ordinal) && trimmed.EndsWith(">", StringComparison.Ordinal))
            || (trimmed.StartsWith("{", StringComparison.Ordinal) && trimmed.EndsWith("}", StringComparison.Ordinal))
            || (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal))
            || trimmed.StartsWith("${", StringComparison.Ordinal)
            || trimmed.StartsWith("$(", StringComparison.Ordinal)
            || trimmed.StartsWith("#{", StringComparison.Ordinal)
            || (trimmed.StartsWith("%", StringComparison.Ordinal) && trimmed.EndsWith("%", StringComparison.Ordinal) && trimmed.Length > 2)
            || (trimmed.StartsWith("__", StringComparison.Ordinal) && trimmed.EndsWith("__", StringComparison.Ordinal) && trimmed.Length > 4))
        {
            return true;
        }

        return trimmed.IndexOf("user-secrets", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("user secrets", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("keyvault", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("key vault", StringComparison.OrdinalIgnoreCase) >= 0
            || trimmed.IndexOf("@Microsoft.KeyVault", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
