using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Hosting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT017: a raw token passed to a log: <c>ILogger</c> (<c>Log*</c>, <c>Log</c>, <c>BeginScope</c>,
/// <c>[LoggerMessage]</c> methods), <c>Console.Write*</c>, <c>Debug</c>/<c>Trace</c> writes; and
/// <c>IdentityModelEventSource.ShowPII</c> / <c>LogCompleteSecurityArtifact</c> set to true outside a development guard
/// (<c>if (env.IsDevelopment())</c>, <c>#if DEBUG</c>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotLogRawTokensAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>.editorconfig</c>: a regular expression that replaces the default token-name heuristic for this rule.</summary>
    public const string TokenNamePatternOption = TokenLikeness.PatternOptionName;

    /// <summary>Diagnostic property: <see cref="ShapeLoggedToken"/> or <see cref="ShapeShowPii"/>.</summary>
    public const string ShapeProperty = "JwtShape";

    public const string ShapeLoggedToken = "LoggedToken";
    public const string ShapeShowPii = "ShowPII";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotLogRawTokens,
        title: "Do not write raw tokens to logs",
        messageFormat: "'{0}' {1}",
        description: "Logs are copied, retained and read by many more people than the API they come from: a bearer token in a log is a credential anyone with log access can replay until it expires. Log a redaction (algorithm, key id, expiry, a short hash) instead, and keep IdentityModel's PII logging off outside development.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Get(start.Compilation);
            var logging = symbols.Logging;

            // Console/Debug/Trace exist everywhere: the rule only runs where tokens can appear, i.e. when a logging,
            // token or web library is referenced.
            var tokenContext = logging.IsPresent
                || symbols.IdentityModel.IsPresent
                || symbols.Http.HttpRequest is not null
                || symbols.JwtNet.IsPresent
                || symbols.Jose.IsPresent;
            if (!tokenContext)
            {
                return;
            }

            // A project that spells no token name anywhere (and references no JWT library) has no token to log.
            if (TokenVocabulary.MayAppear(start.Compilation, start.Options, Rule.Id))
            {
                var sinks = new Sinks(symbols);
                start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, sinks), OperationKind.Invocation);
            }

            if (logging.IdentityModelEventSource is { } eventSource)
            {
                start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols, eventSource), OperationKind.SimpleAssignment);
            }
        });
    }

    /// <summary>The logging APIs, by symbol: Microsoft.Extensions.Logging, LoggerMessage delegates and [LoggerMessage] methods, Console, Debug, Trace, Serilog, NLog.</summary>
    private sealed class Sinks
    {
        private static readonly string[] SerilogMethods = { "Write", "Verbose", "Debug", "Information", "Warning", "Error", "Fatal" };
        private static readonly string[] NLogMethods = { "Log", "Trace", "Debug", "Info", "Warn", "Error", "Fatal" };
        private static readonly string[] DebugMethods = { "Write", "WriteLine", "WriteIf", "WriteLineIf", "Print", "TraceInformation", "TraceWarning", "TraceError", "Fail", "Assert" };
        private static readonly string[] LoggerExtensionMethods = { "LogTrace", "LogDebug", "LogInformation", "LogWarning", "LogError", "LogCritical", "Log", "BeginScope" };

        private readonly LoggingSymbols _logging;
        private readonly HashSet<IMethodSymbol> _exactSinks;
        private readonly INamedTypeSymbol? _exception;

        public Sinks(KnownSymbols symbols)
        {
            _logging = symbols.Logging;
            _exception = symbols.Bcl.Exception;

            // Every logging method of the libraries, by symbol, once per compilation: a log call costs one name and one
            // symbol lookup. Implementations and overrides (a project's own ILogger) take the slower path below.
            _exactSinks = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            AddMembers(_logging.LoggerExtensions, LoggerExtensionMethods);
            AddMembers(_logging.Logger, new[] { "Log", "BeginScope" });
            AddMembers(_logging.Console, new[] { "Write", "WriteLine" });
            AddMembers(_logging.Debug, DebugMethods);
            AddMembers(_logging.Trace, DebugMethods);
            AddMembers(_logging.SerilogLogger, SerilogMethods);
            AddMembers(_logging.SerilogLog, SerilogMethods);
            AddMembers(_logging.NLogLoggerInterface, NLogMethods);
            AddMembers(_logging.NLogLoggerBase, NLogMethods);
            AddMembers(_logging.NLogLogger, NLogMethods);
        }

        private void AddMembers(INamedTypeSymbol? type, string[] names)
        {
            if (type is null)
            {
                return;
            }

            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method)
                    {
                        _exactSinks.Add(method.OriginalDefinition);
                    }
                }
            }
        }

        public INamedTypeSymbol? Logger => _logging.Logger;

        /// <summary>Every name a named sink below can have: a prefilter only (the symbol decides), so most invocations cost one hash lookup.</summary>
        private static readonly HashSet<string> SinkNames = new(
            SerilogMethods.Concat(NLogMethods).Concat(DebugMethods).Concat(LoggerExtensionMethods)
                .Concat(new[] { "Log", "BeginScope", "Write", "WriteLine", "WriteAsync", "WriteLineAsync" }),
            System.StringComparer.Ordinal);

        private static readonly string[] TextWriterMethods = { "Write", "WriteLine", "WriteAsync", "WriteLineAsync" };

        public bool IsSink(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!SinkNames.Contains(method.Name))
            {
                return IsLoggerMessageSink(invocation, method);
            }

            if (_exactSinks.Contains(method.OriginalDefinition))
            {
                return true;
            }

            if (method.IsStatic)
            {
                return false;
            }

            // A logger class of the project (or a library's concrete logger) called directly.
            if (method.IsOrOverridesMemberOf(_logging.Logger, "Log") || method.IsOrOverridesMemberOf(_logging.Logger, "BeginScope")
                || SerilogMethods.Any(name => method.IsOrOverridesMemberOf(_logging.SerilogLogger, name))
                || NLogMethods.Any(name => method.IsOrOverridesMemberOf(_logging.NLogLoggerInterface, name) || method.IsOrOverridesMemberOf(_logging.NLogLoggerBase, name)))
            {
                return true;
            }

            // Console.Out.WriteLine(...), Console.Error.Write(...)
            return invocation.Instance is IPropertyReferenceOperation stream
                && (stream.Property.IsPropertyOf(_logging.Console, "Out") || stream.Property.IsPropertyOf(_logging.Console, "Error"))
                && TextWriterMethods.Any(name => method.IsOrOverridesMemberOf(_logging.TextWriter, name));
        }

        private bool IsLoggerMessageSink(IInvocationOperation invocation, IMethodSymbol method)
        {
            // A LoggerMessage.Define delegate: s_logToken(logger, token, null). Every delegate LoggerMessage creates is an
            // Action<ILogger, T1..Tn, Exception?>: the delegate's shape says it, by symbol, without following the field.
            if (method.MethodKind == MethodKind.DelegateInvoke && _logging.LoggerMessage is not null
                && method.Parameters.Length >= 2
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, _logging.Logger)
                && SymbolEqualityComparer.Default.Equals(method.Parameters[method.Parameters.Length - 1].Type.OriginalDefinition, _exception))
            {
                return true;
            }

            // [LoggerMessage] methods are partial: only those pay for an attribute lookup.
            return _logging.LoggerMessageAttribute is { } attribute
                && (method.IsPartialDefinition || method.PartialDefinitionPart is not null)
                && (method.PartialDefinitionPart ?? method).GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Sinks sinks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!sinks.IsSink(invocation))
        {
            return;
        }

        var likeness = TokenLikeness.For(context.Options, invocation.Syntax.SyntaxTree, Rule.Id, localFlow: true);
        List<IOperation>? found = null;
        foreach (var argument in invocation.Arguments)
        {
            // The elements of a params array (logger.LogInformation("{T}", token)), or the value itself.
            var value = argument.Value.WalkDownConversion();
            if (value is IArrayCreationOperation { Initializer: { } initializer } && value.IsImplicit)
            {
                foreach (var element in initializer.ElementValues)
                {
                    FindTokens(element, likeness, ref found);
                }
            }
            else
            {
                FindTokens(value, likeness, ref found);
            }
        }

        if (found is null)
        {
            return;
        }

        foreach (var reported in found)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, ShapeLoggedToken);
            var text = reported.Syntax.ToString();
            if (text.Length > 40)
            {
                text = text.Substring(0, 37) + "...";
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, reported.Syntax.GetLocation(), properties, invocation.TargetMethod.Name,
                "writes the raw token '" + text + "' to a log: log TokenRedaction.Redact(token) from the JwtAnalyzers.Runtime package, or nothing"));
        }
    }

    /// <summary>The smallest expressions that carry a token: the holes of an interpolated string and the operands of a concatenation.</summary>
    private static void FindTokens(IOperation value, TokenLikeness likeness, ref List<IOperation>? found)
    {
        var unwrapped = value.WalkDownConversion();
        switch (unwrapped)
        {
            case ILiteralOperation:
                return;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation interpolation)
                    {
                        FindTokens(interpolation.Expression, likeness, ref found);
                    }
                }

                return;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                FindTokens(binary.LeftOperand, likeness, ref found);
                FindTokens(binary.RightOperand, likeness, ref found);
                return;
            default:
                if (likeness.IsTokenValue(unwrapped))
                {
                    (found ??= new List<IOperation>()).Add(unwrapped);
                }

                return;
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, KnownSymbols symbols, INamedTypeSymbol eventSource)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var showPii = target.Property.IsPropertyOf(eventSource, "ShowPII");
        if ((!showPii && !target.Property.IsPropertyOf(eventSource, "LogCompleteSecurityArtifact"))
            || !ConstantValues.IsTrue(ValueFlow.Get(context.Compilation), assignment.Value)
            || DevelopmentGuards.IsGuarded(assignment, symbols))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, ShapeShowPii);
        var consequence = showPii
            ? "is set to true outside a development guard: token contents, claims and key details go into exception messages and logs"
            : "is set to true outside a development guard: whole tokens, signatures included, go into logs";
        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, target.Property.Name, consequence));
    }
}
