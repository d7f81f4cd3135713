using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>The value-flow engine: forward reach of the values a body hands out (which files can receive them).</summary>
internal sealed partial class ValueFlow
{
    // ------------------------------------------------------------------ forward reach of a body

    /// <summary>
    /// The files the values of <paramref name="root"/> (a body) whose type satisfies <paramref name="carries"/> can reach:
    /// a value returned goes to the call sites of the method, a value stored in a field or property of this instance
    /// (or a static one) to every read of the member, a value passed to a source method or constructor into its body;
    /// each receiving body is followed in turn, up to <paramref name="maxHops"/> bodies away. Null when that cannot be
    /// bounded: a value returned by a lambda whose delegate is held by project code, a virtual, abstract, overriding or
    /// interface-implementing method (callers may go through the base member), a member or callee without source, or
    /// more than <paramref name="maxHops"/> hops. A lambda passed straight to a library method (<c>roles.Select(r =&gt;
    /// new Claim(...))</c>) returns into the body, and a local function is called inside it. Used to decide which
    /// files to consult for what a body produces (JWT016: the token sinks its claims can reach); not cached (callers
    /// cache per body what they derive from it).
    /// </summary>
    /// <param name="root">The body whose values are followed (an operation root).</param>
    /// <param name="carries">Which values to follow, by type (a returned <c>bool</c> carries no claim).</param>
    /// <param name="maxHops">How many receiving bodies deep to follow before giving up (null).</param>
    public SyntaxTree[]? ReachOf(IOperation root, Func<ITypeSymbol?, bool> carries, int maxHops)
    {
        var trees = new HashSet<SyntaxTree>();
        var visited = new HashSet<IOperation> { root };
        var work = new Queue<(IOperation Body, int Depth)>();
        work.Enqueue((root, 0));
        while (work.Count > 0)
        {
            var (body, depth) = work.Dequeue();
            foreach (var operation in body.DescendantsAndSelf())
            {
                IEnumerable<IOperation>? receivers = null;
                switch (operation)
                {
                    case IReturnOperation { ReturnedValue: { } returned } when carries(returned.Type):
                        if (operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is not IMethodSymbol owner)
                        {
                            return null;
                        }

                        if (owner.MethodKind is MethodKind.AnonymousFunction or MethodKind.LambdaMethod)
                        {
                            // roles.Select(r => new Claim(...)): a lambda handed to a library method returns into this body.
                            if (IsLambdaForLibraryCall(operation))
                            {
                                continue;
                            }

                            return null; // whoever holds the delegate receives the claims
                        }

                        if (owner.MethodKind == MethodKind.LocalFunction)
                        {
                            continue; // called inside this body
                        }

                        if (owner.IsVirtual || owner.IsAbstract || owner.IsOverride || !owner.ExplicitInterfaceImplementations.IsEmpty || IsInterfaceImplementation(owner))
                        {
                            return null;
                        }

                        receivers = CallSitesOf(owner);
                        break;
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } } stored
                        when carries(stored.Value.Type):
                        var member = stored.Target switch
                        {
                            IFieldReferenceOperation field => (ISymbol)field.Field,
                            IPropertyReferenceOperation property => property.Property,
                            _ => null,
                        };
                        if (member is null || !member.IsInSource())
                        {
                            return null;
                        }

                        receivers = ReadsOf(member);
                        break;
                    case IArgumentOperation { Parent: IInvocationOperation or IObjectCreationOperation } argument when carries(argument.Value.Type):
                        var target = argument.Parent switch
                        {
                            IInvocationOperation invocation => invocation.TargetMethod,
                            IObjectCreationOperation creation => creation.Constructor,
                            _ => null,
                        };
                        if (target is null || !target.IsInSource())
                        {
                            continue; // a library call: its sink, if any, is in this body
                        }

                        if (BodyOf(target) is not { } calleeBody)
                        {
                            return null;
                        }

                        receivers = new[] { calleeBody };
                        break;
                }

                if (receivers is null)
                {
                    continue;
                }

                foreach (var receiver in receivers)
                {
                    trees.Add(receiver.Syntax.SyntaxTree);
                    var receiverBody = receiver.GetRoot();
                    if (visited.Add(receiverBody))
                    {
                        if (depth + 1 > maxHops)
                        {
                            return null;
                        }

                        work.Enqueue((receiverBody, depth + 1));
                    }
                }
            }
        }

        return trees.ToArray();
    }

    /// <summary>True when <paramref name="inside"/> is in a lambda passed directly as an argument to a method outside the compilation.</summary>
    public static bool IsLambdaForLibraryCall(IOperation inside)
    {
        for (var parent = inside.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation lambda)
            {
                var holder = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
                holder = holder is IConversionOperation conversion ? conversion.Parent : holder;
                return holder is IArgumentOperation { Parent: IInvocationOperation call } && !call.TargetMethod.IsInSource();
            }
        }

        return false;
    }
}
