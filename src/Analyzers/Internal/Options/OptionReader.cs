using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Internal.Options;

/// <summary>
/// The one way options are read: <c>JWTnnn.option_name = value</c> or <c>dotnet_diagnostic.JWTnnn.option_name = value</c>
/// from <c>.editorconfig</c> / global configs, per syntax tree or additional file (then the global options).
/// </summary>
internal static class OptionReader
{
    /// <summary>The raw, trimmed value of <paramref name="key"/> (<c>JWTnnn.name</c>) in <paramref name="config"/>, accepting the <c>dotnet_diagnostic.</c> prefix; null when unset or blank.</summary>
    public static string? Raw(AnalyzerConfigOptions config, string key)
    {
        if (config.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        if (config.TryGetValue("dotnet_diagnostic." + key, out value) && !string.IsNullOrWhiteSpace(value))
        {
            return value.Trim();
        }

        return null;
    }

    /// <summary>The raw value of <paramref name="key"/> for <paramref name="tree"/> (its section of the configuration, then the global options).</summary>
    public static string? Raw(AnalyzerOptions options, SyntaxTree tree, string key)
        => Raw(options.AnalyzerConfigOptionsProvider.GetOptions(tree), key) ?? Raw(options.AnalyzerConfigOptionsProvider.GlobalOptions, key);

    /// <summary>The raw value of <paramref name="key"/> for an additional file, then the global options.</summary>
    public static string? Raw(AnalyzerOptions options, AdditionalText file, string key)
        => Raw(options.AnalyzerConfigOptionsProvider.GetOptions(file), key) ?? Raw(options.AnalyzerConfigOptionsProvider.GlobalOptions, key);
}
