using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal;

/// <summary>The one place that builds <see cref="DiagnosticDescriptor"/>s, so every rule has the same shape.</summary>
internal static class RuleDescriptors
{
    public const string Category = "Security";

    /// <summary>Category of the diagnostics about the analyzers' own configuration (JWT9xx).</summary>
    public const string ConfigurationCategory = "Configuration";
    public const string HelpLinkBase = "https://github.com/jwtanalyzers/jwtanalyzers/blob/main/docs/rules/";

    public static string GetHelpUri(string id) => HelpLinkBase + id + ".md";

#pragma warning disable RS0030 // The banned constructor is used here, and only here.
    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string description,
        DiagnosticSeverity defaultSeverity = DiagnosticSeverity.Warning,
        bool isEnabledByDefault = true,
        string category = Category,
        params string[] customTags)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault,
            description,
            GetHelpUri(id),
            customTags: customTags);
    }
#pragma warning restore RS0030
}
