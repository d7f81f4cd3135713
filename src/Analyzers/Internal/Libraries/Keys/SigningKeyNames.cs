using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>
/// Derives, from the code around a hard-coded key, the configuration key and environment variable the JWT007/JWT008
/// fix moves it to, and packs them into diagnostic properties.
/// </summary>
internal static class SigningKeyNames
{
    public const string DefaultConfigurationKey = "Jwt:SigningKey";

    private static readonly string[] TypeSuffixes = ["Settings", "Options", "Configuration", "Config"];

    public static ImmutableDictionary<string, string?> CreateFixProperties(KeyMaterial material, SigningKeySink sink)
    {
        var configurationKey = DeriveConfigurationKey(material);
        var environmentVariable = material.EnvironmentVariable ?? ToEnvironmentVariable(configurationKey);
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindLoadSigningKey)
            .Add(DiagnosticPropertyKeys.ConfigurationKey, configurationKey)
            .Add(DiagnosticPropertyKeys.EnvironmentVariable, environmentVariable)
            .Add(DiagnosticPropertyKeys.SinkKind, sink.Kind.ToString());
        var algorithm = sink.RequiredBytes switch
        {
            48 => "HmacSha384",
            64 => "HmacSha512",
            _ => null,
        };
        return algorithm is null ? properties : properties.Add(DiagnosticPropertyKeys.HmacAlgorithm, algorithm);
    }

    /// <summary>
    /// <c>config["Jwt:Key"] ?? "dev"</c> → <c>Jwt:Key</c>; a literal in <c>JwtSettings.Secret</c> → <c>JwtSettings:Secret</c>;
    /// in a field <c>_jwtSecret</c> → <c>Jwt:Secret</c>; otherwise <c>Jwt:SigningKey</c>.
    /// </summary>
    public static string DeriveConfigurationKey(KeyMaterial material)
    {
        if (!string.IsNullOrWhiteSpace(material.ConfigurationKey))
        {
            return material.ConfigurationKey!;
        }

        if (material.MemberName is not { Length: > 0 } member)
        {
            return DefaultConfigurationKey;
        }

        var name = ToPascal(member);
        var section = "Jwt";
        if (material.MemberContainer is { Length: > 0 } container && TypeSuffixes.Any(s => container.EndsWith(s, System.StringComparison.Ordinal) && container.Length > s.Length))
        {
            section = container;
        }

        if (section == "Jwt" && name.StartsWith("Jwt", System.StringComparison.OrdinalIgnoreCase) && name.Length > 3)
        {
            name = name.Substring(3);
        }

        if (name.Length == 0 || !name.Any(char.IsLetter))
        {
            return DefaultConfigurationKey;
        }

        return section + ":" + name;
    }

    /// <summary><c>_jwt_secret</c>, <c>s_jwtSecret</c>, <c>JWT_SECRET</c> → <c>JwtSecret</c>.</summary>
    internal static string ToPascal(string name)
    {
        if (name.StartsWith("s_", System.StringComparison.Ordinal) || name.StartsWith("m_", System.StringComparison.Ordinal))
        {
            name = name.Substring(2);
        }

        var parts = name.Split(['_', '-'], System.StringSplitOptions.RemoveEmptyEntries);
        var builder = new StringBuilder();
        var allUpper = name.Any(char.IsLetter) && !name.Any(char.IsLower);
        foreach (var part in parts)
        {
            var word = allUpper ? part.ToLowerInvariant() : part;
            builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        }

        return builder.ToString();
    }

    /// <summary><c>Jwt:SigningKey</c> → <c>JWT_SIGNING_KEY</c>.</summary>
    public static string ToEnvironmentVariable(string configurationKey)
    {
        var words = new List<string>();
        foreach (var segment in configurationKey.Split([':', '_', '-', '.'], System.StringSplitOptions.RemoveEmptyEntries))
        {
            var current = new StringBuilder();
            for (var i = 0; i < segment.Length; i++)
            {
                var c = segment[i];
                var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(segment[i - 1]) || (i + 1 < segment.Length && char.IsLower(segment[i + 1]) && char.IsUpper(segment[i - 1])));
                if (startsWord && current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }

                current.Append(c);
            }

            if (current.Length > 0)
            {
                words.Add(current.ToString());
            }
        }

        return words.Count == 0 ? "JWT_SIGNING_KEY" : string.Join("_", words).ToUpperInvariant();
    }
}
