using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// Part of the value-flow engine: the other property assignments made to the same object as a given assignment, in
/// the same executable code:
/// the siblings of an object initializer, and <c>x.Prop = ...</c> statements on the same local, parameter, field or
/// property path (<c>o.TokenValidationParameters</c>). This is how a rule sees that <c>ValidateAudience = false</c> sits
/// next to a real <c>AudienceValidator</c>, or that <c>RequireHttpsMetadata = false</c> sits next to an <c>Authority</c>.
/// </summary>
internal sealed class ObjectWrites
{
    private readonly List<ISimpleAssignmentOperation> _assignments;

    private ObjectWrites(List<ISimpleAssignmentOperation> assignments, ObjectWrites? owner)
    {
        _assignments = assignments;
        Owner = owner;
    }

    /// <summary>For a <c>TokenValidationParameters</c> reached as <c>options.TokenValidationParameters</c>: the scope of <c>options</c>.</summary>
    public ObjectWrites? Owner { get; }

    public IEnumerable<ISimpleAssignmentOperation> Assignments => _assignments;

    /// <summary>The values assigned to <paramref name="property"/> (or a property overriding it) on this object.</summary>
    public IEnumerable<IOperation> ValuesOf(IPropertySymbol? property)
    {
        if (property is null)
        {
            yield break;
        }

        foreach (var assignment in _assignments)
        {
            if (assignment.Target is IPropertyReferenceOperation target && target.Property.IsOrOverrides(property))
            {
                yield return assignment.Value;
            }
        }
    }

    /// <summary>True when <paramref name="property"/> is assigned on this object.</summary>
    public bool Assigns(IPropertySymbol? property) => ValuesOf(property).Any();

    /// <summary>The scope of the object that <paramref name="assignment"/> (an assignment to a property) writes to.</summary>
    public static ObjectWrites For(ISimpleAssignmentOperation assignment)
    {
        var root = assignment.GetRoot();
        if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
        {
            return ForInitializer(initializer, root);
        }

        var instance = (assignment.Target as IPropertyReferenceOperation)?.Instance;
        var key = GetKey(instance);
        return ForKey(key, root, initializerSiblings: null);
    }

    private static ObjectWrites ForInitializer(IObjectOrCollectionInitializerOperation initializer, IOperation root)
    {
        var siblings = initializer.Initializers.OfType<ISimpleAssignmentOperation>().ToList();

        // Where does the created object go? var p = new T { ... };  or  o.TokenValidationParameters = new T { ... };
        IOperation? current = initializer.Parent;
        while (current is IConversionOperation)
        {
            current = current.Parent;
        }

        // The creation itself (IObjectCreationOperation / IAnonymousObjectCreation...) then its parent.
        var creation = current;
        current = current?.Parent;
        while (current is IConversionOperation)
        {
            current = current.Parent;
        }

        ImmutableArray<ISymbol> key = default;
        ObjectWrites? ownerFromInitializer = null;
        switch (current)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                key = ImmutableArray.Create<ISymbol>(declarator.Symbol);
                break;
            case ISimpleAssignmentOperation outer when creation is not null && ReferenceEquals(outer.Value.WalkDownConversion(), creation):
                if (outer.Parent is IObjectOrCollectionInitializerOperation outerInitializer)
                {
                    // new JwtBearerOptions { TokenValidationParameters = new TokenValidationParameters { ... } }
                    ownerFromInitializer = ForInitializer(outerInitializer, root);
                }
                else
                {
                    key = GetKey(outer.Target);
                }

                break;
        }

        var scope = ForKey(key, root, siblings);
        return ownerFromInitializer is null ? scope : new ObjectWrites(scope._assignments, ownerFromInitializer);
    }

    private static ObjectWrites ForKey(ImmutableArray<ISymbol> key, IOperation root, List<ISimpleAssignmentOperation>? initializerSiblings)
    {
        var assignments = initializerSiblings ?? new List<ISimpleAssignmentOperation>();
        if (key.IsDefaultOrEmpty)
        {
            return new ObjectWrites(assignments, null);
        }

        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                    when KeyEquals(GetKey(property.Instance), key) && !assignments.Contains(assignment):
                    assignments.Add(assignment);
                    break;

                // p = new T { ... } / var p = new T { ... } / o.TokenValidationParameters = new T { ... }
                case IObjectOrCollectionInitializerOperation initializer when initializer != null && IsInitializerFor(initializer, key):
                    foreach (var member in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
                    {
                        if (!assignments.Contains(member))
                        {
                            assignments.Add(member);
                        }
                    }

                    break;
            }
        }

        ObjectWrites? owner = null;
        if (key.Length > 1 && key[key.Length - 1] is IPropertySymbol)
        {
            owner = ForKey(key.RemoveAt(key.Length - 1), root, null);
        }

        return new ObjectWrites(assignments, owner);
    }

    private static bool IsInitializerFor(IObjectOrCollectionInitializerOperation initializer, ImmutableArray<ISymbol> key)
    {
        var creation = initializer.Parent;
        var current = creation?.Parent;
        while (current is IConversionOperation)
        {
            current = current.Parent;
        }

        return current switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => key.Length == 1 && SymbolEqualityComparer.Default.Equals(key[0], declarator.Symbol),
            ISimpleAssignmentOperation assignment when creation is not null && ReferenceEquals(assignment.Value.WalkDownConversion(), creation) => KeyEquals(GetKey(assignment.Target), key),
            _ => false,
        };
    }

    /// <summary>The symbol path of a receiver: <c>o.TokenValidationParameters</c> becomes [o, TokenValidationParameters].</summary>
    private static ImmutableArray<ISymbol> GetKey(IOperation? operation)
    {
        var builder = ImmutableArray.CreateBuilder<ISymbol>();
        while (operation is not null)
        {
            operation = operation.WalkDownConversion();
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    builder.Insert(0, local.Local);
                    return builder.ToImmutable();
                case IParameterReferenceOperation parameter:
                    builder.Insert(0, parameter.Parameter);
                    return builder.ToImmutable();
                case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                    builder.Insert(0, property.Property);
                    operation = property.Instance;
                    if (operation is null || operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                    {
                        return builder.ToImmutable();
                    }

                    break;
                case IFieldReferenceOperation field:
                    builder.Insert(0, field.Field);
                    operation = field.Instance;
                    if (operation is null || operation is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
                    {
                        return builder.ToImmutable();
                    }

                    break;
                default:
                    return default;
            }
        }

        return default;
    }

    private static bool KeyEquals(ImmutableArray<ISymbol> left, ImmutableArray<ISymbol> right)
    {
        if (left.IsDefaultOrEmpty || right.IsDefaultOrEmpty || left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }
}
