using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace JwtAnalyzers.Runtime.Internal;

/// <summary>
/// The shared list <c>src/Shared/sensitive-claim-words.txt</c>, embedded in the assembly, and its matching rule (see
/// the file's header): a name is split into lower-case words at <c>_ - . : /</c>, spaces and camelCase boundaries;
/// it is sensitive when its words contain an entry as consecutive whole words, unless its last word is a qualifier
/// (an entry starting with <c>!</c>, such as <c>changed</c> in <c>pwd_changed_at</c>... <c>at</c>).
/// </summary>
internal static class SensitiveClaimNames
{
    internal const string ResourceName = "JwtAnalyzers.Runtime.sensitive-claim-words.txt";

    private static readonly Lazy<(List<string[]> Sequences, HashSet<string> Qualifiers)> List = new(Load);

    /// <summary>The list entry the name matches, or <see langword="null"/> when the name is not sensitive.</summary>
    internal static string? Match(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var words = Split(name!);
        if (words.Count == 0 || List.Value.Qualifiers.Contains(words[words.Count - 1]))
        {
            return null;
        }

        foreach (var sequence in List.Value.Sequences)
        {
            for (var start = 0; start + sequence.Length <= words.Count; start++)
            {
                var all = true;
                for (var i = 0; i < sequence.Length && all; i++)
                {
                    all = string.Equals(words[start + i], sequence[i], StringComparison.Ordinal);
                }

                if (all)
                {
                    return string.Join(" ", sequence);
                }
            }
        }

        return null;
    }

    /// <summary>Splits a name into lower-case words ("PasswordHash" → password, hash; "APIKey" → api, key).</summary>
    internal static List<string> Split(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(c) && current.Length > 0)
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Flush();
                }
            }

            current.Append(c);
        }

        Flush();
        return words;
    }

    private static (List<string[]>, HashSet<string>) Load()
    {
        var sequences = new List<string[]>();
        var qualifiers = new HashSet<string>(StringComparer.Ordinal);
        using var stream = typeof(SensitiveClaimNames).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from JwtAnalyzers.Runtime.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                continue;
            }

            if (trimmed.StartsWith("!", StringComparison.Ordinal))
            {
                qualifiers.Add(trimmed.Substring(1).Trim().ToLowerInvariant());
            }
            else
            {
                sequences.Add(trimmed.ToLowerInvariant().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries));
            }
        }

        // Longer sequences first, so the reported entry is the most specific one.
        return (sequences.OrderByDescending(s => s.Length).ToList(), qualifiers);
    }
}
