using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Internal;

/// <summary>Reads rule options (<c>JWTnnn.option_name = value</c>) from <c>.editorconfig</c> / global configs, per syntax tree.</summary>
internal static class AnalyzerOptionsExtensions
{
    public static string? GetOption(this AnalyzerOptions options, SyntaxTree tree, string ruleId, string name)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (config.TryGetValue(ruleId + "." + name, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        if (config.TryGetValue("dotnet_diagnostic." + ruleId + "." + name, out value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        return null;
    }

    /// <summary>A duration given as whole seconds (<c>120</c>) or as a <see cref="TimeSpan"/> (<c>00:02:00</c>).</summary>
    public static TimeSpan? GetTimeSpanOption(this AnalyzerOptions options, SyntaxTree tree, string ruleId, string name)
    {
        var value = options.GetOption(tree, ruleId, name);
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        return null;
    }
}
