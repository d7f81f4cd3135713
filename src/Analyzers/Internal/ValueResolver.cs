using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>
/// "Simple propagation" of values: follows a local or a readonly field to every value ever written to it, so that
/// <c>var off = false; p.ValidateLifetime = off;</c> is seen as <c>false</c>. Gives up (returns default) as soon as a
/// write cannot be seen (ref/out, compound assignment, deconstruction, a field assigned outside its constructors).
/// </summary>
internal static class ValueResolver
{
    private const int MaxDepth = 4;

    /// <summary>
    /// The operations whose values may flow into <paramref name="value"/>. A plain expression yields itself.
    /// Returns default when a write is unknown.
    /// </summary>
    public static ImmutableArray<IOperation> GetPossibleValues(IOperation value) => GetPossibleValues(value, 0);

    private static ImmutableArray<IOperation> GetPossibleValues(IOperation value, int depth)
    {
        value = value.WalkDownConversion();
        if (depth > MaxDepth)
        {
            return default;
        }

        switch (value)
        {
            case ILocalReferenceOperation localReference when !localReference.Local.IsConst:
                return ResolveLocal(localReference, depth);
            case IFieldReferenceOperation fieldReference when fieldReference.Field.IsReadOnly && !fieldReference.Field.IsConst && !fieldReference.Field.DeclaringSyntaxReferences.IsEmpty:
                return ResolveReadOnlyField(fieldReference, depth);
            default:
                return ImmutableArray.Create(value);
        }
    }

    /// <summary>True when every value that may flow into <paramref name="value"/> satisfies <paramref name="predicate"/>.</summary>
    public static bool AllValues(IOperation value, System.Func<IOperation, bool> predicate)
    {
        var values = GetPossibleValues(value);
        return !values.IsDefaultOrEmpty && values.All(predicate);
    }

    private static ImmutableArray<IOperation> ResolveLocal(ILocalReferenceOperation reference, int depth)
    {
        var local = reference.Local;
        if (local.IsRef)
        {
            return default;
        }

        var builder = ImmutableArray.CreateBuilder<IOperation>();
        var sawDeclaration = false;
        foreach (var operation in reference.GetRoot().DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    sawDeclaration = true;
                    if (declarator.Initializer is { } initializer)
                    {
                        if (!Add(builder, initializer.Value, depth))
                        {
                            return default;
                        }
                    }

                    break;
                case ISimpleAssignmentOperation assignment when IsLocal(assignment.Target, local):
                    if (!Add(builder, assignment.Value, depth))
                    {
                        return default;
                    }

                    break;
                case ICompoundAssignmentOperation compound when IsLocal(compound.Target, local):
                    return default;
                case ICoalesceAssignmentOperation coalesce when IsLocal(coalesce.Target, local):
                    return default;
                case IIncrementOrDecrementOperation increment when IsLocal(increment.Target, local):
                    return default;
                case IDeconstructionAssignmentOperation deconstruction when deconstruction.Target.DescendantsAndSelf().Any(o => IsLocal(o, local)):
                    return default;
                case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out && IsLocal(argument.Value, local):
                    return default;
                case IDeclarationExpressionOperation declarationExpression when declarationExpression.Expression.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(l => SymbolEqualityComparer.Default.Equals(l.Local, local)):
                    // out var / deconstruction into a new local: written by something we do not see.
                    return default;
            }
        }

        if (!sawDeclaration || builder.Count == 0)
        {
            return default;
        }

        return builder.ToImmutable();
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local)
        => operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static bool Add(ImmutableArray<IOperation>.Builder builder, IOperation value, int depth)
    {
        var nested = GetPossibleValues(value, depth + 1);
        if (nested.IsDefault)
        {
            return false;
        }

        builder.AddRange(nested);
        return true;
    }

    private static ImmutableArray<IOperation> ResolveReadOnlyField(IFieldReferenceOperation reference, int depth)
    {
        var field = reference.Field;
        var semanticModel = reference.SemanticModel;
        if (semanticModel is null || field.DeclaringSyntaxReferences.Length != 1)
        {
            return default;
        }

        var declarator = field.DeclaringSyntaxReferences[0].GetSyntax() as VariableDeclaratorSyntax;
        if (declarator is null || declarator.SyntaxTree != semanticModel.SyntaxTree)
        {
            // Declared in another file: we cannot get its operations without a semantic model for that tree.
            return default;
        }

        var builder = ImmutableArray.CreateBuilder<IOperation>();
        if (declarator.Initializer is { } initializer)
        {
            if (semanticModel.GetOperation(initializer.Value) is not { } initializerValue || !Add(builder, initializerValue, depth))
            {
                return default;
            }
        }

        // Constructors may write readonly fields: take their writes into account too.
        var constructors = field.IsStatic ? field.ContainingType.StaticConstructors : field.ContainingType.InstanceConstructors;
        foreach (var constructor in constructors)
        {
            foreach (var syntaxReference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = syntaxReference.GetSyntax();
                foreach (var assignment in syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    var name = assignment.Left switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } access => access.Name.Identifier.ValueText,
                        _ => null,
                    };
                    if (name != field.Name)
                    {
                        continue;
                    }

                    if (syntax.SyntaxTree != semanticModel.SyntaxTree
                        || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                        || semanticModel.GetOperation(assignment.Right) is not { } written
                        || !Add(builder, written, depth))
                    {
                        return default;
                    }
                }
            }
        }

        return builder.Count == 0 ? default : builder.ToImmutable();
    }
}
