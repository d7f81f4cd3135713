using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>Evaluates the few value shapes the rules care about, after simple propagation through locals and readonly fields.</summary>
internal static class ConstantEvaluator
{
    /// <summary>
    /// True when <paramref name="value"/> is false after simple propagation: a literal, a <c>const</c>, <c>!true</c>,
    /// <c>bool.Parse("false")</c>, or a local or readonly field only ever assigned such a value.
    /// </summary>
    public static bool IsConstantFalse(IOperation value) => ValueResolver.AllValues(value, v => TryGetBoolean(v) == false);

    public static bool IsConstantTrue(IOperation value) => ValueResolver.AllValues(value, v => TryGetBoolean(v) == true);

    private static bool? TryGetBoolean(IOperation value)
    {
        value = value.WalkDownConversion();
        if (value.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return constant;
        }

        if (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not && TryGetBoolean(not.Operand) is { } operand)
        {
            return !operand;
        }

        // bool.Parse("false"), Convert.ToBoolean("false")
        if (value is IInvocationOperation { Arguments.Length: 1 } invocation
            && IsBooleanParse(invocation.TargetMethod)
            && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text }
            && bool.TryParse(text.Trim(), out var parsed))
        {
            return parsed;
        }

        return null;
    }

    private static bool IsBooleanParse(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return (method.Name == "Parse" && type.SpecialType == SpecialType.System_Boolean)
            || (method.Name == "ToBoolean" && type.Name == "Convert" && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true });
    }

    /// <summary>The string value after simple propagation, when every possible value is the same constant string.</summary>
    public static string? TryGetString(IOperation value)
    {
        var values = ValueResolver.GetPossibleValues(value);
        if (values.IsDefaultOrEmpty)
        {
            return null;
        }

        string? result = null;
        foreach (var candidate in values)
        {
            if (candidate.WalkDownConversion().ConstantValue is not { HasValue: true, Value: string text } || (result is not null && result != text))
            {
                return null;
            }

            result = text;
        }

        return result;
    }

    /// <summary>
    /// The smallest <see cref="TimeSpan"/> <paramref name="value"/> may hold, when every possible value is a constant
    /// <c>TimeSpan</c> expression (<c>TimeSpan.FromHours(1)</c>, <c>new TimeSpan(1, 0, 0)</c>, <c>TimeSpan.MaxValue</c>,
    /// <c>TimeSpan.Parse("01:00:00")</c>); null otherwise.
    /// </summary>
    public static TimeSpan? TryGetMinimumTimeSpan(IOperation value, INamedTypeSymbol timeSpanType)
    {
        var values = ValueResolver.GetPossibleValues(value);
        if (values.IsDefaultOrEmpty)
        {
            return null;
        }

        TimeSpan? minimum = null;
        foreach (var candidate in values)
        {
            if (TryGetTimeSpan(candidate, timeSpanType) is not { } span)
            {
                return null;
            }

            minimum = minimum is null || span < minimum ? span : minimum;
        }

        return minimum;
    }

    private static TimeSpan? TryGetTimeSpan(IOperation value, INamedTypeSymbol timeSpanType)
    {
        value = value.WalkDownConversion();
        switch (value)
        {
            case IFieldReferenceOperation field when SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, timeSpanType):
                return field.Field.Name switch
                {
                    nameof(TimeSpan.MaxValue) => TimeSpan.MaxValue,
                    nameof(TimeSpan.MinValue) => TimeSpan.MinValue,
                    nameof(TimeSpan.Zero) => TimeSpan.Zero,
                    _ => null,
                };

            case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, timeSpanType):
                if (invocation.TargetMethod.Name is "Parse" or "ParseExact" && invocation.Arguments.Length >= 1
                    && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text }
                    && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                var unit = invocation.TargetMethod.Name switch
                {
                    "FromDays" => "days",
                    "FromHours" => "hours",
                    "FromMinutes" => "minutes",
                    "FromSeconds" => "seconds",
                    "FromMilliseconds" => "milliseconds",
                    "FromMicroseconds" => "microseconds",
                    "FromTicks" => "ticks",
                    _ => null,
                };
                return unit is null ? null : Sum(invocation.Arguments, unit);

            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, timeSpanType):
                return creation.Arguments.Length == 0 ? TimeSpan.Zero : Sum(creation.Arguments, defaultUnit: null);

            default:
                return null;
        }
    }

    /// <summary>Adds up arguments, using each parameter's name as its unit (<c>hours</c>, <c>minutes</c>, ...).</summary>
    private static TimeSpan? Sum(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string? defaultUnit)
    {
        decimal ticks = 0;
        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue is not { HasValue: true } constant)
            {
                return null;
            }

            decimal number;
            try
            {
                number = Convert.ToDecimal(constant.Value, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                return null;
            }

            var unit = argument.Parameter?.Name switch
            {
                "value" => defaultUnit,
                { } name => name,
                null => null,
            };
            decimal? perUnit = unit switch
            {
                "days" => TimeSpan.TicksPerDay,
                "hours" => TimeSpan.TicksPerHour,
                "minutes" => TimeSpan.TicksPerMinute,
                "seconds" => TimeSpan.TicksPerSecond,
                "milliseconds" => TimeSpan.TicksPerMillisecond,
                "microseconds" => 10,
                "ticks" => 1,
                _ => null,
            };
            if (perUnit is null)
            {
                return null;
            }

            ticks += number * perUnit.Value;
        }

        if (ticks >= TimeSpan.MaxValue.Ticks)
        {
            return TimeSpan.MaxValue;
        }

        if (ticks <= TimeSpan.MinValue.Ticks)
        {
            return TimeSpan.MinValue;
        }

        return TimeSpan.FromTicks((long)ticks);
    }
}
