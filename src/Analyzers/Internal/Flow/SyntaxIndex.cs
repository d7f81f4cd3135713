using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// A per-compilation index of the syntax that can write a member or call a method, keyed by the simple name written
/// (<c>x</c> in <c>this.x = ...</c>, <c>Foo</c> in <c>a.Foo(...)</c>). Built once, lazily, from syntax only (no
/// binding): the flow engine binds only the few nodes whose name matches and then compares symbols. Names here are a
/// prefilter, never a decision.
/// </summary>
internal sealed class SyntaxIndex
{
    private static readonly ImmutableArray<SyntaxNode> None = ImmutableArray<SyntaxNode>.Empty;

    private readonly Dictionary<string, List<SyntaxNode>> _writes = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _invocations = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _creations = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _reads = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, List<SyntaxNode>> _declarations = new(System.StringComparer.Ordinal);
    private readonly List<SyntaxNode> _implicitCreations = new();

    private SyntaxIndex()
    {
    }

    /// <summary>Walks every tree of <paramref name="compilation"/> once.</summary>
    public static SyntaxIndex Build(Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var index = new SyntaxIndex();
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when RightmostName(assignment.Left) is { } written:
                        Add(index._writes, written, assignment);
                        break;
                    case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax when RightmostName(node is PrefixUnaryExpressionSyntax prefix ? prefix.Operand : ((PostfixUnaryExpressionSyntax)node).Operand) is { } incremented:
                        Add(index._writes, incremented, node);
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when RightmostName(argument.Expression) is { } byRef:
                        Add(index._writes, byRef, argument);
                        break;
                    case InvocationExpressionSyntax invocation when RightmostName(invocation.Expression) is { } called:
                        Add(index._invocations, called, invocation);
                        break;
                    case ObjectCreationExpressionSyntax creation when RightmostName(creation.Type) is { } typeName:
                        Add(index._creations, typeName, creation);
                        break;
                    case ImplicitObjectCreationExpressionSyntax implicitCreation:
                        index._implicitCreations.Add(implicitCreation);
                        break;
                    case ConstructorInitializerSyntax initializer:
                        index._implicitCreations.Add(initializer);
                        break;
                    case PrimaryConstructorBaseTypeSyntax baseType:
                        index._implicitCreations.Add(baseType);
                        break;
                    case MethodDeclarationSyntax declaration:
                        Add(index._declarations, declaration.Identifier.ValueText, declaration);
                        break;
                    case IdentifierNameSyntax identifier when !identifier.IsVar:
                        Add(index._reads, identifier.Identifier.ValueText, identifier);
                        break;
                }
            }
        }

        return index;
    }

    /// <summary>Assignments (simple, compound, <c>??=</c>, deconstruction), increments and ref/out arguments whose written name is <paramref name="name"/>.</summary>
    public IReadOnlyList<SyntaxNode> WritesOf(string name) => _writes.TryGetValue(name, out var list) ? list : None;

    /// <summary>Invocations whose called name is <paramref name="name"/>.</summary>
    public IReadOnlyList<SyntaxNode> InvocationsOf(string name) => _invocations.TryGetValue(name, out var list) ? list : None;

    /// <summary><c>new T(...)</c> with type name <paramref name="typeName"/>, plus target-typed <c>new(...)</c>, <c>this(...)</c>/<c>base(...)</c> and primary-constructor base calls.</summary>
    public IEnumerable<SyntaxNode> CreationsOf(string typeName)
    {
        if (_creations.TryGetValue(typeName, out var list))
        {
            foreach (var node in list)
            {
                yield return node;
            }
        }

        foreach (var node in _implicitCreations)
        {
            yield return node;
        }
    }

    /// <summary>Method declarations named <paramref name="name"/>.</summary>
    public IReadOnlyList<SyntaxNode> DeclarationsOf(string name) => _declarations.TryGetValue(name, out var list) ? list : None;

    /// <summary>Identifiers spelled <paramref name="name"/> (reads and writes of locals, fields, properties, methods).</summary>
    public IReadOnlyList<SyntaxNode> IdentifiersNamed(string name) => _reads.TryGetValue(name, out var list) ? list : None;

    private static void Add(Dictionary<string, List<SyntaxNode>> map, string key, SyntaxNode node)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = new List<SyntaxNode>();
            map.Add(key, list);
        }

        list.Add(node);
    }

    /// <summary><c>x</c> for <c>x</c>, <c>this.x</c>, <c>a.b.x</c>, <c>a?.x</c>, <c>x&lt;T&gt;</c>; null for anything else.</summary>
    internal static string? RightmostName(ExpressionSyntax? expression)
    {
        switch (expression)
        {
            case SimpleNameSyntax simple:
                return simple.Identifier.ValueText;
            case MemberAccessExpressionSyntax access:
                return access.Name.Identifier.ValueText;
            case MemberBindingExpressionSyntax binding:
                return binding.Name.Identifier.ValueText;
            case ConditionalAccessExpressionSyntax conditional:
                return RightmostName(conditional.WhenNotNull);
            case QualifiedNameSyntax qualified:
                return qualified.Right.Identifier.ValueText;
            case AliasQualifiedNameSyntax alias:
                return alias.Name.Identifier.ValueText;
            case ParenthesizedExpressionSyntax parenthesized:
                return RightmostName(parenthesized.Expression);
            case ElementAccessExpressionSyntax element:
                return RightmostName(element.Expression);
            case TupleExpressionSyntax or DeclarationExpressionSyntax:
                return "(tuple)";
            default:
                return expression?.IsKind(SyntaxKind.PredefinedType) == true ? expression.ToString() : null;
        }
    }
}
