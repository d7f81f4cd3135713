using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>One claim that ends up in a token: its name and value operations and where it is written.</summary>
internal sealed class ClaimItem
{
    public ClaimItem(IOperation? name, IOperation? value, IOperation site, Location location, string? memberName = null)
    {
        MemberName = memberName;
        Name = name;
        Value = value;
        Site = site;
        Location = location;
    }

    /// <summary>The claim type / dictionary key / member name operation (null for anonymous members: see <see cref="MemberName"/>).</summary>
    public IOperation? Name { get; }

    public IOperation? Value { get; }

    /// <summary>The operation that writes the claim (a <c>new Claim(...)</c>, an initializer element, an <c>Add</c> call, an anonymous member).</summary>
    public IOperation Site { get; }

    public Location Location { get; }

    /// <summary>For anonymous-object members: the member name.</summary>
    public string? MemberName { get; }
}

/// <summary>
/// Walks back from a value handed to a token API (claims, a <c>ClaimsIdentity</c>, a payload dictionary or anonymous
/// object) to every claim written into it: <c>new Claim(...)</c> in arrays, lists and initializers, <c>Add</c>,
/// <c>AddRange</c>, <c>AddClaim</c>, <c>AddClaims</c> on the local that holds the collection or identity, dictionary
/// elements and later writes, anonymous members, LINQ pass-throughs (<c>ToList</c>, <c>Concat</c>, ...), <c>await</c>,
/// every arm of <c>?:</c>/<c>??</c>/<c>switch</c>, and the return (or <c>yield return</c>) values of source helper
/// methods, a few calls deep. Generic: the caller decides which claims matter.
/// </summary>
internal sealed class ClaimSources
{
    private const int MaxMethodDepth = 3;
    private const int MaxDepth = 24;

    private readonly TokenIssuingSymbols _symbols;
    private readonly ValueFlow _flow;

    public ClaimSources(TokenIssuingSymbols symbols, ValueFlow flow)
    {
        _symbols = symbols;
        _flow = flow;
    }

    public List<ClaimItem> Collect(IOperation value)
    {
        var items = new List<ClaimItem>();
        Walk(value, items, new HashSet<IOperation>(), 0, 0);
        return items;
    }

    private void Walk(IOperation operation, List<ClaimItem> items, HashSet<IOperation> visited, int depth, int methodDepth)
    {
        operation = operation.WalkDownConversion();
        if (depth > MaxDepth || !visited.Add(operation))
        {
            return;
        }

        var next = depth + 1;
        switch (operation)
        {
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.Claim):
                var type = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "type");
                var value = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value");
                if (type is not null)
                {
                    items.Add(new ClaimItem(type.Value, value?.Value, creation, creation.Syntax.GetLocation()));
                }

                return;

            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Value.Type?.SpecialType != SpecialType.System_String)
                    {
                        Walk(argument.Value, items, visited, next, methodDepth);
                    }
                }

                if (creation.Initializer is { } initializer)
                {
                    foreach (var element in initializer.Initializers)
                    {
                        Element(element, items, visited, next, methodDepth);
                    }
                }

                if (RefreshTokenContext.ReceivingSymbol(creation) is ILocalSymbol holder)
                {
                    LaterWrites(creation, holder, items, visited, next, methodDepth);
                }

                return;

            case IArrayCreationOperation { Initializer: { } arrayInitializer }:
                foreach (var element in arrayInitializer.ElementValues)
                {
                    Walk(element, items, visited, next, methodDepth);
                }

                return;

            case IAnonymousObjectCreationOperation anonymous:
                foreach (var memberInitializer in anonymous.Initializers)
                {
                    if (memberInitializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } member)
                    {
                        items.Add(new ClaimItem(null, member.Value, member, member.Syntax.GetLocation(), property.Property.Name));
                    }
                }

                return;

            case ILocalReferenceOperation local:
                foreach (var candidate in _flow.SourcesOf(local).Values)
                {
                    if (candidate != local)
                    {
                        Walk(candidate, items, visited, next, methodDepth);
                    }
                }

                LaterWrites(local, local.Local, items, visited, next, methodDepth);
                return;

            case IPropertyReferenceOperation { Instance: { } instance, Property.Name: "Claims" } claims
                when claims.Property.ContainingType.IsOrInheritsFrom(_symbols.ClaimsIdentity) || claims.Property.ContainingType.IsOrInheritsFrom(_symbols.ClaimsPrincipal):
                Walk(instance, items, visited, next, methodDepth);
                return;

            case IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
                // A parameter is followed to the arguments of its callers: a project helper that signs whatever payload
                // it is given (Sign(object payload) => JWT.Encode(payload, ...)) issues the claims its callers build.
                foreach (var candidate in _flow.SourcesOf(operation).Values)
                {
                    if (candidate != operation)
                    {
                        Walk(candidate, items, visited, next, methodDepth);
                    }
                }

                return;

            case IAwaitOperation awaited:
                Walk(awaited.Operation, items, visited, next, methodDepth);
                return;

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                Walk(conditional.WhenTrue, items, visited, next, methodDepth);
                Walk(whenFalse, items, visited, next, methodDepth);
                return;

            case ICoalesceOperation coalesce:
                Walk(coalesce.Value, items, visited, next, methodDepth);
                Walk(coalesce.WhenNull, items, visited, next, methodDepth);
                return;

            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    Walk(arm.Value, items, visited, next, methodDepth);
                }

                return;

            case IInvocationOperation invocation:
                Invocation(invocation, items, visited, next, methodDepth);
                return;
        }
    }

    private void Invocation(IInvocationOperation invocation, List<ClaimItem> items, HashSet<IOperation> visited, int depth, int methodDepth)
    {
        var method = invocation.TargetMethod;
        if (ValueFlow.IsFollowable(method))
        {
            if (methodDepth >= MaxMethodDepth)
            {
                return;
            }

            foreach (var returned in _flow.ReturnsOf(method).Values)
            {
                Walk(returned, items, visited, depth, methodDepth + 1);
            }

            return;
        }

        // Pass-throughs: LINQ (Concat, Append, ToList, ...), collection copies (list.ToArray()), Task.FromResult, serializers.
        if (_symbols.IsPassThrough(method))
        {
            if (invocation.Instance is { } instance)
            {
                Walk(instance, items, visited, depth, methodDepth);
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.WalkDownConversion() is not IDelegateCreationOperation and not IAnonymousFunctionOperation)
                {
                    Walk(argument.Value, items, visited, depth, methodDepth);
                }
            }
        }
    }

    private void Element(IOperation element, List<ClaimItem> items, HashSet<IOperation> visited, int depth, int methodDepth)
    {
        switch (element)
        {
            case IInvocationOperation { Arguments.Length: 1 } add:
                Walk(add.Arguments[0].Value, items, visited, depth, methodDepth);
                break;
            case IInvocationOperation { Arguments.Length: 2 } or ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } }:
                if (PayloadEntries.Element(element) is { } entry)
                {
                    items.Add(new ClaimItem(KeyOperation(element), entry.Value, element, element.Syntax.GetLocation()));
                }

                break;
        }
    }

    /// <summary><c>Add</c>/<c>AddRange</c>/<c>AddClaim</c>/<c>AddClaims</c>/indexer writes on <paramref name="holder"/> in the same body.</summary>
    private void LaterWrites(IOperation anchor, ILocalSymbol holder, List<ClaimItem> items, HashSet<IOperation> visited, int depth, int methodDepth)
    {
        foreach (var operation in anchor.GetRoot().DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: ILocalReferenceOperation receiver } call
                    when SymbolEqualityComparer.Default.Equals(receiver.Local, holder) && IsAdd(call.TargetMethod):
                    if (call.Arguments.Length == 2 && call.TargetMethod.Name is "Add" or "TryAdd" && call.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
                    {
                        items.Add(new ClaimItem(call.Arguments[0].Value, call.Arguments[1].Value, call, call.Syntax.GetNameLocation()));
                    }
                    else
                    {
                        Walk(call.Arguments[call.Arguments.Length - 1].Value, items, visited, depth, methodDepth);
                    }

                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: ILocalReferenceOperation receiver } indexer } assignment
                    when SymbolEqualityComparer.Default.Equals(receiver.Local, holder):
                    items.Add(new ClaimItem(indexer.Arguments[0].Value, assignment.Value, assignment, assignment.Syntax.GetLocation()));
                    break;
            }
        }
    }

    /// <summary>
    /// An item added to a collection or identity, by symbol: <c>Add</c>/<c>AddRange</c>/<c>Insert</c>/<c>TryAdd</c> of a
    /// collection type, <c>AddClaim</c>/<c>AddClaims</c> of <c>ClaimsIdentity</c> (or <c>JwtPayload</c>, a dictionary).
    /// A project's own <c>Add</c> on a type that is not a collection is not.
    /// </summary>
    private bool IsAdd(IMethodSymbol method)
        => method.Name switch
        {
            "Add" or "AddRange" or "Insert" or "TryAdd" => _symbols.IsCollection(method.ContainingType),
            "AddClaim" or "AddClaims" => method.ContainingType.IsOrInheritsFrom(_symbols.ClaimsIdentity) || method.ContainingType.IsOrInheritsFrom(_symbols.JwtPayload),
            _ => false,
        };

    private static IOperation? KeyOperation(IOperation element) => element switch
    {
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } => indexer.Arguments[0].Value,
        IInvocationOperation { Arguments.Length: 2 } add => add.Arguments[0].Value,
        _ => null,
    };
}
