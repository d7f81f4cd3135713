using System;
using System.Collections.Generic;
using System.IO;

namespace JwtAnalyzers.Internal;

/// <summary>
/// The shipped list of published JWT secrets (<c>src/Shared/well-known-jwt-secrets.txt</c>, embedded in the analyzer
/// assembly): tutorial and documentation samples, placeholders and entries of public JWT cracking word lists. Loaded
/// once; matched case-insensitively after trimming.
/// </summary>
internal static class WellKnownSecrets
{
    private const string ResourceName = "JwtAnalyzers.well-known-jwt-secrets.txt";

    private static readonly Lazy<HashSet<string>> s_secrets = new(Load, isThreadSafe: true);

    public static int Count => s_secrets.Value.Count;

    /// <summary>Phrases that make a value a tutorial placeholder whatever surrounds them ("..., REPLACE IT WITH YOUR OWN SECRET, ...").</summary>
    private static readonly string[] s_placeholderPhrases =
    {
        "your own secret", "replace it with", "replace this with", "replace with your", "change this secret", "change-this",
        "put your secret", "insert your secret", "your-secret-key", "your_secret_key", "yoursecretkey", "secret-key-here",
        "secret_key_here", "secretkeyhere", "please don't use in production", "do not use in production",
    };

    public static bool Contains(string? secret)
    {
        if (secret is null)
        {
            return false;
        }

        var trimmed = secret.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        if (s_secrets.Value.Contains(trimmed))
        {
            return true;
        }

        foreach (var phrase in s_placeholderPhrases)
        {
            if (trimmed.IndexOf(phrase, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Load()
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var stream = typeof(WellKnownSecrets).Assembly.GetManifestResourceStream(ResourceName);
            if (stream is null)
            {
                return set;
            }

            using var reader = new StreamReader(stream);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var entry = line.Trim();
                if (entry.Length > 0 && entry[0] != '#')
                {
                    set.Add(entry);
                }
            }
        }
        catch (IOException)
        {
            // An unreadable resource only means fewer findings; an analyzer must never throw.
        }

        return set;
    }
}
