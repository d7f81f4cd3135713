using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>
/// An index of the syntax that can write a member or call a method, keyed by the simple name written (<c>x</c> in
/// <c>this.x = ...</c>, <c>Foo</c> in <c>a.Foo(...)</c>). Built from syntax only (no binding), one tree at a time and
/// only for the trees a query needs: a private or read-only member is looked up in the files of its type, so most
/// queries never index the rest of the project, and a project-wide query indexes each tree once for the compilation.
/// The flow engine binds only the few nodes whose name matches and then compares symbols. Names here are a prefilter,
/// never a decision.
/// </summary>
internal sealed class SyntaxIndex
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, TreeIndex> _trees = new();
    private readonly ConcurrentDictionary<SyntaxTree, string> _texts = new();
    private readonly ConcurrentDictionary<string, SyntaxTree[]> _spellers = new(StringComparer.Ordinal);
    private readonly Lazy<SyntaxTree[]> _allTrees;

    public SyntaxIndex(Compilation compilation)
    {
        _compilation = compilation;
        _allTrees = new Lazy<SyntaxTree[]>(() => System.Linq.Enumerable.ToArray(compilation.SyntaxTrees));
    }

    /// <summary>Assignments (simple, compound, <c>??=</c>, deconstruction), increments and ref/out arguments whose written name is <paramref name="name"/>.</summary>
    public IReadOnlyList<SyntaxNode> WritesOf(string name, IReadOnlyList<SyntaxTree>? scope = null) => Collect(scope, index => index.Writes, name);

    /// <summary>
    /// Deconstruction assignments (<c>(a, b) = ...</c>) in the trees that spell <paramref name="memberName"/>: a
    /// deconstruction that writes a member names it.
    /// </summary>
    /// <remarks>
    /// Indexed by the identifiers written inside the deconstruction's target (<c>x</c> and <c>y</c> in
    /// <c>(this.x, y) = ...</c>): a deconstruction whose target never names the member cannot write it, and the
    /// <c>out var</c> arguments and other deconstructions of a file that merely spells the name are never bound.
    /// </remarks>
    public IReadOnlyList<SyntaxNode> DeconstructionsSpelling(string memberName, IReadOnlyList<SyntaxTree>? scope = null)
        => Collect(scope, index => index.Deconstructions, memberName);

    /// <summary>The key under which deconstructions are indexed.</summary>
    internal const string TupleKey = "(tuple)";

    /// <summary>Invocations whose called name is <paramref name="name"/>.</summary>
    public IReadOnlyList<SyntaxNode> InvocationsOf(string name, IReadOnlyList<SyntaxTree>? scope = null) => Collect(scope, index => index.Invocations, name);

    /// <summary><c>new T(...)</c> with type name <paramref name="typeName"/>, plus target-typed <c>new(...)</c>, <c>this(...)</c>/<c>base(...)</c> and primary-constructor base calls.</summary>
    public IReadOnlyList<SyntaxNode> CreationsOf(string typeName, IReadOnlyList<SyntaxTree>? scope = null)
    {
        var result = new List<SyntaxNode>(Collect(scope, index => index.Creations, typeName));
        foreach (var tree in SpellingTrees(scope, typeName))
        {
            // new(...) of a type is written where the type is spelled: a declaration, a return type, a field.
            if (scope is null || MaySpell(tree, typeName))
            {
                result.AddRange(For(tree).ImplicitCreations);
            }
        }

        return result;
    }

    /// <summary>Method declarations named <paramref name="name"/>.</summary>
    public IReadOnlyList<SyntaxNode> DeclarationsOf(string name, IReadOnlyList<SyntaxTree>? scope = null) => Collect(scope, index => index.Declarations, name);

    /// <summary>Identifiers spelled <paramref name="name"/> (reads and writes of locals, fields, properties, methods).</summary>
    public IReadOnlyList<SyntaxNode> IdentifiersNamed(string name, IReadOnlyList<SyntaxTree>? scope = null) => Collect(scope, index => index.Identifiers, name);

    /// <summary>
    /// True when <paramref name="tree"/> may contain syntax named <paramref name="name"/>: its text contains the name.
    /// A tree that does not is never indexed for the query (most files of a project never spell a given member's
    /// name), which keeps a project-wide query from walking every file.
    /// </summary>
    private bool MaySpell(SyntaxTree tree, string name)
    {
        if (name.Length == 0 || name[0] == '(')
        {
            return true; // not a name that appears in the text
        }

        return SpellsIdentifier(TextOf(tree), name);
    }

    /// <summary>
    /// True when <paramref name="text"/> contains <paramref name="name"/> as a whole identifier: <c>Read</c> in
    /// <c>x.Read()</c>, not in <c>ReadJwtToken</c> or <c>IReadOnlyList</c> (a short member name would otherwise send a
    /// project-wide query to nearly every file).
    /// </summary>
    internal static bool SpellsIdentifier(string text, string name)
    {
        for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var end = at + name.Length;
            if ((at == 0 || !IsIdentifierPart(text[at - 1])) && (end == text.Length || !IsIdentifierPart(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A character of an identifier (letters, digits, underscore), for the text searches.</summary>
    internal static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>True when some tree of the compilation, with its text, satisfies <paramref name="predicate"/>: no tree is indexed.</summary>
    public bool AnyTree(Func<SyntaxTree, string, bool> predicate)
    {
        foreach (var tree in _allTrees.Value)
        {
            if (predicate(tree, TextOf(tree)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text of <paramref name="tree"/>, read once per compilation.</summary>
    public string TextOf(SyntaxTree tree)
        => _texts.TryGetValue(tree, out var text) ? text : _texts.GetOrAdd(tree, static t => t.GetText().ToString());

    /// <summary>True when the text of some tree of the compilation contains <paramref name="text"/> (ordinal): no tree is indexed.</summary>
    public bool AnyTextContains(string text) => SpellingTrees(null, text).Count > 0;

    /// <summary>The trees whose text spells <paramref name="name"/> as a whole identifier (found once per name, no tree is indexed).</summary>
    public IReadOnlyList<SyntaxTree> TreesSpelling(string name) => SpellingTrees(null, name);

    /// <summary>
    /// The tokens of the compilation whose text spells <paramref name="name"/> as a whole identifier: the identifier
    /// itself, or the string literal (or interpolated text) that contains it. Found from the text of the trees that
    /// spell the name; no tree is walked or indexed.
    /// </summary>
    public IEnumerable<SyntaxToken> TokensSpelling(string name)
    {
        foreach (var tree in SpellingTrees(null, name))
        {
            if (!_texts.TryGetValue(tree, out var text))
            {
                continue;
            }

            var root = tree.GetRoot();
            var last = -1;
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                var end = at + name.Length;
                if ((at > 0 && IsIdentifierPart(text[at - 1])) || (end < text.Length && IsIdentifierPart(text[end])))
                {
                    continue;
                }

                var token = root.FindToken(at);
                if (token.SpanStart != last)
                {
                    last = token.SpanStart;
                    yield return token;
                }
            }
        }
    }

    /// <summary>True when some tree of the compilation invokes a method called <paramref name="name"/> or spells the identifier.</summary>
    public bool Mentions(string name)
    {
        foreach (var tree in SpellingTrees(null, name))
        {
            var index = For(tree);
            if (index.Invocations.ContainsKey(name) || index.Identifiers.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    private IEnumerable<SyntaxTree> TreesIn(IReadOnlyList<SyntaxTree>? scope) => scope ?? (IEnumerable<SyntaxTree>)_compilation.SyntaxTrees;

    /// <summary>
    /// The trees of <paramref name="scope"/> that may spell <paramref name="name"/>. For a project-wide query the trees
    /// whose text contains the name are found once per name and cached: the members of many files share a name
    /// (<c>SigningKey</c>, <c>Issue</c>), and searching every file's text again for each of them made project-wide
    /// queries cost the number of files times the number of members followed.
    /// </summary>
    private IReadOnlyList<SyntaxTree> SpellingTrees(IReadOnlyList<SyntaxTree>? scope, string name)
    {
        if (scope is not null || name.Length == 0 || name[0] == '(')
        {
            return scope ?? (IReadOnlyList<SyntaxTree>)_allTrees.Value;
        }

        if (_spellers.TryGetValue(name, out var cached))
        {
            return cached;
        }

        List<SyntaxTree>? trees = null;
        foreach (var tree in _allTrees.Value)
        {
            if (MaySpell(tree, name))
            {
                (trees ??= new List<SyntaxTree>()).Add(tree);
            }
        }

        return _spellers.GetOrAdd(name, trees is null ? Array.Empty<SyntaxTree>() : trees.ToArray());
    }

    private IReadOnlyList<SyntaxNode> Collect(IReadOnlyList<SyntaxTree>? scope, Func<TreeIndex, Dictionary<string, List<SyntaxNode>>> map, string name)
    {
        List<SyntaxNode>? single = null;
        List<SyntaxNode>? merged = null;
        foreach (var tree in SpellingTrees(scope, name))
        {
            if ((scope is not null && !MaySpell(tree, name)) || !map(For(tree)).TryGetValue(name, out var list))
            {
                continue;
            }

            if (single is null)
            {
                single = list;
            }
            else
            {
                merged ??= new List<SyntaxNode>(single);
                merged.AddRange(list);
            }
        }

        return merged ?? single ?? (IReadOnlyList<SyntaxNode>)Array.Empty<SyntaxNode>();
    }

    private TreeIndex For(SyntaxTree tree) => _trees.TryGetValue(tree, out var index) ? index : _trees.GetOrAdd(tree, static t => new TreeIndex(t));

    private sealed class TreeIndex
    {
        public readonly Dictionary<string, List<SyntaxNode>> Writes = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<SyntaxNode>> Invocations = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<SyntaxNode>> Creations = new(StringComparer.Ordinal);
        private readonly SyntaxTree _tree;
        private Dictionary<string, List<SyntaxNode>>? _identifiers;
        public readonly Dictionary<string, List<SyntaxNode>> Declarations = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<SyntaxNode>> Deconstructions = new(StringComparer.Ordinal);
        public readonly List<SyntaxNode> ImplicitCreations = new();

        /// <summary>Every identifier of the tree by spelling: a second walk, made only when a query needs it (delegate uses, reads).</summary>
        public Dictionary<string, List<SyntaxNode>> Identifiers
        {
            get
            {
                if (_identifiers is { } built)
                {
                    return built;
                }

                var map = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
                foreach (var token in _tree.GetRoot().DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is IdentifierNameSyntax identifier && !identifier.IsVar)
                    {
                        Add(map, token.ValueText, identifier);
                    }
                }

                System.Threading.Interlocked.CompareExchange(ref _identifiers, map, null);
                return _identifiers!;
            }
        }

        /// <summary>
        /// <c>(this.x, y) = ...</c> under every identifier its target spells (<c>var (a, b) = ...</c> only declares
        /// locals and is not indexed).
        /// </summary>
        private void AddDeconstruction(TupleExpressionSyntax target, AssignmentExpressionSyntax assignment)
        {
            HashSet<string>? seen = null;
            foreach (var node in target.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && (seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(identifier.Identifier.ValueText))
                {
                    Add(Deconstructions, identifier.Identifier.ValueText, assignment);
                }
            }
        }

        public TreeIndex(SyntaxTree tree)
        {
            _tree = tree;
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when RightmostName(assignment.Left) is { } written:
                        Add(Writes, written, assignment);
                        if (assignment.Left is TupleExpressionSyntax tupleTarget)
                        {
                            AddDeconstruction(tupleTarget, assignment);
                        }

                        break;
                    case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax when RightmostName(node is PrefixUnaryExpressionSyntax prefix ? prefix.Operand : ((PostfixUnaryExpressionSyntax)node).Operand) is { } incremented:
                        Add(Writes, incremented, node);
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument when RightmostName(argument.Expression) is { } byRef:
                        Add(Writes, byRef, argument);
                        break;
                    case InvocationExpressionSyntax invocation when RightmostName(invocation.Expression) is { } called:
                        Add(Invocations, called, invocation);
                        break;
                    case ObjectCreationExpressionSyntax creation when RightmostName(creation.Type) is { } typeName:
                        Add(Creations, typeName, creation);
                        break;
                    case ImplicitObjectCreationExpressionSyntax implicitCreation:
                        ImplicitCreations.Add(implicitCreation);
                        break;
                    case ConstructorInitializerSyntax initializer:
                        ImplicitCreations.Add(initializer);
                        break;
                    case PrimaryConstructorBaseTypeSyntax baseType:
                        ImplicitCreations.Add(baseType);
                        break;
                    case MethodDeclarationSyntax declaration:
                        Add(Declarations, declaration.Identifier.ValueText, declaration);
                        break;
                }
            }
        }
    }

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
                return TupleKey;
            default:
                return expression?.IsKind(SyntaxKind.PredefinedType) == true ? expression.ToString() : null;
        }
    }
}
