using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT010: a token issued with an expiry beyond the maximum (<c>JWT010.maximum_lifetime</c>, default 1 hour; refresh
/// tokens <c>JWT010.maximum_refresh_lifetime</c>, default 14 days), or without any expiry, on the issuing APIs of
/// IdentityModel, Jwt.Net and jose-jwt. Policy only: lifetimes come from <see cref="LifetimeEvaluator"/>, payloads
/// from <see cref="PayloadEntries"/>, refresh-ness from <see cref="RefreshTokenContext"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeepTokenLifetimesShortAnalyzer : DiagnosticAnalyzer
{
    public const string MaximumLifetimeOption = "maximum_lifetime";
    public const string MaximumRefreshLifetimeOption = "maximum_refresh_lifetime";

    internal static TimeSpan DefaultMaximum => RuleOptions.MaximumLifetime.DefaultValue;
    internal static TimeSpan DefaultRefreshMaximum => RuleOptions.MaximumRefreshLifetime.DefaultValue;
    internal static readonly TimeSpan Floor = TimeSpan.FromMinutes(1);

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.KeepTokenLifetimesShort,
        title: "Keep token lifetimes short",
        messageFormat: "{0}; a stolen token stays usable until it expires",
        description: "A JWT cannot be revoked: whoever steals it uses it until it expires, and a token without 'exp' never expires. Issue access tokens for minutes (at most an hour by default) and renew them with rotated refresh tokens.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            if (TokenIssuingSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            var analysis = new Analysis(symbols, ValueFlow.Get(start.Compilation));
            start.RegisterOperationAction(analysis.AnalyzeAssignment, OperationKind.SimpleAssignment);
            start.RegisterOperationAction(analysis.AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
        });
    }

    private sealed class Analysis
    {
        private readonly TokenIssuingSymbols _symbols;
        private readonly ValueFlow _flow;
        private readonly LifetimeEvaluator _evaluator;

        public Analysis(TokenIssuingSymbols symbols, ValueFlow flow)
        {
            _symbols = symbols;
            _flow = flow;
            _evaluator = new LifetimeEvaluator(flow, symbols.DateTime, symbols.DateTimeOffset, symbols.TimeSpan, symbols.EpochTime);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation target)
            {
                return;
            }

            var property = target.Property;
            if (property.IsOrOverrides(_symbols.DescriptorExpires))
            {
                var issuing = assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation } ? creation : null;
                var receiver = issuing is not null ? RefreshTokenContext.ReceivingSymbol(issuing) : (target.Instance as ILocalReferenceOperation)?.Local;
                var refresh = RefreshTokenContext.IsRefresh(assignment, issuing, receiver);
                Report(context, assignment.Value, _evaluator.EvaluateInstant(assignment.Value), refresh);
                return;
            }

            if (property.Name == "TokenLifetimeInMinutes" && _symbols.IsTokenHandler(property.ContainingType))
            {
                if (_evaluator.EvaluateNumber(assignment.Value) is { } minutes)
                {
                    var lifetime = minutes * TimeSpan.TicksPerMinute >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)(minutes * TimeSpan.TicksPerMinute));
                    var value = new LifetimeValue(assignment.Value, lifetime, LifetimeFixShape.None, assignment.Value.Syntax, null, false);
                    Report(context, assignment.Value, new List<LifetimeValue> { value }, RefreshTokenContext.IsRefresh(assignment, null), minutesShape: true);
                }

                return;
            }

            if (property.IsIndexer && target.Arguments.Length == 1 && IsExpKey(target.Arguments[0].Value)
                && (_symbols.IsDictionary(property.ContainingType) || _symbols.IsDictionary(target.Instance?.Type)))
            {
                ReportUnixTime(context, assignment.Value, assignment);
            }
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var type = creation.Type;
            var isToken = SymbolEqualityComparer.Default.Equals(type, _symbols.JwtSecurityToken);
            if (!isToken && !SymbolEqualityComparer.Default.Equals(type, _symbols.JwtPayload))
            {
                return;
            }

            var expires = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "expires");
            if (expires is null)
            {
                return;
            }

            var refresh = RefreshTokenContext.IsRefresh(creation, creation, RefreshTokenContext.ReceivingSymbol(creation));
            if (IsMissing(expires))
            {
                if (isToken)
                {
                    ReportMissing(context, creation.Syntax.GetLocation(), fixable: true);
                }

                return;
            }

            Report(context, expires.Value, _evaluator.EvaluateInstant(expires.Value), refresh);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var container = method.ContainingType;
            if (container is null)
            {
                return;
            }

            if (_symbols.IsTokenHandler(container))
            {
                AnalyzeHandlerCall(context, invocation, method);
                return;
            }

            if (method.Name == "Add" && invocation.Arguments.Length == 2 && IsExpKey(invocation.Arguments[0].Value)
                && (_symbols.IsDictionary(container) || _symbols.IsDictionary(invocation.Instance?.Type)))
            {
                ReportUnixTime(context, invocation.Arguments[1].Value, invocation);
                return;
            }

            if (_symbols.IsJwtBuilderMethod(method))
            {
                AnalyzeBuilderCall(context, invocation, method);
                return;
            }

            if (_symbols.IsJwtNetEncode(method) || _symbols.IsJoseEncode(method))
            {
                if (invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "payload") is { } payload)
                {
                    AnalyzePayload(context, invocation, payload.Value);
                }
            }
        }

        private void AnalyzeHandlerCall(OperationAnalysisContext context, IInvocationOperation invocation, IMethodSymbol method)
        {
            if (invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "expires") is { } expires && !IsMissing(expires))
            {
                Report(context, expires.Value, _evaluator.EvaluateInstant(expires.Value), RefreshTokenContext.IsRefresh(invocation, invocation));
                return;
            }

            if (method.Name is not ("CreateToken" or "CreateEncodedJwt" or "CreateJwtSecurityToken"))
            {
                return;
            }

            if (invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, _symbols.SecurityTokenDescriptor)) is { } descriptor)
            {
                if (invocation.Instance is { } handler && DefaultTimesAreOff(handler) && DescriptorHasNoExpires(descriptor.Value))
                {
                    ReportMissing(context, invocation.Syntax.GetNameLocation(), fixable: false);
                }

                return;
            }

            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.JsonWebTokenHandler)
                && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "payload" && a.Parameter.Type.SpecialType == SpecialType.System_String) is { } payload)
            {
                AnalyzePayload(context, invocation, payload.Value);
            }
        }

        private void AnalyzeBuilderCall(OperationAnalysisContext context, IInvocationOperation invocation, IMethodSymbol method)
        {
            switch (method.Name)
            {
                case "AddClaim":
                    var name = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name");
                    var value = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value");
                    if (name is not null && value is not null && IsBuilderExpClaim(name.Value))
                    {
                        ReportUnixTime(context, value.Value, invocation);
                    }

                    return;
                case "ExpirationTime":
                    var argument = invocation.Arguments.LastOrDefault();
                    if (argument is not null && argument.Parameter?.IsThis != true)
                    {
                        var values = _evaluator.EvaluateInstant(argument.Value);
                        if (values.Count == 0)
                        {
                            values = _evaluator.EvaluateUnixTime(argument.Value);
                        }

                        Report(context, argument.Value, values, RefreshTokenContext.IsRefresh(invocation, null));
                    }

                    return;
                case "Encode" when invocation.Arguments.All(a => a.Parameter?.IsThis == true):
                    if (BuilderChainSetsExpiry(invocation) == false)
                    {
                        ReportMissing(context, invocation.Syntax.GetNameLocation(), fixable: true);
                    }

                    return;
            }
        }

        /// <summary>True/false when the fluent chain from <c>new JwtBuilder()</c> to this call is known; null otherwise.</summary>
        private bool? BuilderChainSetsExpiry(IInvocationOperation encode)
        {
            var hasExpiry = false;
            IOperation current = encode;
            for (var steps = 0; steps < 64; steps++)
            {
                var call = (IInvocationOperation)current;
                var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                if (receiver is null)
                {
                    // JwtBuilder.Create(): the start of the chain.
                    return call.TargetMethod.IsStatic && !call.TargetMethod.IsExtensionMethod ? hasExpiry : null;
                }

                receiver = receiver.WalkDownConversion();
                if (receiver is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.JwtBuilder))
                {
                    return hasExpiry;
                }

                if (receiver is not IInvocationOperation previous || !_symbols.IsJwtBuilderMethod(previous.TargetMethod))
                {
                    return null;
                }

                switch (previous.TargetMethod.Name)
                {
                    case "ExpirationTime":
                        hasExpiry = true;
                        break;
                    case "AddClaim" when previous.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name") is { } name:
                        hasExpiry |= IsBuilderExpClaim(name.Value);
                        break;
                    case "AddClaims":
                        var claims = previous.Arguments.LastOrDefault();
                        if (claims is null || PayloadEntries.Collect(claims.Value, _symbols, _flow) is not { } entries)
                        {
                            return null;
                        }

                        hasExpiry |= entries.Any(e => e.Key == "exp");
                        break;
                }

                current = previous;
            }

            return null;
        }

        private void AnalyzePayload(OperationAnalysisContext context, IOperation site, IOperation payload)
        {
            if (PayloadEntries.Collect(payload, _symbols, _flow) is not { } entries)
            {
                return;
            }

            var exp = entries.Where(e => e.Key == "exp").ToList();
            if (exp.Count == 0)
            {
                ReportMissing(context, payload.WalkDownConversion().Syntax.GetLocation(), fixable: true);
                return;
            }

            // Dictionary entries are judged where they are written (indexer or Add); anonymous members only here.
            foreach (var entry in exp)
            {
                if (entry.Value is not null && entry.Site.Parent is IAnonymousObjectCreationOperation)
                {
                    ReportUnixTime(context, entry.Value, site);
                }
            }
        }

        private void ReportUnixTime(OperationAnalysisContext context, IOperation value, IOperation site)
        {
            var values = _evaluator.EvaluateUnixTime(value);
            if (values.Count > 0)
            {
                Report(context, value, values, RefreshTokenContext.IsRefresh(site, site));
            }
        }

        private bool IsExpKey(IOperation key) => key.ConstantValue is { HasValue: true, Value: "exp" };

        private bool IsBuilderExpClaim(IOperation name)
        {
            name = name.WalkDownConversion();
            return IsExpKey(name)
                || (name is IFieldReferenceOperation { Field: { } field }
                    && SymbolEqualityComparer.Default.Equals(field.ContainingType, _symbols.JwtNetClaimName)
                    && field.Name == "ExpirationTime");
        }

        private static bool IsMissing(IArgumentOperation argument)
            => argument.ArgumentKind == ArgumentKind.DefaultValue
               || argument.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null };

        private bool DefaultTimesAreOff(IOperation handler)
        {
            handler = handler.WalkDownConversion();
            var values = _flow.SourcesOf(handler).Values;
            if (!values.IsDefaultOrEmpty && values.Any(v => v.WalkDownConversion() is IObjectCreationOperation { Initializer: { } initializer }
                    && initializer.Initializers.Any(IsDefaultTimesOff)))
            {
                return true;
            }

            var symbol = handler switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };
            return symbol is not null && handler.GetRoot().DescendantsAndSelf().Any(o => IsDefaultTimesOff(o) && o is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } }
                && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(instance), symbol));
        }

        private bool IsDefaultTimesOff(IOperation operation)
            => operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "SetDefaultTimesOnTokenCreation" } property } } assignment
               && _symbols.IsTokenHandler(property.ContainingType)
               && ConstantValues.IsFalse(_flow, assignment.Value);

        private bool DescriptorHasNoExpires(IOperation descriptor)
        {
            descriptor = descriptor.WalkDownConversion();
            var sources = _flow.SourcesOf(descriptor);
            var values = sources.Values;
            if (!sources.IsComplete || values.IsDefaultOrEmpty)
            {
                return false;
            }

            foreach (var value in values)
            {
                if (value.WalkDownConversion() is not IObjectCreationOperation creation)
                {
                    return false;
                }

                if (creation.Initializer is { } initializer
                    && initializer.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } && target.Property.IsOrOverrides(_symbols.DescriptorExpires)))
                {
                    return false;
                }
            }

            if (ReferencedSymbol(descriptor) is { } symbol
                && descriptor.GetRoot().DescendantsAndSelf().Any(o => o is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } target }
                    && target.Property.IsOrOverrides(_symbols.DescriptorExpires)
                    && SymbolEqualityComparer.Default.Equals(ReferencedSymbol(instance), symbol)))
            {
                return false;
            }

            return true;
        }

        private static ISymbol? ReferencedSymbol(IOperation operation) => operation.WalkDownConversion() switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        private static void ReportMissing(OperationAnalysisContext context, Location location, bool fixable)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (fixable)
            {
                properties = properties.Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindAddExpiry)
                    .Add(DiagnosticPropertyKeys.MaximumSeconds, ((long)Maximum(context, location.SourceTree, refresh: false).TotalSeconds).ToString(CultureInfo.InvariantCulture));
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, "The token has no expiry ('exp') and never expires"));
        }

        private static void Report(OperationAnalysisContext context, IOperation sinkValue, List<LifetimeValue> values, bool refresh, bool minutesShape = false)
        {
            if (values.Count == 0)
            {
                return;
            }

            var sink = sinkValue.WalkDownConversion().Syntax;
            var maximum = Maximum(context, sink.SyntaxTree, refresh);
            var reported = new HashSet<Location>();
            foreach (var value in values)
            {
                if (value.Lifetime <= maximum)
                {
                    continue;
                }

                var origin = value.Origin.Syntax;
                var location = origin.SyntaxTree == sink.SyntaxTree && sink.Span.Contains(origin.Span) ? origin.GetLocation() : sinkValue.Syntax.GetLocation();
                if (!reported.Add(location))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticPropertyKeys.MaximumSeconds, ((long)maximum.TotalSeconds).ToString(CultureInfo.InvariantCulture));
                var additional = new List<Location>();
                var shape = minutesShape ? "Minutes" : value.FixShape.ToString();
                if (value.FixNode is { } fixNode && fixNode.SyntaxTree == sink.SyntaxTree && (minutesShape || value.FixShape != LifetimeFixShape.None))
                {
                    properties = properties.Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindClampLifetime)
                        .Add(DiagnosticPropertyKeys.LifetimeShape, shape)
                        .Add(DiagnosticPropertyKeys.NowExpression, value.NowNode?.ToString() ?? (value.IsOffset ? "DateTimeOffset.UtcNow" : NowFor(fixNode)));
                    additional.Add(fixNode.GetLocation());
                }

                var kind = refresh ? "refresh token" : "token";
                var message = value.NeverExpires
                    ? $"The {kind} never expires ({origin}), more than the allowed {KeepClockSkewSmallAnalyzer.Describe(maximum)}"
                    : $"The {kind} lives {KeepClockSkewSmallAnalyzer.Describe(value.Lifetime)}, more than the allowed {KeepClockSkewSmallAnalyzer.Describe(maximum)}";
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, additional, properties, message));
            }
        }

        /// <summary>For <c>DateTime.MaxValue</c>: <c>DateTime.UtcNow</c>, spelled with the same type expression.</summary>
        private static string NowFor(SyntaxNode node)
            => node is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access ? access.Expression + ".UtcNow" : "DateTime.UtcNow";

        private static TimeSpan Maximum(OperationAnalysisContext context, SyntaxTree? tree, bool refresh)
        {
            if (tree is null)
            {
                return refresh ? DefaultRefreshMaximum : DefaultMaximum;
            }

            var configured = refresh
                ? RuleOptions.MaximumRefreshLifetime.Get(context.Options, tree)
                : RuleOptions.MaximumLifetime.Get(context.Options, tree);
            return configured < Floor ? Floor : configured;
        }
    }
}
