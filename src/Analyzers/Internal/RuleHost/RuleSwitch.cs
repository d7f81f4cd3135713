using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.RuleHost;

/// <summary>
/// Whether a hosted rule can report anything in a compilation. The driver skips a separate analyzer whose every
/// diagnostic is off; the host must do the same per rule, or a rule that is off by default (JWT015) or turned off by the
/// user would still cost its time. The test is conservative: a rule runs unless each of its diagnostics is certainly
/// off everywhere (the driver still filters what a running rule reports by each file's severity).
/// </summary>
internal static class RuleSwitch
{
    public static bool IsOff(ImmutableArray<DiagnosticDescriptor> descriptors, Compilation compilation, CancellationToken cancellationToken)
        => descriptors.All(descriptor => IsOff(descriptor, compilation, cancellationToken));

    private static bool IsOff(DiagnosticDescriptor descriptor, Compilation compilation, CancellationToken cancellationToken)
    {
        var options = compilation.Options;
        var provider = options.SyntaxTreeOptionsProvider;

        // For the compilation: command-line/ruleset options and global configs (the presets). Either turning it on wins.
        // 'severity = default' (the Default preset's every line) says nothing: as for the driver, it does not turn on a
        // rule that is off by default.
        bool? compilationLevel = null;
        if (options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific) && specific != ReportDiagnostic.Default)
        {
            compilationLevel = specific != ReportDiagnostic.Suppress;
        }

        if (provider is not null && provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global) && global != ReportDiagnostic.Default)
        {
            compilationLevel = (compilationLevel ?? false) || global != ReportDiagnostic.Suppress;
        }

        var on = compilationLevel ?? descriptor.IsEnabledByDefault;

        // Per file (.editorconfig sections): on for the compilation, it is off only if every file turns it off; off for
        // the compilation, one file turning it on is enough.
        if (provider is null)
        {
            return !on;
        }

        if (on)
        {
            var any = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                any = true;
                if (!provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var value) || value != ReportDiagnostic.Suppress)
                {
                    return false;
                }
            }

            return any;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var value) && value is not (ReportDiagnostic.Suppress or ReportDiagnostic.Default))
            {
                return false;
            }
        }

        return true;
    }
}
