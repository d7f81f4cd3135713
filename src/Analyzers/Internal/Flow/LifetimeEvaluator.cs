using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>How a code fix can bring a computed lifetime down in place.</summary>
internal enum LifetimeFixShape
{
    /// <summary>No in-place repair (Unix arithmetic, a value from a member that is not ours to change).</summary>
    None,

    /// <summary>Replace <see cref="LifetimeValue.FixNode"/> (an instant) with <c>{now}.Add{Unit}(n)</c>.</summary>
    Instant,

    /// <summary>Replace <see cref="LifetimeValue.FixNode"/> (a <c>TimeSpan</c>) with <c>TimeSpan.From{Unit}(n)</c>.</summary>
    TimeSpan,
}

/// <summary>One way an expiry can be computed: the expression (an arm, an initializer), its offset from now, and how to repair it.</summary>
internal readonly struct LifetimeValue
{
    public LifetimeValue(IOperation origin, TimeSpan lifetime, LifetimeFixShape fixShape, SyntaxNode? fixNode, SyntaxNode? nowNode, bool isOffset)
    {
        Origin = origin;
        Lifetime = lifetime;
        FixShape = fixShape;
        FixNode = fixNode;
        NowNode = nowNode;
        IsOffset = isOffset;
    }

    /// <summary>The outermost expression computing this value without branching (an arm of <c>?:</c>, a local's initializer, ...).</summary>
    public IOperation Origin { get; }

    /// <summary>Offset from now; <see cref="TimeSpan.MaxValue"/> when the instant is <c>MaxValue</c> or beyond.</summary>
    public TimeSpan Lifetime { get; }

    public LifetimeFixShape FixShape { get; }

    public SyntaxNode? FixNode { get; }

    /// <summary>The <c>DateTime.UtcNow</c>-like expression the value starts from, kept by the fix.</summary>
    public SyntaxNode? NowNode { get; }

    /// <summary>The instant is a <c>DateTimeOffset</c> (the fix starts from <c>DateTimeOffset.UtcNow</c>).</summary>
    public bool IsOffset { get; }

    public bool NeverExpires => Lifetime == TimeSpan.MaxValue;

    public LifetimeValue WithOrigin(IOperation origin) => new(origin, Lifetime, FixShape, FixNode, NowNode, IsOffset);
}

/// <summary>
/// Evaluates expiry expressions to lifetimes relative to "now": <c>DateTime</c>/<c>DateTimeOffset</c>
/// <c>UtcNow</c>/<c>Now</c>/<c>Today</c> plus <c>AddX(n)</c>, <c>Add(TimeSpan)</c>, <c>+ TimeSpan</c>; <c>MaxValue</c>;
/// <c>TimeSpan</c> constants, <c>FromX</c> calls, constructors and <c>Parse</c>; Unix times (<c>ToUnixTimeSeconds()</c>,
/// <c>EpochTime.GetIntDate</c>, <c>now + seconds</c>); numbers through constants and arithmetic. Every arm of <c>?:</c>,
/// <c>??</c> and <c>switch</c> is a separate value; locals, fields, properties, parameters and helper methods are
/// followed with the value-flow engine (<see cref="ValueFlow.SourcesOf"/>). An empty result means "unknown" (for
/// example a value from configuration).
/// </summary>
internal sealed class LifetimeEvaluator
{
    private const int MaxDepth = 8;

    private readonly ValueFlow _flow;
    private readonly INamedTypeSymbol _dateTime;
    private readonly INamedTypeSymbol? _dateTimeOffset;
    private readonly INamedTypeSymbol? _timeSpan;
    private readonly INamedTypeSymbol? _epochTime;

    public LifetimeEvaluator(ValueFlow flow, INamedTypeSymbol dateTime, INamedTypeSymbol? dateTimeOffset, INamedTypeSymbol? timeSpan, INamedTypeSymbol? epochTime)
    {
        _flow = flow;
        _dateTime = dateTime;
        _dateTimeOffset = dateTimeOffset;
        _timeSpan = timeSpan;
        _epochTime = epochTime;
    }

    /// <summary>The lifetimes an expiry instant (<c>DateTime</c>, <c>DateTimeOffset</c>, nullable or not) may have.</summary>
    public List<LifetimeValue> EvaluateInstant(IOperation value)
    {
        var results = new List<LifetimeValue>();
        Instant(value, results, 0);
        return results;
    }

    /// <summary>The lifetimes a Unix-time <c>exp</c> value may have.</summary>
    public List<LifetimeValue> EvaluateUnixTime(IOperation value)
    {
        var results = new List<LifetimeValue>();
        Unix(value, results, 0);
        return results;
    }

    /// <summary>The values a <c>TimeSpan</c> expression may have.</summary>
    public List<LifetimeValue> EvaluateTimeSpan(IOperation value)
    {
        var results = new List<LifetimeValue>();
        Span(value, results, 0);
        return results;
    }

    /// <summary>The largest value a numeric expression may have, when every value is known.</summary>
    public decimal? EvaluateNumber(IOperation value) => Number(value, 0);

    private bool IsDateType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return SymbolEqualityComparer.Default.Equals(type, _dateTime) || (_dateTimeOffset is not null && SymbolEqualityComparer.Default.Equals(type, _dateTimeOffset));
    }

    private bool IsOffsetType(ITypeSymbol? type) => _dateTimeOffset is not null && SymbolEqualityComparer.Default.Equals(type, _dateTimeOffset);

    private static bool Branches(IOperation operation, List<IOperation> arms)
    {
        switch (operation)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                arms.Add(conditional.WhenTrue);
                arms.Add(whenFalse);
                return true;
            case ICoalesceOperation coalesce:
                arms.Add(coalesce.Value);
                arms.Add(coalesce.WhenNull);
                return true;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    arms.Add(arm.Value);
                }

                return true;
            default:
                return false;
        }
    }

    private void Instant(IOperation operation, List<LifetimeValue> results, int depth)
    {
        operation = operation.WalkDownConversion();
        if (depth > MaxDepth)
        {
            return;
        }

        var arms = new List<IOperation>();
        if (Branches(operation, arms))
        {
            foreach (var arm in arms)
            {
                Instant(arm, results, depth + 1);
            }

            return;
        }

        switch (operation)
        {
            case IPropertyReferenceOperation { Instance: null, Property: { } now } when IsDateType(now.ContainingType) && now.Name is "UtcNow" or "Now" or "Today":
                results.Add(new LifetimeValue(operation, TimeSpan.Zero, LifetimeFixShape.None, null, operation.Syntax, IsOffsetType(now.ContainingType)));
                return;

            case IFieldReferenceOperation { Instance: null, Field: { } field } when IsDateType(field.ContainingType) && field.Name == "MaxValue":
                results.Add(new LifetimeValue(operation, TimeSpan.MaxValue, LifetimeFixShape.Instant, operation.Syntax, null, IsOffsetType(field.ContainingType)));
                return;

            case IPropertyReferenceOperation { Instance: { } instance, Property: { } property } when IsDateType(property.ContainingType) && property.Name is "UtcDateTime" or "DateTime" or "LocalDateTime":
                Wrap(instance, operation, results, depth);
                return;

            case IInvocationOperation { Instance: { } instance, TargetMethod: { } method } invocation when IsDateType(method.ContainingType):
                InstantInvocation(invocation, instance, method, results, depth);
                return;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary when IsDateType(binary.LeftOperand.WalkDownConversion().Type):
                AddSpan(operation, binary.LeftOperand, binary.RightOperand, binary.OperatorKind == BinaryOperatorKind.Subtract, results, depth);
                return;

            case IObjectCreationOperation { Arguments.Length: 1 } creation when IsOffsetType(creation.Type) && IsDateType(creation.Arguments[0].Value.WalkDownConversion().Type):
                Wrap(creation.Arguments[0].Value, operation, results, depth);
                return;

            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
            case IInvocationOperation helper when ValueFlow.IsFollowable(helper.TargetMethod):
                Follow(operation, results, depth, Instant);
                return;
        }
    }

    private void InstantInvocation(IInvocationOperation invocation, IOperation instance, IMethodSymbol method, List<LifetimeValue> results, int depth)
    {
        decimal? unitTicks = method.Name switch
        {
            "AddYears" => TimeSpan.TicksPerDay * 365m,
            "AddMonths" => TimeSpan.TicksPerDay * 30m,
            "AddDays" => TimeSpan.TicksPerDay,
            "AddHours" => TimeSpan.TicksPerHour,
            "AddMinutes" => TimeSpan.TicksPerMinute,
            "AddSeconds" => TimeSpan.TicksPerSecond,
            "AddMilliseconds" => TimeSpan.TicksPerMillisecond,
            "AddTicks" => 1m,
            _ => null,
        };

        if (unitTicks is { } perUnit && invocation.Arguments.Length == 1)
        {
            if (Number(invocation.Arguments[0].Value, depth + 1) is not { } amount)
            {
                return;
            }

            foreach (var start in Collect(instance, depth, Instant))
            {
                var lifetime = Shift(start.Lifetime, Multiply(amount, perUnit));
                results.Add(new LifetimeValue(invocation, lifetime, start.NowNode is null ? LifetimeFixShape.None : LifetimeFixShape.Instant, invocation.Syntax, start.NowNode, start.IsOffset));
            }

            return;
        }

        if (method.Name is "Add" or "Subtract" && invocation.Arguments.Length == 1 && SymbolEqualityComparer.Default.Equals(invocation.Arguments[0].Value.WalkDownConversion().Type, _timeSpan))
        {
            AddSpan(invocation, instance, invocation.Arguments[0].Value, method.Name == "Subtract", results, depth);
            return;
        }

        if (method.Name is "ToUniversalTime" or "ToLocalTime" && invocation.Arguments.Length == 0)
        {
            Wrap(instance, invocation, results, depth);
        }
    }

    private void AddSpan(IOperation whole, IOperation instant, IOperation span, bool subtract, List<LifetimeValue> results, int depth)
    {
        var spans = Collect(span, depth, Span);
        if (spans.Count == 0)
        {
            return;
        }

        foreach (var start in Collect(instant, depth, Instant))
        {
            foreach (var offset in spans)
            {
                var ticks = offset.Lifetime == TimeSpan.MaxValue ? decimal.MaxValue / 2 : offset.Lifetime.Ticks;
                var lifetime = Shift(start.Lifetime, subtract ? -ticks : ticks);
                var startsNow = start.NowNode is not null && start.Lifetime == TimeSpan.Zero;
                var (shape, node) = startsNow && !subtract && offset.FixNode is not null
                    ? (LifetimeFixShape.TimeSpan, offset.FixNode)
                    : (start.NowNode is null ? LifetimeFixShape.None : LifetimeFixShape.Instant, whole.Syntax);
                results.Add(new LifetimeValue(whole, lifetime, shape, node, start.NowNode, start.IsOffset));
            }
        }
    }

    private void Wrap(IOperation inner, IOperation outer, List<LifetimeValue> results, int depth)
    {
        foreach (var value in Collect(inner, depth, Instant))
        {
            results.Add(value.WithOrigin(outer));
        }
    }

    private void Unix(IOperation operation, List<LifetimeValue> results, int depth)
    {
        operation = operation.WalkDownConversion();
        if (depth > MaxDepth)
        {
            return;
        }

        var arms = new List<IOperation>();
        if (Branches(operation, arms))
        {
            foreach (var arm in arms)
            {
                Unix(arm, results, depth + 1);
            }

            return;
        }

        switch (operation)
        {
            case IInvocationOperation { Instance: { } instance, TargetMethod: { } method, Arguments.Length: 0 } when IsOffsetType(method.ContainingType) && method.Name is "ToUnixTimeSeconds" or "ToUnixTimeMilliseconds":
                Wrap(instance, operation, results, depth);
                return;

            case IInvocationOperation { Instance: null, TargetMethod: { } method, Arguments.Length: 1 } invocation
                when _epochTime is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _epochTime) && method.Name == "GetIntDate":
                Wrap(invocation.Arguments[0].Value, operation, results, depth);
                return;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                var left = Collect(binary.LeftOperand, depth, Unix);
                var right = Collect(binary.RightOperand, depth, Unix);
                var (times, seconds) = left.Count > 0 ? (left, binary.RightOperand) : (right, binary.LeftOperand);
                if (times.Count == 0 || Number(seconds, depth + 1) is not { } amount)
                {
                    return;
                }

                foreach (var time in times)
                {
                    results.Add(new LifetimeValue(operation, Shift(time.Lifetime, Multiply(amount, TimeSpan.TicksPerSecond)), LifetimeFixShape.None, null, null, time.IsOffset));
                }

                return;

            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
            case IInvocationOperation helper when ValueFlow.IsFollowable(helper.TargetMethod):
                Follow(operation, results, depth, Unix);
                return;
        }
    }

    private void Span(IOperation operation, List<LifetimeValue> results, int depth)
    {
        operation = operation.WalkDownConversion();
        if (depth > MaxDepth || _timeSpan is null)
        {
            return;
        }

        var arms = new List<IOperation>();
        if (Branches(operation, arms))
        {
            foreach (var arm in arms)
            {
                Span(arm, results, depth + 1);
            }

            return;
        }

        TimeSpan? span = null;
        switch (operation)
        {
            case IFieldReferenceOperation { Field: { } field } when SymbolEqualityComparer.Default.Equals(field.ContainingType, _timeSpan):
                span = field.Name switch
                {
                    "MaxValue" => TimeSpan.MaxValue,
                    "Zero" => TimeSpan.Zero,
                    _ => null,
                };
                break;

            case IInvocationOperation { Instance: null, TargetMethod: { } method } invocation when SymbolEqualityComparer.Default.Equals(method.ContainingType, _timeSpan):
                if (method.Name is "Parse" or "ParseExact" && invocation.Arguments.Length >= 1
                    && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string text }
                    && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                {
                    span = parsed;
                    break;
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
                span = unit is null ? null : Sum(invocation.Arguments, unit, depth);
                break;

            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _timeSpan):
                span = creation.Arguments.Length == 0 ? TimeSpan.Zero : Sum(creation.Arguments, null, depth);
                break;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Multiply } binary:
                var left = Collect(binary.LeftOperand, depth, Span);
                if (binary.OperatorKind == BinaryOperatorKind.Add)
                {
                    var right = Collect(binary.RightOperand, depth, Span);
                    if (left.Count == 1 && right.Count == 1)
                    {
                        span = FromTicks((decimal)left[0].Lifetime.Ticks + right[0].Lifetime.Ticks);
                    }
                }
                else if (left.Count == 1 && Number(binary.RightOperand, depth + 1) is { } factor)
                {
                    span = FromTicks(Multiply(left[0].Lifetime.Ticks, factor));
                }

                break;

            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
            case IInvocationOperation helper when ValueFlow.IsFollowable(helper.TargetMethod):
                Follow(operation, results, depth, Span);
                return;
        }

        if (span is { } value)
        {
            results.Add(new LifetimeValue(operation, value, LifetimeFixShape.TimeSpan, operation.Syntax, null, false));
        }
    }

    /// <summary>The values the engine follows <paramref name="reference"/> to; default when it cannot see past it.</summary>
    private System.Collections.Immutable.ImmutableArray<IOperation> Followed(IOperation reference)
    {
        var values = _flow.SourcesOf(reference).Values;
        return values.Any(v => v == reference || v.Syntax == reference.Syntax) ? default : values;
    }

    private void Follow(IOperation reference, List<LifetimeValue> results, int depth, Action<IOperation, List<LifetimeValue>, int> evaluate)
    {
        var values = Followed(reference);
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        foreach (var value in values)
        {
            evaluate(value, results, depth + 1);
        }
    }

    private static List<LifetimeValue> Collect(IOperation operation, int depth, Action<IOperation, List<LifetimeValue>, int> evaluate)
    {
        var results = new List<LifetimeValue>();
        evaluate(operation, results, depth + 1);
        return results;
    }

    private TimeSpan? Sum(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string? defaultUnit, int depth)
    {
        decimal ticks = 0;
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (Number(argument.Value, depth + 1) is not { } number)
            {
                return null;
            }

            var perUnit = TimeUnits.TicksPerUnit(argument, defaultUnit);
            if (perUnit is null)
            {
                return null;
            }

            ticks = Math.Min(ticks + Multiply(number, perUnit.Value), decimal.MaxValue / 4);
        }

        return FromTicks(ticks);
    }

    private static decimal Multiply(decimal left, decimal right)
    {
        try
        {
            return left * right;
        }
        catch (OverflowException)
        {
            return (left < 0) != (right < 0) ? decimal.MinValue / 2 : decimal.MaxValue / 2;
        }
    }

    private static TimeSpan FromTicks(decimal ticks)
    {
        if (ticks >= TimeSpan.MaxValue.Ticks)
        {
            return TimeSpan.MaxValue;
        }

        return ticks <= TimeSpan.MinValue.Ticks ? TimeSpan.MinValue : TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan Shift(TimeSpan start, decimal ticks)
    {
        if (start == TimeSpan.MaxValue)
        {
            return TimeSpan.MaxValue;
        }

        return FromTicks(start.Ticks + Math.Max(Math.Min(ticks, decimal.MaxValue / 2), decimal.MinValue / 2));
    }

    private decimal? Number(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } constant } && constant is not string and not bool and not char)
        {
            try
            {
                return Convert.ToDecimal(constant, CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                return null;
            }
        }

        operation = operation.WalkDownConversion();
        switch (operation)
        {
            case IBinaryOperation binary when Number(binary.LeftOperand, depth + 1) is { } left && Number(binary.RightOperand, depth + 1) is { } right:
                try
                {
                    return binary.OperatorKind switch
                    {
                        BinaryOperatorKind.Add => left + right,
                        BinaryOperatorKind.Subtract => left - right,
                        BinaryOperatorKind.Multiply => left * right,
                        BinaryOperatorKind.Divide when right != 0 => left / right,
                        _ => null,
                    };
                }
                catch (OverflowException)
                {
                    return decimal.MaxValue / 2;
                }

            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation or IInvocationOperation:
                var values = Followed(operation);
                if (values.IsDefaultOrEmpty)
                {
                    return null;
                }

                decimal? maximum = null;
                foreach (var value in values)
                {
                    if (Number(value, depth + 1) is not { } number)
                    {
                        return null;
                    }

                    maximum = maximum is null || number > maximum ? number : maximum;
                }

                return maximum;

            default:
                return null;
        }
    }
}
