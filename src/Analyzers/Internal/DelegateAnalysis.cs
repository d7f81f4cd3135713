using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>
/// Answers "what does this delegate return?" for a lambda, an anonymous method, a local function or a method in the
/// compilation passed as a method group.
/// </summary>
internal static class DelegateAnalysis
{
    /// <summary>The body of the delegate <paramref name="value"/> refers to, with the parameters it binds; null when it cannot be seen.</summary>
    public static DelegateBody? GetBody(IOperation value)
    {
        value = value.WalkDownConversion();
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target.WalkDownConversion();
        }

        // A local, field or property only ever assigned one lambda (Func<...> validator = (...) => true;): the flow engine's answer.
        if (value is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation)
        {
            var values = Flow.ValueFlow.CompleteSourcesOf(value);
            if (values.IsDefault || values.Length != 1 || ReferenceEquals(values[0], value))
            {
                return null;
            }

            return GetBody(values[0]);
        }

        switch (value)
        {
            case IAnonymousFunctionOperation lambda:
                return new DelegateBody(lambda.Body, lambda.Symbol);

            case IMethodReferenceOperation methodReference:
                return GetMethodBody(methodReference);

            default:
                return null;
        }
    }

    private static DelegateBody? GetMethodBody(IMethodReferenceOperation methodReference)
    {
        var method = methodReference.Method;
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            var localFunction = methodReference.GetRoot()
                .DescendantsAndSelf()
                .OfType<ILocalFunctionOperation>()
                .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, method.OriginalDefinition));
            return localFunction?.Body is { } body ? new DelegateBody(body, localFunction.Symbol) : null;
        }

        var semanticModel = methodReference.SemanticModel;
        if (semanticModel is null || method.DeclaringSyntaxReferences.Length != 1 || method.IsAbstract || method.IsExtern)
        {
            return null;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (syntax.SyntaxTree != semanticModel.SyntaxTree || syntax is not MethodDeclarationSyntax)
        {
            // A method declared in another file: its body needs another semantic model, which analyzers may not create.
            return null;
        }

        if (semanticModel.GetOperation(syntax) is IMethodBodyOperation methodBody && (methodBody.BlockBody ?? methodBody.ExpressionBody) is { } block)
        {
            return new DelegateBody(block, method);
        }

        return null;
    }

    /// <summary>Every <c>return</c> of the body, not counting those of nested lambdas and local functions.</summary>
    public static IReadOnlyList<IReturnOperation> GetReturns(IBlockOperation body)
    {
        var result = new List<IReturnOperation>();
        Collect(body, result);
        return result;

        static void Collect(IOperation operation, List<IReturnOperation> result)
        {
            foreach (var child in operation.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                if (child is IReturnOperation { Kind: OperationKind.Return } ret)
                {
                    result.Add(ret);
                }

                Collect(child, result);
            }
        }
    }

    /// <summary>
    /// True when the body can end in a way other than returning: it throws something else than an argument-null
    /// check. Such a body rejects some input, so it validates something.
    /// </summary>
    public static bool MayReject(IBlockOperation body)
    {
        var bcl = body.SemanticModel is { } model ? Symbols.KnownSymbols.Get(model.Compilation).Bcl : null;
        var argumentNull = bcl?.ArgumentNullException;
        foreach (var operation in body.Descendants())
        {
            if (operation is IThrowOperation throwOperation)
            {
                var thrownType = throwOperation.Exception?.WalkDownConversion().Type;
                if (!thrownType.Is(argumentNull))
                {
                    return true;
                }
            }

            // A throw helper, by symbol: the framework's (ObjectDisposedException.ThrowIf, ArgumentException.ThrowIfNullOrEmpty:
            // a static method of an exception type) but ArgumentNullException.ThrowIfNull, or a project method that throws.
            if (operation is IInvocationOperation invocation && IsThrowHelper(invocation.TargetMethod, bcl))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsThrowHelper(IMethodSymbol method, Symbols.BclSymbols? bcl)
    {
        var container = method.ContainingType;
        if (container is null || bcl is null)
        {
            return false;
        }

        if (method.IsStatic && method.Name.StartsWith("Throw", System.StringComparison.Ordinal) && container.IsOrInheritsFrom(bcl.Exception))
        {
            return !container.Is(bcl.ArgumentNullException);
        }

        // The project's own helper (ThrowIfExpired(...), Guard.NotExpired(...)): its body throws. One level, syntax only:
        // no flow query.
        if (!method.IsInSource())
        {
            return false;
        }

        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ThrowStatementSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.ThrowExpressionSyntax)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when every return of the delegate is the constant <c>true</c> and nothing else can make it fail.</summary>
    public static bool AlwaysReturnsTrue(IOperation value)
    {
        if (GetBody(value) is not { } body)
        {
            return false;
        }

        var returns = GetReturns(body.Block);
        return returns.Count > 0
            && returns.All(r => r.ReturnedValue is { } returned && returned.WalkDownConversion().ConstantValue is { HasValue: true, Value: true })
            && !MayReject(body.Block);
    }

    /// <summary>
    /// True when every return of the delegate is its parameter number <paramref name="parameterOrdinal"/> unchanged, or a
    /// constant string (an issuer validator that "validates" by returning its input).
    /// </summary>
    public static bool AlwaysReturnsParameterOrConstant(IOperation value, int parameterOrdinal)
    {
        if (GetBody(value) is not { } body || body.Method is null || body.Method.Parameters.Length <= parameterOrdinal)
        {
            return false;
        }

        var parameter = body.Method.Parameters[parameterOrdinal];
        var returns = GetReturns(body.Block);
        return returns.Count > 0
            && returns.All(r => r.ReturnedValue is { } returned && IsParameterOrConstantString(returned.WalkDownConversion(), parameter))
            && !MayReject(body.Block);

        static bool IsParameterOrConstantString(IOperation returned, IParameterSymbol parameter)
            => (returned is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, parameter))
               || returned.ConstantValue is { HasValue: true, Value: string };
    }
}

internal sealed class DelegateBody
{
    public DelegateBody(IBlockOperation block, IMethodSymbol? method)
    {
        Block = block;
        Method = method;
    }

    public IBlockOperation Block { get; }

    public IMethodSymbol? Method { get; }
}
