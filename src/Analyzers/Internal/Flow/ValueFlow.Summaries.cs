using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using JwtAnalyzers.Internal.Symbols;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>The value-flow engine: per-compilation summaries (member writes, call sites, method returns, reads, implementations).</summary>
internal sealed partial class ValueFlow
{
    // ------------------------------------------------------------------ per-compilation summaries

    /// <summary>
    /// The values written to a field or property anywhere in the compilation (its initializer, a record's positional
    /// parameter, constructors, object initializers, <c>with</c> expressions, every assignment), or, for a computed
    /// property, the values its getter returns; for a parameter of a source method, the arguments of every call site
    /// (and its default value). Cached per symbol.
    /// </summary>
    public MemberWrites WritesOf(ISymbol member) => _writes.GetOrAdd(member.OriginalDefinition, ComputeWrites);

    private MemberWrites ComputeWrites(ISymbol member)
    {
        switch (member)
        {
            case IParameterSymbol parameter:
                return ComputeParameterWrites(parameter);
            case IPropertySymbol property when property.GetMethod is { } getter && IsComputed(property):
                return ReturnsOf(getter);
            case IFieldSymbol or IPropertySymbol:
                return ComputeFieldWrites(member);
            default:
                return MemberWrites.Unknown;
        }
    }

    private static bool IsComputed(IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is PropertyDeclarationSyntax declaration)
            {
                if (declaration.ExpressionBody is not null)
                {
                    return true;
                }

                if (declaration.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        if (accessor.Body is not null || accessor.ExpressionBody is not null)
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private MemberWrites ComputeFieldWrites(ISymbol member)
    {
        var values = ImmutableArray.CreateBuilder<IOperation>();
        var complete = true;
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            switch (reference.GetSyntax())
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    if (Models.GetOperation(initializer) is IFieldInitializerOperation { Value: { } fieldValue })
                    {
                        values.Add(fieldValue);
                    }

                    break;
                case PropertyDeclarationSyntax { Initializer: { } propertyInitializer }:
                    if (Models.GetOperation(propertyInitializer) is IPropertyInitializerOperation { Value: { } propertyValue })
                    {
                        values.Add(propertyValue);
                    }

                    break;
                case ParameterSyntax positional when Models.GetDeclaredSymbol(positional) is IParameterSymbol recordParameter:
                    // record R(bool Validate): the property is initialised from the primary constructor's parameter.
                    var passed = WritesOf(recordParameter);
                    values.AddRange(passed.Values);
                    complete &= passed.IsComplete;
                    break;
            }
        }

        var scope = WriteTreesOf(member);
        foreach (var node in Index.WritesOf(member.Name, scope))
        {
            if (!InScope(scope, node))
            {
                continue;
            }

            var operation = Models.GetOperation(node);
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment when Refers(assignment.Target, member):
                    values.Add(assignment.Value);
                    break;
                case ICoalesceAssignmentOperation coalesce when Refers(coalesce.Target, member):
                    values.Add(coalesce.Value);
                    break;
                case ICompoundAssignmentOperation compound when Refers(compound.Target, member):
                    complete = false;
                    break;
                case IIncrementOrDecrementOperation increment when Refers(increment.Target, member):
                    complete = false;
                    break;
                case IArgumentOperation argument when Refers(argument.Value, member):
                    complete = false;
                    break;
                case IDeconstructionAssignmentOperation deconstruction when ContainsReference(deconstruction.Target, member):
                    complete = false;
                    break;
                case null when node is ArgumentSyntax:
                    // a ref/out argument whose operation is reached through its invocation.
                    if (node.Parent?.Parent is { } call && Models.GetOperation(call) is { } callOperation && ContainsRefArgument(callOperation, member))
                    {
                        complete = false;
                    }

                    break;
            }
        }

        foreach (var node in Index.DeconstructionsSpelling(member.Name, scope))
        {
            if (InScope(scope, node) && Models.GetOperation(node) is IDeconstructionAssignmentOperation deconstruction && ContainsReference(deconstruction.Target, member))
            {
                complete = false;
            }
        }

        return new MemberWrites(values.ToImmutable(), complete);
    }

    private static bool ContainsRefArgument(IOperation call, ISymbol member)
    {
        foreach (var operation in call.DescendantsAndSelf())
        {
            if (operation is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument && Refers(argument.Value, member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsReference(IOperation operation, ISymbol member)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (Refers(descendant, member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> is a reference to <paramref name="member"/> (a field, property, local or parameter).</summary>
    public static bool Refers(IOperation? operation, ISymbol member)
    {
        var symbol = operation is null ? null : Unwrap(operation) switch
        {
            IFieldReferenceOperation field => (ISymbol)field.Field,
            IPropertyReferenceOperation property => property.Property,
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member.OriginalDefinition))
        {
            return true;
        }

        // An override of a source property writes the same slot.
        for (var overridden = (symbol as IPropertySymbol)?.OverriddenProperty; overridden is not null; overridden = overridden.OverriddenProperty)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private MemberWrites ComputeParameterWrites(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method
            || method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LambdaMethod
            || parameter.RefKind is RefKind.Out or RefKind.Ref)
        {
            return MemberWrites.Unknown;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        var sites = CallSitesOf(method);
        foreach (var site in sites)
        {
            if (ArgumentFor(site, parameter) is { } argument)
            {
                values.Add(argument);
            }
        }

        // Overridable or interface-implementing methods are called through the base member too; methods used as
        // delegates (method groups) are called by whoever holds the delegate.
        var complete = !sites.IsEmpty
                       && !method.IsVirtual && !method.IsOverride && !method.IsAbstract
                       && method.ExplicitInterfaceImplementations.IsEmpty
                       && !IsInterfaceImplementation(method)
                       && !IsUsedAsDelegate(method)
                       && !parameter.IsParams;
        return new MemberWrites(values.ToImmutable(), complete);
    }

    /// <summary>True when <paramref name="method"/> implements a member of an interface of its type (callers may go through the interface).</summary>
    internal static bool IsInterfaceImplementation(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            foreach (var member in implemented.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsUsedAsDelegate(IMethodSymbol method)
    {
        var scope = TreesOf(method);
        foreach (var node in Index.IdentifiersNamed(method.Name, scope))
        {
            if (!InScope(scope, node))
            {
                continue;
            }

            if (node.Parent is InvocationExpressionSyntax || (node.Parent is MemberAccessExpressionSyntax access && access.Name == node && access.Parent is InvocationExpressionSyntax))
            {
                continue;
            }

            if (node.Parent is MethodDeclarationSyntax)
            {
                continue;
            }

            if (Models.Get(node.SyntaxTree)?.GetSymbolInfo(node).Symbol is IMethodSymbol referenced
                && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, method.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every invocation (or object creation, for a constructor) of <paramref name="method"/> in the compilation. Cached.</summary>
    public ImmutableArray<IOperation> CallSitesOf(IMethodSymbol method)
        => _callSites.GetOrAdd((method.ReducedFrom ?? method).OriginalDefinition, ComputeCallSites);

    private ImmutableArray<IOperation> ComputeCallSites(IMethodSymbol method)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        var scope = TreesOf(method);
        var nodes = method.MethodKind == MethodKind.Constructor
            ? Index.CreationsOf(method.ContainingType.Name, scope)
            : Index.InvocationsOf(method.Name, scope);
        foreach (var node in nodes)
        {
            if (!InScope(scope, node))
            {
                continue;
            }

            var operation = Models.GetOperation(node);
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (target is not null && SymbolEqualityComparer.Default.Equals((target.ReducedFrom ?? target).OriginalDefinition, method))
            {
                builder.Add(operation!);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The summary of a source method: the values it returns (expression bodies, <c>return</c> statements outside
    /// lambdas and local functions, <c>yield return</c>). Incomplete when the method has no body here or may be
    /// overridden. Cached per method.
    /// </summary>
    public MemberWrites ReturnsOf(IMethodSymbol method)
        => _returns.GetOrAdd((method.ReducedFrom ?? method).OriginalDefinition, ComputeReturns);

    private MemberWrites ComputeReturns(IMethodSymbol method)
    {
        if (BodyOf(method) is not { } body)
        {
            return MemberWrites.Unknown;
        }

        var values = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var operation in body.Descendants())
        {
            if (operation is IReturnOperation { ReturnedValue: { } returned } && !IsInsideNestedFunction(operation, body))
            {
                values.Add(returned);
            }
        }

        var complete = !(method.IsVirtual || method.IsAbstract || (method.IsOverride && !method.IsSealed));
        return new MemberWrites(values.ToImmutable(), complete);
    }

    /// <summary>The operation of a source method's body (block or expression body), or null.</summary>
    public IOperation? BodyOf(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (method.IsAbstract || method.IsExtern)
        {
            return null;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax();
            if (syntax is ArrowExpressionClauseSyntax or AccessorDeclarationSyntax or BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
                && Models.GetOperation(syntax) is { } operation)
            {
                return operation;
            }
        }

        return null;
    }

    private static bool IsInsideNestedFunction(IOperation operation, IOperation body)
    {
        for (var parent = operation.Parent; parent is not null && !ReferenceEquals(parent, body); parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The source implementations of an interface or abstract/virtual method (a storage wrapper called through its
    /// interface): methods of the same name declared in the compilation that implement or override it. Not cached:
    /// callers cache what they derive from it.
    /// </summary>
    public ImmutableArray<IMethodSymbol> ImplementationsOf(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
        foreach (var node in Index.DeclarationsOf(method.Name))
        {
            if (Models.GetDeclaredSymbol(node) is not IMethodSymbol candidate || SymbolEqualityComparer.Default.Equals(candidate, method))
            {
                continue;
            }

            if (candidate.IsOrImplements(method))
            {
                builder.Add(candidate);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Every read of a field or property in the compilation (references that are not the target of a write). Cached.</summary>
    public ImmutableArray<IOperation> ReadsOf(ISymbol member) => _reads.GetOrAdd(member.OriginalDefinition, ComputeReads);

    private ImmutableArray<IOperation> ComputeReads(ISymbol member)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        var scope = TreesOf(member);
        foreach (var node in Index.IdentifiersNamed(member.Name, scope))
        {
            if (!InScope(scope, node))
            {
                continue;
            }

            var syntax = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node;
            if (Models.GetOperation(syntax) is { } operation
                && Refers(operation, member)
                && !(operation.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, operation)))
            {
                builder.Add(operation);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The syntax trees that can reference <paramref name="member"/> when it is private or a member of an anonymous type
    /// (those declaring its containing type, nested types included): a private field written in one file is never written in the 499 others, so the
    /// index's same-named nodes there are not bound. Null (every tree) for any other accessibility.
    /// </summary>
    private static SyntaxTree[]? TreesOf(ISymbol member)
    {
        // A member of an anonymous type is private in effect: only the code of the file that creates the type names it.
        if ((member.DeclaredAccessibility != Accessibility.Private && member.ContainingType is not { IsAnonymousType: true }) || member.ContainingType is not { } type)
        {
            return null;
        }

        var references = type.DeclaringSyntaxReferences;
        if (references.IsDefaultOrEmpty)
        {
            return null;
        }

        var trees = new SyntaxTree[references.Length];
        for (var i = 0; i < trees.Length; i++)
        {
            trees[i] = references[i].SyntaxTree;
        }

        return trees;
    }

    /// <summary>
    /// The trees that can write <paramref name="member"/>: those of <see cref="TreesOf"/>, and also only the files of its
    /// type for a read-only field or a get-only property, which nothing but the type's own initializers and
    /// constructors can assign.
    /// </summary>
    private static SyntaxTree[]? WriteTreesOf(ISymbol member)
    {
        var confined = member switch
        {
            IFieldSymbol field => field.IsReadOnly || field.IsConst,
            IPropertySymbol property => property.SetMethod is null && !property.IsAbstract && !property.IsVirtual && !property.IsOverride,
            _ => false,
        };
        if (!confined || member.ContainingType is not { } type)
        {
            return TreesOf(member);
        }

        var references = type.DeclaringSyntaxReferences;
        if (references.IsDefaultOrEmpty)
        {
            return null;
        }

        var trees = new SyntaxTree[references.Length];
        for (var i = 0; i < trees.Length; i++)
        {
            trees[i] = references[i].SyntaxTree;
        }

        return trees;
    }

    private static bool InScope(SyntaxTree[]? scope, SyntaxNode node)
    {
        if (scope is null)
        {
            return true;
        }

        foreach (var tree in scope)
        {
            if (tree == node.SyntaxTree)
            {
                return true;
            }
        }

        return false;
    }
}
