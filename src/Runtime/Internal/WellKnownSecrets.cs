using System;
using System.Collections.Generic;
using System.IO;

namespace JwtAnalyzers.Runtime.Internal;

/// <summary>
/// The shared list <c>src/Shared/well-known-jwt-secrets.txt</c>, embedded in the assembly: one secret per line,
/// '#' starts a comment line, compared case-insensitively after trimming.
/// </summary>
internal static class WellKnownSecrets
{
    internal const string ResourceName = "JwtAnalyzers.Runtime.well-known-jwt-secrets.txt";

    private static readonly Lazy<HashSet<string>> Secrets = new(Load);

    internal static int Count => Secrets.Value.Count;

    internal static bool Contains(string? value)
    {
        if (value is null)
        {
            return false;
        }

        var trimmed = value.Trim();
        return trimmed.Length > 0 && Secrets.Value.Contains(trimmed);
    }

    private static HashSet<string> Load()
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using var stream = typeof(WellKnownSecrets).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from JwtAnalyzers.Runtime.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                set.Add(trimmed);
            }
        }

        return set;
    }
}
