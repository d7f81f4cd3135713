using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Thrown when JWT validation settings are insecure or incomplete (for example lifetime validation turned off, no
/// audience configured, a clock skew above <see cref="StrictJwtOptions.MaxClockSkew"/>). The message lists every
/// issue with its fix; <see cref="Issues"/> holds them one by one. It never contains a token or key material.
/// </summary>
public sealed class InsecureJwtConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception from the issues found.</summary>
    /// <param name="issues">The issues; at least one.</param>
    public InsecureJwtConfigurationException(IReadOnlyList<JwtConfigurationIssue> issues)
        : this("The JWT validation settings are insecure or incomplete.", issues)
    {
    }

    /// <summary>Creates the exception from the issues found, with a leading sentence.</summary>
    /// <param name="summary">A sentence saying what was being checked.</param>
    /// <param name="issues">The issues; at least one.</param>
    public InsecureJwtConfigurationException(string summary, IReadOnlyList<JwtConfigurationIssue> issues)
        : base(Format(summary, issues))
    {
        Issues = issues ?? Array.Empty<JwtConfigurationIssue>();
    }

    /// <summary>Every issue found, in the order they were detected.</summary>
    public IReadOnlyList<JwtConfigurationIssue> Issues { get; }

    private static string Format(string summary, IReadOnlyList<JwtConfigurationIssue>? issues)
    {
        var builder = new StringBuilder(summary);
        if (issues is { Count: > 0 })
        {
            builder.Append(' ').Append(issues.Count == 1 ? "1 issue:" : $"{issues.Count} issues:");
            foreach (var issue in issues.Where(i => i is not null))
            {
                builder.AppendLine().Append("- ").Append(issue.Property).Append(": ").Append(issue.Problem)
                    .Append(" Fix: ").Append(issue.Fix);
            }
        }

        return builder.ToString();
    }
}
