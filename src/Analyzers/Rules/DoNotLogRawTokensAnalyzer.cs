using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
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
            var compilation = start.Compilation;
            var sinks = new Sinks(
                compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Logging.ILogger"),
                compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions"),
                compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessageAttribute"),
                compilation.GetBestTypeByMetadataName("System.Console"),
                compilation.GetBestTypeByMetadataName("System.Diagnostics.Debug"),
                compilation.GetBestTypeByMetadataName("System.Diagnostics.Trace"),
                compilation.GetBestTypeByMetadataName("System.IO.TextWriter"));
            var eventSource = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Logging.IdentityModelEventSource");

            // Console/Debug/Trace exist everywhere: the rule only runs where tokens can appear, i.e. when a logging,
            // token or web library is referenced.
            var tokenContext = sinks.Logger is not null
                || eventSource is not null
                || compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityToken") is not null
                || compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest") is not null
                || compilation.GetBestTypeByMetadataName("JWT.Builder.JwtBuilder") is not null
                || compilation.GetBestTypeByMetadataName("Jose.JWT") is not null;
            if (!tokenContext)
            {
                return;
            }

            start.RegisterOperationAction(ctx => AnalyzeInvocation(ctx, sinks), OperationKind.Invocation);
            if (eventSource is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, eventSource), OperationKind.SimpleAssignment);
            }
        });
    }

    private sealed class Sinks
    {
        public Sinks(INamedTypeSymbol? logger, INamedTypeSymbol? loggerExtensions, INamedTypeSymbol? loggerMessage, INamedTypeSymbol? console, INamedTypeSymbol? debug, INamedTypeSymbol? trace, INamedTypeSymbol? textWriter)
        {
            Logger = logger;
            LoggerExtensions = loggerExtensions;
            LoggerMessage = loggerMessage;
            Console = console;
            Debug = debug;
            Trace = trace;
            TextWriter = textWriter;
        }

        public INamedTypeSymbol? Logger { get; }
        public INamedTypeSymbol? LoggerExtensions { get; }
        public INamedTypeSymbol? LoggerMessage { get; }
        public INamedTypeSymbol? Console { get; }
        public INamedTypeSymbol? Debug { get; }
        public INamedTypeSymbol? Trace { get; }
        public INamedTypeSymbol? TextWriter { get; }

        public bool IsSink(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType.OriginalDefinition;
            if (Is(type, LoggerExtensions) || Is(type, Console))
            {
                return method.Name.StartsWith("Log", System.StringComparison.Ordinal) || method.Name is "BeginScope" or "Write" or "WriteLine";
            }

            if (Is(type, Logger) || (Logger is not null && type.AllInterfaces.Any(i => Is(i, Logger))))
            {
                return method.Name is "Log" or "BeginScope";
            }

            if (Is(type, Debug) || Is(type, Trace))
            {
                return method.Name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "TraceInformation" or "TraceWarning" or "TraceError" or "Fail" or "Assert";
            }

            // Console.Out.WriteLine(...), Console.Error.Write(...)
            if (method.Name is "Write" or "WriteLine" or "WriteAsync" or "WriteLineAsync" && type.IsOrInheritsFrom(TextWriter)
                && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Out" or "Error" } stream && Is(stream.Property.ContainingType, Console))
            {
                return true;
            }

            // [LoggerMessage] methods are partial: only those pay for an attribute lookup.
            return LoggerMessage is not null
                && (method.IsPartialDefinition || method.PartialDefinitionPart is not null)
                && (method.PartialDefinitionPart ?? method).GetAttributes().Any(a => Is(a.AttributeClass, LoggerMessage));
        }

        private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected)
            => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Sinks sinks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!sinks.IsSink(invocation))
        {
            return;
        }

        var likeness = TokenLikeness.For(context.Options, invocation.Syntax.SyntaxTree, Rule.Id);
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.Type is { } type && (type.Name is "ILogger" or "LogLevel" or "EventId" || type.IsOrInheritsFrom(sinks.Logger)))
            {
                continue;
            }

            foreach (var value in Flatten(argument.Value))
            {
                foreach (var reported in FindTokens(value, likeness))
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
        }
    }

    /// <summary>The elements of a params array (<c>logger.LogInformation("{T}", token)</c>), or the value itself.</summary>
    private static IEnumerable<IOperation> Flatten(IOperation value)
    {
        value = value.WalkDownConversion();
        if (value is IArrayCreationOperation { Initializer: { } initializer } && value.IsImplicit)
        {
            return initializer.ElementValues;
        }

        return new[] { value };
    }

    /// <summary>The smallest expressions that carry a token: the holes of an interpolated string and the operands of a concatenation.</summary>
    private static IEnumerable<IOperation> FindTokens(IOperation value, TokenLikeness likeness)
    {
        var unwrapped = value.WalkDownConversion();
        switch (unwrapped)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts.OfType<IInterpolationOperation>())
                {
                    foreach (var inner in FindTokens(part.Expression, likeness))
                    {
                        yield return inner;
                    }
                }

                yield break;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                foreach (var inner in FindTokens(binary.LeftOperand, likeness).Concat(FindTokens(binary.RightOperand, likeness)))
                {
                    yield return inner;
                }

                yield break;
            default:
                if (likeness.IsTokenValue(unwrapped))
                {
                    yield return unwrapped;
                }

                yield break;
        }
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol eventSource)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "ShowPII" or "LogCompleteSecurityArtifact" } target
            || !SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, eventSource)
            || !ConstantEvaluator.IsConstantTrue(assignment.Value)
            || IsInsideDevelopmentGuard(assignment))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, ShapeShowPii);
        var consequence = target.Property.Name == "ShowPII"
            ? "is set to true outside a development guard: token contents, claims and key details go into exception messages and logs"
            : "is set to true outside a development guard: whole tokens, signatures included, go into logs";
        context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, target.Property.Name, consequence));
    }

    /// <summary>Inside <c>if (env.IsDevelopment())</c> (or <c>!IsProduction()</c>), or an active <c>#if DEBUG</c> region.</summary>
    private static bool IsInsideDevelopmentGuard(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation conditional && conditional.Condition is { } condition)
            {
                var inTrue = ReferenceEquals(conditional.WhenTrue, current);
                var inFalse = ReferenceEquals(conditional.WhenFalse, current);
                var guard = DevelopmentCondition(condition);
                if ((inTrue && guard == true) || (inFalse && guard == false))
                {
                    return true;
                }
            }
        }

        return IsInDebugRegion(operation.Syntax);
    }

    /// <summary>true: the condition holds only in development; false: only outside development; null: neither.</summary>
    private static bool? DevelopmentCondition(IOperation condition)
    {
        condition = condition.WalkDownConversion();
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            return DevelopmentCondition(not.Operand) is { } inner ? !inner : null;
        }

        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and)
        {
            return DevelopmentCondition(and.LeftOperand) == true || DevelopmentCondition(and.RightOperand) == true ? true : null;
        }

        if (condition is IInvocationOperation invocation)
        {
            return invocation.TargetMethod.Name switch
            {
                "IsDevelopment" => true,
                "IsProduction" => false,
                _ => null,
            };
        }

        if (condition is IPropertyReferenceOperation { Property.Name: "IsAttached" } property && property.Property.ContainingType.Name == "Debugger")
        {
            return true;
        }

        return null;
    }

    private static bool IsInDebugRegion(SyntaxNode node)
    {
        var root = node.SyntaxTree.GetRoot();
        var position = node.SpanStart;
        var stack = new Stack<bool>();
        for (var directive = root.GetFirstDirective(); directive is not null && directive.SpanStart < position; directive = directive.GetNextDirective())
        {
            switch (directive)
            {
                case IfDirectiveTriviaSyntax ifDirective:
                    stack.Push(ifDirective.IsActive && MentionsDebug(ifDirective.Condition));
                    break;
                case ElifDirectiveTriviaSyntax or ElseDirectiveTriviaSyntax when stack.Count > 0:
                    stack.Pop();
                    stack.Push(false);
                    break;
                case EndIfDirectiveTriviaSyntax when stack.Count > 0:
                    stack.Pop();
                    break;
            }
        }

        return stack.Any(b => b);
    }

    private static bool MentionsDebug(ExpressionSyntax condition)
        => condition is IdentifierNameSyntax { Identifier.ValueText: "DEBUG" or "DEVELOPMENT" }
           || (condition is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.LogicalAndExpression) && (MentionsDebug(binary.Left) || MentionsDebug(binary.Right)))
           || (condition is ParenthesizedExpressionSyntax parenthesized && MentionsDebug(parenthesized.Expression));
}
