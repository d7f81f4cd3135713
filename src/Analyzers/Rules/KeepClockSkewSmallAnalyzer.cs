using System;
using System.Collections.Immutable;
using System.Globalization;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>JWT009: <c>ClockSkew</c> larger than the allowed maximum (default 5 minutes, <c>JWT009.maximum_clock_skew</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeepClockSkewSmallAnalyzer : DiagnosticAnalyzer
{
    public const string MaximumClockSkewOption = "maximum_clock_skew";

    internal static TimeSpan DefaultMaximum => RuleOptions.MaximumClockSkew.DefaultValue;

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.KeepClockSkewSmall,
        title: "Keep clock skew small",
        messageFormat: "'ClockSkew' is {0}, more than the allowed {1}: tokens are accepted that long after they expire; set it to {1} or less",
        description: "ClockSkew is added to a token's expiry: a skew of hours or days accepts tokens long after they expired, and TimeSpan.MaxValue disables expiry altogether. Keep it within a few minutes.");

    private static readonly ImmutableArray<string> Properties = ImmutableArray.Create("ClockSkew");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            if (TokenValidationContext.Create(start.Compilation) is not { } validation || validation.Symbols.Bcl.TimeSpan is not { } timeSpanType)
            {
                return;
            }

            start.RegisterOperationAction(ctx => Analyze(ctx, validation, timeSpanType), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, TokenValidationContext validation, INamedTypeSymbol timeSpanType)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (validation.MatchProperty(assignment, Properties) is null
            || ConstantValues.MaximumTimeSpan(validation.Flow, assignment.Value, timeSpanType) is not { } skew)
        {
            return;
        }

        // The largest value the skew can take is the one that matters: a skew of one hour on one path is one hour.
        var maximum = RuleOptions.MaximumClockSkew.Get(context.Options, assignment.Syntax.SyntaxTree);
        if (skew <= maximum)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindClampTimeSpan)
            .Add(DiagnosticPropertyKeys.MemberName, "ClockSkew")
            .Add(DiagnosticPropertyKeys.MaximumSeconds, ((long)maximum.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, Describe(skew), Describe(maximum)));
    }

    internal static string Describe(TimeSpan span)
    {
        if (span == TimeSpan.MaxValue)
        {
            return "TimeSpan.MaxValue";
        }

        if (span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return Plural(span.TotalDays, "day");
        }

        if (span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return Plural(span.TotalHours, "hour");
        }

        if (span.TotalMinutes >= 1 && span.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return Plural(span.TotalMinutes, "minute");
        }

        if (span.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return Plural(span.TotalSeconds, "second");
        }

        return span.ToString("c", CultureInfo.InvariantCulture);

        static string Plural(double value, string unit)
            => value.ToString("0", CultureInfo.InvariantCulture) + " " + unit + (value == 1 ? string.Empty : "s");
    }
}
