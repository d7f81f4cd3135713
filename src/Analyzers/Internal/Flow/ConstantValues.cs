using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// Compile-time values of booleans, strings and durations, over every value <see cref="ValueFlow.SourcesOf"/> finds:
/// a flag set to <c>false</c> in a constructor, returned by a helper, chosen by a switch arm or copied by a
/// <c>with</c> expression is false here.
/// </summary>
internal static class ConstantValues
{
    /// <summary>True when every value that may reach <paramref name="value"/> is known to be false (the engine of its compilation).</summary>
    public static bool IsFalse(IOperation value) => ValueFlow.For(value) is { } flow && IsFalse(flow, value);

    /// <summary>The one constant string every value of <paramref name="value"/> has, or null (the engine of its compilation).</summary>
    public static string? String(IOperation value) => ValueFlow.For(value) is { } flow ? String(flow, value) : null;

    /// <summary>True when every value that may reach <paramref name="value"/> is known to be false.</summary>
    public static bool IsFalse(ValueFlow flow, IOperation value) => Boolean(flow, value, 0) == false;

    /// <summary>True when every value that may reach <paramref name="value"/> is known to be true.</summary>
    public static bool IsTrue(ValueFlow flow, IOperation value) => Boolean(flow, value, 0) == true;

    /// <summary>The boolean every value of <paramref name="value"/> has, or null when it is unknown or differs.</summary>
    public static bool? Boolean(ValueFlow flow, IOperation value, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        var sources = flow.SourcesOf(value);
        if (!sources.IsComplete || sources.Values.IsEmpty)
        {
            return null;
        }

        bool? result = null;
        foreach (var source in sources.Values)
        {
            if (SingleBoolean(flow, source, depth) is not { } known || (result is not null && result != known))
            {
                return null;
            }

            result = known;
        }

        return result;
    }

    private static bool? SingleBoolean(ValueFlow flow, IOperation value, int depth)
    {
        value = ValueFlow.Unwrap(value);
        if (value.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return constant;
        }

        if (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            return Boolean(flow, not.Operand, depth + 1) is { } operand ? !operand : null;
        }

        // bool.Parse("false"), Convert.ToBoolean("false")
        if (value is IInvocationOperation { Arguments.Length: 1 } invocation
            && IsBooleanParse(flow, invocation.TargetMethod)
            && String(flow, invocation.Arguments[0].Value) is { } text
            && bool.TryParse(text.Trim(), out var parsed))
        {
            return parsed;
        }

        return null;
    }

    private static bool IsBooleanParse(ValueFlow flow, IMethodSymbol method)
    {
        var bcl = KnownSymbols.Get(flow.Compilation).Bcl;
        return method.IsMemberOf(bcl.Boolean, "Parse") || method.IsMemberOf(bcl.Convert, "ToBoolean");
    }

    /// <summary>The string every value of <paramref name="value"/> has (one constant), or null.</summary>
    public static string? String(ValueFlow flow, IOperation value)
    {
        var sources = flow.SourcesOf(value);
        if (!sources.IsComplete || sources.Values.IsEmpty)
        {
            return null;
        }

        string? result = null;
        foreach (var source in sources.Values)
        {
            if (ValueFlow.Unwrap(source).ConstantValue is not { HasValue: true, Value: string text } || (result is not null && result != text))
            {
                return null;
            }

            result = text;
        }

        return result;
    }

    /// <summary>
    /// The largest constant <see cref="TimeSpan"/> among the values that may reach <paramref name="value"/>
    /// (<c>TimeSpan.FromHours(1)</c>, <c>new TimeSpan(1, 0, 0)</c>, <c>TimeSpan.MaxValue</c>, <c>TimeSpan.Parse("01:00:00")</c>):
    /// a skew that is one hour on one path is one hour. Null when no value is a known constant.
    /// </summary>
    public static TimeSpan? MaximumTimeSpan(ValueFlow flow, IOperation value, INamedTypeSymbol timeSpanType)
    {
        TimeSpan? maximum = null;
        foreach (var source in flow.SourcesOf(value).Values)
        {
            if (TimeSpanValue(source, timeSpanType) is { } span && (maximum is null || span > maximum))
            {
                maximum = span;
            }
        }

        return maximum;
    }

    /// <summary>The constant <see cref="TimeSpan"/> one expression builds, or null.</summary>
    public static TimeSpan? TimeSpanValue(IOperation value, INamedTypeSymbol timeSpanType)
    {
        value = ValueFlow.Unwrap(value);
        switch (value)
        {
            case IFieldReferenceOperation field when field.Field.IsStatic && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, timeSpanType):
                return field.Field.Name switch
                {
                    nameof(TimeSpan.MaxValue) => TimeSpan.MaxValue,
                    nameof(TimeSpan.MinValue) => TimeSpan.MinValue,
                    nameof(TimeSpan.Zero) => TimeSpan.Zero,
                    _ => null,
                };

            case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, timeSpanType):
                var method = invocation.TargetMethod;
                if ((method.IsMemberOf(timeSpanType, "Parse") || method.IsMemberOf(timeSpanType, "ParseExact")) && invocation.Arguments.Length >= 1
                    && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text }
                    && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }

                var unit = method.Name switch
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

            case IDefaultValueOperation defaultValue when SymbolEqualityComparer.Default.Equals(defaultValue.Type, timeSpanType):
                return TimeSpan.Zero;

            default:
                return null;
        }
    }

    /// <summary>Adds up arguments, using each parameter's name as its unit (<c>hours</c>, <c>minutes</c>, ...).</summary>
    private static TimeSpan? Sum(ImmutableArray<IArgumentOperation> arguments, string? defaultUnit)
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

            var perUnit = TimeUnits.TicksPerUnit(argument, defaultUnit);
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
