using System;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// The unit of one argument of a BCL duration API (<c>TimeSpan.FromMinutes(value)</c>, <c>new TimeSpan(hours, minutes,
/// seconds)</c>, <c>DateTime.AddDays(value)</c>), in ticks: the parameter's name says the unit, and a parameter named
/// <c>value</c> takes the method's own unit. Shared by every evaluator of durations.
/// </summary>
internal static class TimeUnits
{
    /// <summary>Ticks per unit of <paramref name="argument"/>, or null when its unit is not a time unit.</summary>
    public static decimal? TicksPerUnit(IArgumentOperation argument, string? defaultUnit)
    {
        var unit = argument.Parameter?.Name switch
        {
            "value" => defaultUnit,
            { } name => name,
            null => null,
        };
        return unit switch
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
    }
}
