using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace JwtAnalyzers.Internal;

/// <summary>
/// The shared word list of sensitive claim names (<c>src/Shared/sensitive-claim-words.txt</c>, embedded in the analyzer
/// assembly and used by JwtAnalyzers.Runtime too). A name is split into lower-case words ('_', '-', '.', ':', '/',
/// spaces and camelCase boundaries) and is sensitive when an entry's words occur in it as consecutive whole words (a
/// name word may carry a plural 's'), unless its last word is a qualifier ("pwd_changed_at"). Never substring matching.
/// </summary>
internal static class SensitiveClaimNames
{
    private const string ResourceName = "JwtAnalyzers.sensitive-claim-words.txt";

    private static readonly Lazy<WordList> s_list = new(Load, isThreadSafe: true);

    public static int EntryCount => s_list.Value.Entries.Count;

    /// <summary>True when <paramref name="name"/> is sensitive by the word list or matches <paramref name="extraPattern"/>.</summary>
    public static bool IsSensitive(string? name, Regex? extraPattern = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        if (extraPattern is not null && SafeIsMatch(extraPattern, name!))
        {
            return true;
        }

        var words = SplitWords(name!);
        if (words.Count == 0)
        {
            return false;
        }

        var list = s_list.Value;
        if (list.Qualifiers.Contains(words[words.Count - 1]))
        {
            return false;
        }

        // Each word of the name looks up the entries that start with it (or with its singular): a few dictionary
        // lookups per name, not a pass over every entry.
        for (var start = 0; start < words.Count; start++)
        {
            var word = words[start];
            if ((list.ByFirstWord.TryGetValue(word, out var entries) && StartsAny(words, start, entries))
                || (word.Length > 1 && word[word.Length - 1] == 's' && list.ByFirstWord.TryGetValue(word.Substring(0, word.Length - 1), out entries) && StartsAny(words, start, entries)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsAny(List<string> words, int start, List<string[]> entries)
    {
        foreach (var entry in entries)
        {
            if (MatchesAt(words, start, entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="name"/> contains <paramref name="word"/> as a whole word (for example "refresh").</summary>
    public static bool HasWord(string? name, string word)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var candidate in SplitWords(name!))
        {
            if (candidate == word)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a name into lower-case words at separators and camelCase/PascalCase boundaries ("APIKey" → "api", "key").</summary>
    public static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (current.Length > 0 && char.IsUpper(c))
            {
                var previous = name[i - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Flush();
                }
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }

    /// <summary>The entry's words at <paramref name="start"/>, each word as it is or with a plural 's'.</summary>
    private static bool MatchesAt(List<string> words, int start, string[] entry)
    {
        if (start + entry.Length > words.Count)
        {
            return false;
        }

        for (var j = 0; j < entry.Length; j++)
        {
            var word = words[start + j];
            if (!(word == entry[j] || (word.Length == entry[j].Length + 1 && word[word.Length - 1] == 's' && word.StartsWith(entry[j], StringComparison.Ordinal))))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SafeIsMatch(Regex pattern, string name)
    {
        try
        {
            return pattern.IsMatch(name);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static WordList Load()
    {
        var list = new WordList();
        try
        {
            using var stream = typeof(SensitiveClaimNames).Assembly.GetManifestResourceStream(ResourceName);
            if (stream is null)
            {
                return list;
            }

            using var reader = new StreamReader(stream);
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var entry = line.Trim();
                if (entry.Length == 0 || entry[0] == '#')
                {
                    continue;
                }

                if (entry[0] == '!')
                {
                    list.Qualifiers.Add(entry.Substring(1).Trim().ToLowerInvariant());
                    continue;
                }

                var words = entry.ToLowerInvariant().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length > 0)
                {
                    list.Entries.Add(words);
                    if (!list.ByFirstWord.TryGetValue(words[0], out var entries))
                    {
                        list.ByFirstWord[words[0]] = entries = new List<string[]>();
                    }

                    entries.Add(words);
                }
            }
        }
        catch (IOException)
        {
            // An unreadable resource only means fewer findings; an analyzer must never throw.
        }

        return list;
    }

    private sealed class WordList
    {
        public List<string[]> Entries { get; } = new();

        /// <summary>The entries by their first word.</summary>
        public Dictionary<string, List<string[]>> ByFirstWord { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Qualifiers { get; } = new(StringComparer.Ordinal);
    }
}
