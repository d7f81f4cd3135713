using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Hosting;

/// <summary>
/// The one development-guard helper: is this code reached only in development? Recognised by symbol: the framework's
/// <c>IsDevelopment()</c> (<c>IHostEnvironment</c>/<c>IWebHostEnvironment</c> extension methods), <c>!IsProduction()</c>,
/// <c>System.Diagnostics.Debugger.IsAttached</c>, a local holding one of those, an early
/// <c>if (!env.IsDevelopment()) return;</c>, and an active <c>#if DEBUG</c> (or <c>DEVELOPMENT</c>) region. A project's
/// own method named <c>IsDevelopment</c> is not a guard.
/// </summary>
internal static class DevelopmentGuards
{
    /// <summary>True when <paramref name="operation"/> only runs in development.</summary>
    public static bool IsGuarded(IOperation operation, KnownSymbols symbols)
    {
        var flow = ValueFlow.Get(symbols.Compilation);
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation conditional && conditional.Condition is { } condition)
            {
                var guard = Evaluate(condition, symbols, flow, 0);
                if ((ReferenceEquals(conditional.WhenTrue, current) && guard == true) || (ReferenceEquals(conditional.WhenFalse, current) && guard == false))
                {
                    return true;
                }
            }

            if (parent is IBlockOperation block && IsAfterEarlyExit(block, current, symbols, flow))
            {
                return true;
            }
        }

        return IsInDebugRegion(operation.Syntax);
    }

    /// <summary>true: the condition holds only in development; false: only outside development; null: neither.</summary>
    public static bool? Evaluate(IOperation condition, KnownSymbols symbols, ValueFlow flow, int depth)
    {
        if (depth > 4)
        {
            return null;
        }

        condition = ValueFlow.Unwrap(condition);
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Evaluate(not.Operand, symbols, flow, depth + 1) is { } inner ? !inner : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return Evaluate(and.LeftOperand, symbols, flow, depth + 1) == true || Evaluate(and.RightOperand, symbols, flow, depth + 1) == true ? true : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return Evaluate(or.LeftOperand, symbols, flow, depth + 1) == true && Evaluate(or.RightOperand, symbols, flow, depth + 1) == true ? true : null;
            case IInvocationOperation invocation:
                var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
                if (symbols.Hosting.IsDevelopmentMethods.Contains(method, SymbolEqualityComparer.Default))
                {
                    return true;
                }

                return symbols.Hosting.IsProductionMethods.Contains(method, SymbolEqualityComparer.Default) ? false : null;
            case IPropertyReferenceOperation property when property.Property.Is(symbols.Hosting.DebuggerIsAttached):
                return true;
            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation:
                // var isDevelopment = env.IsDevelopment(); if (isDevelopment) ...
                var sources = flow.SourcesOf(condition);
                if (!sources.IsComplete || sources.Values.IsEmpty)
                {
                    return null;
                }

                bool? result = null;
                foreach (var source in sources.Values)
                {
                    if (ReferenceEquals(source, condition) || Evaluate(source, symbols, flow, depth + 1) is not { } value || (result is not null && result != value))
                    {
                        return null;
                    }

                    result = value;
                }

                return result;
            default:
                return null;
        }
    }

    /// <summary><c>if (!env.IsDevelopment()) return;</c> (or throw) earlier in the same block.</summary>
    private static bool IsAfterEarlyExit(IBlockOperation block, IOperation statement, KnownSymbols symbols, ValueFlow flow)
    {
        foreach (var earlier in block.Operations)
        {
            if (ReferenceEquals(earlier, statement))
            {
                return false;
            }

            if (earlier is IConditionalOperation { WhenFalse: null } conditional
                && Evaluate(conditional.Condition, symbols, flow, 0) == false
                && ExitsAlways(conditional.WhenTrue))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ExitsAlways(IOperation branch) => branch switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => ExitsAlways(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary>True inside an active <c>#if DEBUG</c> / <c>#if DEVELOPMENT</c> region.</summary>
    public static bool IsInDebugRegion(SyntaxNode node)
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
