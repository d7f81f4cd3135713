using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Tests.Infrastructure;

/// <summary>Rule pages are part of the rule: each descriptor has a page that agrees with it.</summary>
public class DocumentationTests
{
    public static IEnumerable<object[]> Ids => AnalyzerCatalog.DescriptorIds;

    private static string PagePath(string id) => Path.Combine(AnalyzerCatalog.RepositoryRoot, "docs", "rules", id + ".md");

    private static DiagnosticDescriptor Descriptor(string id) => AnalyzerCatalog.Descriptors.Single(d => d.Id == id);

    [Fact]
    public void EveryShippedRuleHasADescriptorFromTheFactory()
    {
        Assert.NotEmpty(AnalyzerCatalog.Descriptors);
        foreach (var descriptor in AnalyzerCatalog.Descriptors)
        {
            Assert.Matches("^JWT[0-9]{3}$", descriptor.Id);
            // Security rules; JWT9xx are about the analyzers' own configuration.
            Assert.Equal(descriptor.Id.StartsWith("JWT9", StringComparison.Ordinal) ? "Configuration" : "Security", descriptor.Category);
            Assert.False(descriptor.Title.ToString().EndsWith('.'), $"{descriptor.Id}: titles have no final period");
            Assert.EndsWith(".", descriptor.Description.ToString(), StringComparison.Ordinal);
            Assert.Contains("{0}", descriptor.MessageFormat.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void HelpLinkPointsToThePage(string id)
        => Assert.EndsWith($"/docs/rules/{id}.md", Descriptor(id).HelpLinkUri, StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Ids))]
    public void PageExistsWithTheDescriptorTitle(string id)
    {
        Assert.True(File.Exists(PagePath(id)), $"docs/rules/{id}.md is missing");
        var firstLine = File.ReadLines(PagePath(id)).First();
        Assert.Equal($"# {id}: {Descriptor(id).Title}", firstLine);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void PropertyTableMatchesTheDescriptor(string id)
    {
        var page = File.ReadAllText(PagePath(id));
        var descriptor = Descriptor(id);
        Assert.Equal(descriptor.Category, TableValue(page, "Category"));
        Assert.Equal(descriptor.DefaultSeverity.ToString(), TableValue(page, "Default severity"));
        Assert.Equal(descriptor.IsEnabledByDefault ? "Yes" : "No", TableValue(page, "Enabled by default"));
        var hasFix = AnalyzerCatalog.CodeFixes.Any(f => f.FixableDiagnosticIds.Contains(id));
        Assert.Equal(hasFix ? "Yes" : "No", TableValue(page, "Code fix"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void PageHasEverySection(string id)
    {
        var page = File.ReadAllText(PagePath(id));
        foreach (var section in new[] { "## Cause", "## Why it matters", "## Non-compliant code", "## Compliant code", "## Configuration", "## When to suppress", "## Related rules" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        Assert.Contains($"dotnet_diagnostic.{id}.severity", page, StringComparison.Ordinal);
        Assert.Contains("cwe.mitre.org", page, StringComparison.Ordinal);
    }

    /// <summary>Every option an analyzer reads (public const string fields named *Option) is documented as JWTnnn.option.</summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryOptionIsDocumented(string id)
    {
        var page = File.ReadAllText(PagePath(id));
        var options = AnalyzerCatalog.Analyzers
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
            .SelectMany(a => a.GetType().GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Option", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct();
        foreach (var option in options)
        {
            Assert.Contains($"{id}.{option}", page, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// "Related rules" entries are links: every rule id of this repository that has a page, every NetAnalyzers CAnnnn
    /// and every Sonar Snnnn id is written as a markdown link (a bare id is a dead end for the reader).
    /// </summary>
    [Theory]
    [MemberData(nameof(Ids))]
    public void RelatedRulesAreLinks(string id)
    {
        var page = File.ReadAllText(PagePath(id));
        var start = page.IndexOf("## Related rules", StringComparison.Ordinal);
        Assert.True(start >= 0, "no Related rules section");
        var end = page.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var section = page[start..(end < 0 ? page.Length : end)];

        var bare = Regex.Matches(section, @"(?<![\[(/\w-])(JWT\d{3}|CA\d{4}|S\d{4})(?![\]\w])")
            .Select(m => m.Value)
            .Where(other => !other.StartsWith("JWT", StringComparison.Ordinal) || (other != id && File.Exists(PagePath(other))))
            .ToArray();
        Assert.True(bare.Length == 0, $"{id}: related rules not written as links: {string.Join(", ", bare)}");
        Assert.Matches(new Regex(@"\[(JWT\d{3}|CA\d{4}|S\d{4}|`[^`]+`)\]\(", RegexOptions.None), section);
    }

    /// <summary>RFC 8725 section 3.10 is "Do Not Trust Received Claims": it is not the reference for token lifetime.</summary>
    [Theory]
    [InlineData("JWT003")]
    [InlineData("JWT009")]
    public void LifetimeRulesCiteRfc7519ForExpiry(string id)
    {
        var page = File.ReadAllText(PagePath(id));
        Assert.Contains("RFC 7519 §4.1.4", page, StringComparison.Ordinal);
        Assert.DoesNotContain("8725 §3.10", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JWT001")]
    [InlineData("JWT003")]
    [InlineData("JWT007")]
    [InlineData("JWT008")]
    [InlineData("JWT009")]
    [InlineData("JWT011")]
    [InlineData("JWT013")]
    public void PageLinksToOwasp(string id)
        => Assert.Contains("https://cheatsheetseries.owasp.org/", File.ReadAllText(PagePath(id)), StringComparison.Ordinal);

    [Theory]
    [InlineData("JWT007")]
    [InlineData("JWT008")]
    [InlineData("JWT009")]
    [InlineData("JWT011")]
    [InlineData("JWT012")]
    [InlineData("JWT013")]
    [InlineData("JWT017")]
    public void PageListsKnownLimits(string id)
        => Assert.Contains("## Known limits", File.ReadAllText(PagePath(id)), StringComparison.Ordinal);

    [Fact]
    public void ReleaseTrackingListsEveryRule()
    {
        var unshipped = File.ReadAllText(Path.Combine(AnalyzerCatalog.RepositoryRoot, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in AnalyzerCatalog.Descriptors)
        {
            Assert.Matches(new Regex($@"^{descriptor.Id} \| {descriptor.Category} \| {(descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled")} \|", RegexOptions.Multiline), unshipped);
        }
    }

    private static string TableValue(string page, string property)
    {
        var match = Regex.Match(page, $@"^\|\s*{Regex.Escape(property)}\s*\|\s*(.*?)\s*\|\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"property table row '{property}' is missing");
        return match.Groups[1].Value;
    }
}
