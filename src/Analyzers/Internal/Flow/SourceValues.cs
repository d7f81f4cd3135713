using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// Values held by locals, fields and properties of the compilation, and values returned by source methods, including
/// declarations in other files and types: a <c>static readonly</c> field of a constants class, an options class's
/// property default (<c>public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(30);</c>), a helper returning a
/// claims list. Generic: callers decide what the values mean. Gives up (default) when a write cannot be seen.
/// </summary>
internal static class SourceValues
{
    /// <summary>
    /// The operations whose values may be read by <paramref name="reference"/> (a local, readonly field or source
    /// property with an initializer or expression body); the operation itself for anything else; default when unknown.
    /// </summary>
    public static ImmutableArray<IOperation> Of(IOperation reference)
    {
        reference = reference.WalkDownConversion();
        switch (reference)
        {
            case ILocalReferenceOperation { Local.IsConst: false }:
                return ValueResolver.GetPossibleValues(reference);
            case IFieldReferenceOperation { Field: { IsConst: false } field } when field.IsReadOnly:
                var sameTree = ValueResolver.GetPossibleValues(reference);
                if (!sameTree.IsDefaultOrEmpty && !(sameTree.Length == 1 && sameTree[0] == reference))
                {
                    return sameTree;
                }

                return FieldInitializer(field, reference);
            case IFieldReferenceOperation:
                return default;
            case IPropertyReferenceOperation { Property: { IsIndexer: false } property }:
                return PropertyValue(property, reference);
            default:
                return ImmutableArray.Create(reference);
        }
    }

    /// <summary>The values returned (or yielded) by <paramref name="method"/> when it is declared in source; default otherwise.</summary>
    public static ImmutableArray<IOperation> Returns(IMethodSymbol method, IOperation context)
    {
        method = method.PartialImplementationPart ?? method;
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            return default;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax();
        SyntaxNode? body = syntax switch
        {
            BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody?.Expression,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression,
            _ => null,
        };
        if (body is null || GetOperation(body, context) is not { } operation)
        {
            return default;
        }

        if (body is ExpressionSyntax)
        {
            return ImmutableArray.Create(operation);
        }

        var builder = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IReturnOperation { ReturnedValue: { } value } && IsOwnReturn(descendant, operation))
            {
                builder.Add(value);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The operation of <paramref name="node"/>, which may be in another syntax tree of the compilation.</summary>
    public static IOperation? GetOperation(SyntaxNode node, IOperation context)
    {
        var model = GetSemanticModel(node.SyntaxTree, context);
        return model?.GetOperation(node);
    }

    /// <summary>The semantic model of <paramref name="tree"/>: the context's own when it is the same tree.</summary>
    public static SemanticModel? GetSemanticModel(SyntaxTree tree, IOperation context)
    {
        var model = context.SemanticModel;
        if (model is null)
        {
            return null;
        }

        if (model.SyntaxTree == tree)
        {
            return model;
        }

        if (!model.Compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030 // Following a value into a declaration of another file of the same compilation needs that file's model.
        return model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }

    private static bool IsOwnReturn(IOperation returnOperation, IOperation body)
    {
        // A return inside a lambda or local function belongs to it, not to the method.
        for (var parent = returnOperation.Parent; parent is not null && parent != body; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    private static ImmutableArray<IOperation> FieldInitializer(IFieldSymbol field, IOperation context)
    {
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value }
            || HasConstructorWrites(field)
            || GetOperation(value, context) is not { } operation)
        {
            return default;
        }

        return ImmutableArray.Create(operation);
    }

    private static bool HasConstructorWrites(IFieldSymbol field)
    {
        var constructors = field.IsStatic ? field.ContainingType.StaticConstructors : field.ContainingType.InstanceConstructors;
        foreach (var constructor in constructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                foreach (var assignment in reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    var name = assignment.Left switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name == field.Name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static ImmutableArray<IOperation> PropertyValue(IPropertySymbol property, IOperation context)
    {
        if (property.DeclaringSyntaxReferences.Length != 1
            || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax declaration)
        {
            return default;
        }

        ExpressionSyntax? value = declaration.Initializer?.Value ?? declaration.ExpressionBody?.Expression;
        if (value is null)
        {
            var getter = declaration.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get");
            value = getter?.ExpressionBody?.Expression;
        }

        if (value is null || GetOperation(value, context) is not { } operation)
        {
            return default;
        }

        return ImmutableArray.Create(operation);
    }

    /// <summary>Operations of the method body that contains <paramref name="operation"/>, once each.</summary>
    public static IEnumerable<IOperation> InSameBody(IOperation operation) => operation.GetRoot().DescendantsAndSelf();
}
