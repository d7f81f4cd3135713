using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Internal.Options;

/// <summary>An option as the validation diagnostic (JWT900) sees it: its key, the format it accepts, and a check.</summary>
internal interface IOptionDefinition
{
    /// <summary>The key without prefix (<c>JWT009.maximum_clock_skew</c>).</summary>
    string Key { get; }

    /// <summary>The accepted format, in words (<c>whole seconds (120) or a TimeSpan (00:02:00)</c>).</summary>
    string Format { get; }

    /// <summary>True when <paramref name="raw"/> is a valid value.</summary>
    bool IsValid(string raw);
}

/// <summary>
/// A typed <c>.editorconfig</c> option with its default: <see cref="Get(AnalyzerOptions, SyntaxTree)"/> returns the
/// parsed value, or the default when the option is unset or invalid (an invalid value is reported by JWT900, never
/// silently ignored). Anchor: Meziantou's ConfigurationDefinition.
/// </summary>
/// <typeparam name="T">The option's type.</typeparam>
internal sealed class OptionDefinition<T> : IOptionDefinition
{
    private readonly TryParse _parse;

    public OptionDefinition(string ruleId, string name, T defaultValue, TryParse parse, string format)
    {
        RuleId = ruleId;
        Name = name;
        Key = ruleId + "." + name;
        DefaultValue = defaultValue;
        _parse = parse;
        Format = format;
    }

    /// <summary>Parses a raw value.</summary>
    public delegate bool TryParse(string raw, out T value);

    /// <summary>The rule id (or <c>jwt</c> for options shared by several rules).</summary>
    public string RuleId { get; }

    /// <summary>The option name (<c>maximum_clock_skew</c>).</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public string Key { get; }

    /// <summary>The value used when the option is unset or invalid.</summary>
    public T DefaultValue { get; }

    /// <inheritdoc/>
    public string Format { get; }

    /// <inheritdoc/>
    public bool IsValid(string raw) => _parse(raw, out _);

    /// <summary>
    /// The value for <paramref name="tree"/>. Parsed once per tree's configuration section (the host hands out the
    /// same options object for a tree while its configuration is unchanged): rules that read an option on every
    /// candidate (a log call) pay a table lookup, not a parse.
    /// </summary>
    public T Get(AnalyzerOptions options, SyntaxTree tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        var section = provider.GetOptions(tree);
        var global = provider.GlobalOptions;
        var holder = _parsed.GetValue(section, static _ => new StrongBox<Parsed?>());
        if (holder.Value is { } cached && ReferenceEquals(cached.Global, global))
        {
            return cached.Value;
        }

        var value = Parse(OptionReader.Raw(section, Key) ?? OptionReader.Raw(global, Key));
        holder.Value = new Parsed(global, value);
        return value;
    }

    private readonly ConditionalWeakTable<AnalyzerConfigOptions, StrongBox<Parsed?>> _parsed = new();

    private sealed class Parsed(AnalyzerConfigOptions global, T value)
    {
        public AnalyzerConfigOptions Global { get; } = global;

        public T Value { get; } = value;
    }

    /// <summary>The value for an additional file.</summary>
    public T Get(AnalyzerOptions options, AdditionalText file) => Parse(OptionReader.Raw(options, file, Key));

    /// <summary>The value in one configuration section (no fallback).</summary>
    public T Get(AnalyzerConfigOptions config) => Parse(OptionReader.Raw(config, Key));

    /// <summary>True when the option is set (to a valid value) for <paramref name="tree"/>.</summary>
    public bool TryGet(AnalyzerOptions options, SyntaxTree tree, out T value)
    {
        var raw = OptionReader.Raw(options, tree, Key);
        if (raw is not null && _parse(raw, out value))
        {
            return true;
        }

        value = DefaultValue;
        return false;
    }

    private T Parse(string? raw) => raw is not null && _parse(raw, out var value) ? value : DefaultValue;
}
