using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Http;

/// <summary>
/// SignalR hub paths: the paths mapped with <c>MapHub&lt;T&gt;(pattern)</c> in the compilation (with a
/// <c>MapGroup(prefix)</c> receiver's prefix), the request-path guards around an operation
/// (<c>path.StartsWithSegments("/hubs")</c>, <c>Path == "/hubs/chat"</c>, <c>Path.Value.StartsWith(...)</c>, by symbol),
/// whether a guarded path is a hub path, and whether an authentication scheme is selected only for hub paths
/// (<c>ForwardDefaultSelector</c>). One instance per compilation (<see cref="Get"/>); the mapped hubs are found once,
/// on first use.
/// </summary>
internal sealed class HubPaths
{
    private static readonly ConditionalWeakTable<Compilation, HubPaths> s_cache = new();

    private readonly Compilation _compilation;
    private readonly AspNetCoreHttpSymbols _http;
    private readonly AspNetAuthenticationSymbols _authentication;
    private readonly Lazy<(ImmutableArray<string> Paths, bool Complete)> _mappedHubs;

    private HubPaths(Compilation compilation)
    {
        _compilation = compilation;
        var symbols = KnownSymbols.Get(compilation);
        _http = symbols.Http;
        _authentication = symbols.Authentication;
        _mappedHubs = new Lazy<(ImmutableArray<string>, bool)>(FindMappedHubs, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static HubPaths Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new HubPaths(c));

    // ------------------------------------------------------------------ guards

    /// <summary>
    /// The request paths checked by the guards of <paramref name="operation"/> inside its handler: the conditions of the
    /// <c>if</c>s and <c>?:</c>s it is in, the <c>if</c>s before it that return early, and the conditions inside the
    /// assigned value. A null entry is a path check whose path is not a constant.
    /// </summary>
    public List<string?> GuardedPaths(IOperation operation, IOperation? value)
    {
        var paths = new List<string?>();
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when ReferenceEquals(conditional.WhenTrue, child):
                    CollectPathChecks(conditional.Condition, paths, 0);
                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (ReferenceEquals(statement, child))
                        {
                            break;
                        }

                        if (statement is IConditionalOperation { WhenTrue: var whenTrue } earlyExit && ExitsEarly(whenTrue))
                        {
                            CollectPathChecks(earlyExit.Condition, paths, 0);
                        }
                    }

                    break;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation)
            {
                break;
            }
        }

        if (value is not null)
        {
            foreach (var descendant in value.DescendantsAndSelf())
            {
                if (descendant is IConditionalOperation inner)
                {
                    CollectPathChecks(inner.Condition, paths, 0);
                }
            }
        }

        return paths;
    }

    private static bool ExitsEarly(IOperation branch)
    {
        foreach (var operation in branch.DescendantsAndSelf())
        {
            if (operation is IReturnOperation or IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds the paths compared with the request path in <paramref name="condition"/> (bool locals are followed).</summary>
    private void CollectPathChecks(IOperation condition, List<string?> paths, int depth)
    {
        if (depth > 2)
        {
            return;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (method.IsMemberOf(_http.PathString, "StartsWithSegments") || method.IsMemberOf(_http.PathString, "Equals"))
                    {
                        paths.Add(invocation.Arguments.Length > 0 ? PathText(invocation.Arguments[0].Value) : null);
                    }
                    else if (method.ContainingType?.SpecialType == SpecialType.System_String && !method.IsStatic
                             && invocation.Instance is { } instance && IsRequestPathText(instance)
                             && invocation.Arguments.Length > 0 && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
                    {
                        // Path.Value.StartsWith("/hubs"), Path.ToString().Equals(...), Path.Value.Contains("/hubs/").
                        paths.Add(PathText(invocation.Arguments[0].Value));
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    if (IsRequestPath(comparison.LeftOperand) || IsRequestPathText(comparison.LeftOperand))
                    {
                        paths.Add(PathText(comparison.RightOperand));
                    }
                    else if (IsRequestPath(comparison.RightOperand) || IsRequestPathText(comparison.RightOperand))
                    {
                        paths.Add(PathText(comparison.LeftOperand));
                    }

                    break;
                case ILocalReferenceOperation { Type.SpecialType: SpecialType.System_Boolean } flag:
                    var values = ValueFlow.CompleteSourcesOf(flag);
                    if (!values.IsDefaultOrEmpty)
                    {
                        foreach (var source in values)
                        {
                            CollectPathChecks(source, paths, depth + 1);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>A <c>PathString</c> value (the request path or a local holding it).</summary>
    private bool IsRequestPath(IOperation operation) => _http.PathString is { } pathString && ValueFlow.Unwrap(operation).Type.Is(pathString);

    /// <summary>A string taken from a <c>PathString</c> (<c>Path.Value</c>, <c>Path.ToString()</c>).</summary>
    private bool IsRequestPathText(IOperation operation)
    {
        if (_http.PathString is not { } pathString || ValueFlow.Unwrap(operation).Type?.SpecialType != SpecialType.System_String)
        {
            return false;
        }

        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant.Type.Is(pathString))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The constant path of a guard argument (a string, <c>new PathString("/hubs")</c>, an implicit conversion), or null.</summary>
    private static string? PathText(IOperation value)
    {
        value = ValueFlow.Unwrap(value);
        if (value is IObjectCreationOperation { Arguments.Length: 1 } creation)
        {
            value = ValueFlow.Unwrap(creation.Arguments[0].Value);
        }

        return ConstantValues.String(value);
    }

    // ------------------------------------------------------------------ hub paths

    /// <summary>
    /// True when <paramref name="path"/> (a guard's constant path) is a SignalR hub path: a path with a segment naming a
    /// hub (<c>/hubs</c>, <c>/chathub</c>), or one that matches, segment by segment, a path mapped with <c>MapHub</c> in
    /// the compilation (either is a prefix of the other). A path the rule cannot read is given the benefit of the doubt.
    /// </summary>
    public bool IsHubPath(string? path)
    {
        // A path that names a hub is accepted without looking for MapHub (which binds every MapHub call of the
        // compilation); only a path that does not is checked against the hubs mapped in the compilation.
        if (path is null || NamesAHub(path))
        {
            return true;
        }

        var (mapped, complete) = _mappedHubs.Value;
        if (mapped.IsEmpty)
        {
            return !complete;
        }

        foreach (var hub in mapped)
        {
            if (SegmentPrefix(path, hub) || SegmentPrefix(hub, path))
            {
                return true;
            }
        }

        return !complete;
    }

    private static bool NamesAHub(string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment.IndexOf("hub", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every segment of <paramref name="prefix"/> matches the same segment of <paramref name="path"/> (route parameters match any segment).</summary>
    private static bool SegmentPrefix(string prefix, string path)
    {
        var a = prefix.Trim('/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        var b = path.Trim('/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        if (a.Length == 0 || a.Length > b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.OrdinalIgnoreCase) && !a[i].StartsWith("{", StringComparison.Ordinal) && !b[i].StartsWith("{", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private (ImmutableArray<string> Paths, bool Complete) FindMappedHubs()
    {
        if (_http.HubEndpointRouteBuilderExtensions is not { } extensions)
        {
            return (ImmutableArray<string>.Empty, true);
        }

        var flow = ValueFlow.Get(_compilation);
        var paths = ImmutableArray.CreateBuilder<string>();
        var complete = true;
        foreach (var member in extensions.GetMembers("MapHub"))
        {
            if (member is not IMethodSymbol mapHub)
            {
                continue;
            }

            foreach (var site in flow.CallSitesOf(mapHub))
            {
                if (site is not IInvocationOperation call || call.Arguments.Length < 2 || ConstantValues.String(flow, call.Arguments[1].Value) is not { } pattern)
                {
                    complete = false;
                    continue;
                }

                paths.Add(GroupPrefix(flow, call.Arguments[0].Value) + "/" + pattern.Trim('/'));
            }
        }

        return (paths.ToImmutable(), complete);
    }

    /// <summary>The prefix of a <c>MapGroup("/hubs")</c> receiver (also through a local), or empty.</summary>
    private string GroupPrefix(ValueFlow flow, IOperation receiver)
    {
        var prefix = string.Empty;
        for (var depth = 0; depth < 4; depth++)
        {
            receiver = ValueFlow.Unwrap(receiver);
            if (receiver is ILocalReferenceOperation && ValueFlow.CompleteSourcesOf(receiver) is { IsDefaultOrEmpty: false, Length: 1 } single)
            {
                receiver = ValueFlow.Unwrap(single[0]);
            }

            if (receiver is not IInvocationOperation { Arguments.Length: >= 2 } group || !group.TargetMethod.IsMemberOf(_http.EndpointRouteBuilderExtensions, "MapGroup")
                || ConstantValues.String(flow, group.Arguments[1].Value) is not { } groupPrefix)
            {
                break;
            }

            prefix = "/" + groupPrefix.Trim('/') + prefix;
            receiver = group.Arguments[0].Value;
        }

        return prefix;
    }

    // ------------------------------------------------------------------ hub-only schemes

    /// <summary>
    /// True when <paramref name="operation"/> is in the options of a JwtBearer scheme (<c>AddJwtBearer("hubs", o =&gt; ...)</c>)
    /// that a policy scheme's <c>ForwardDefaultSelector</c> selects, and selects only for hub paths
    /// (<c>ctx.Request.Path.StartsWithSegments("/hubs") ? "hubs" : "api"</c>), configured in the same method.
    /// </summary>
    public bool IsInHubOnlyScheme(IOperation operation)
    {
        if (SchemeOf(operation, out var root) is not { } scheme || root is null
            || _authentication.AuthenticationSchemeOptions is not { } schemeOptions)
        {
            return false;
        }

        // The policy scheme is configured with the scheme (the same AddAuthentication chain or method): its selector
        // is looked for there, not in the whole compilation.
        var flow = ValueFlow.Get(_compilation);
        var selected = false;
        foreach (var assignment in root.Descendants())
        {
            if (assignment is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } selectorWrite
                || !target.Property.IsPropertyOf(schemeOptions, "ForwardDefaultSelector")
                || ValueFlow.Unwrap(selectorWrite.Value) is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
            {
                continue;
            }

            foreach (var returned in lambda.Body.Descendants())
            {
                if (returned is not IReturnOperation { ReturnedValue: { } value })
                {
                    continue;
                }

                foreach (var candidate in value.DescendantsAndSelf())
                {
                    if (candidate is IConditionalOperation || ConstantValues.String(flow, candidate) != scheme)
                    {
                        continue;
                    }

                    // Every place that selects the scheme must sit behind a hub path check.
                    var paths = GuardedPaths(candidate, value: null);
                    if (paths.Count == 0 || !paths.TrueForAll(p => p is not null && IsHubPath(p)))
                    {
                        return false;
                    }

                    selected = true;
                }
            }
        }

        return selected;
    }

    /// <summary>The constant scheme name of the <c>AddJwtBearer(scheme, configure)</c> call whose options lambda contains <paramref name="operation"/>.</summary>
    private string? SchemeOf(IOperation operation, out IOperation? root)
    {
        root = null;
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            root = parent;
        }

        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IInvocationOperation invocation && invocation.TargetMethod.IsMemberOf(_authentication.JwtBearerExtensions, "AddJwtBearer"))
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter is { Type.SpecialType: SpecialType.System_String, Ordinal: 1 } && !argument.IsImplicit)
                    {
                        return ConstantValues.String(argument.Value);
                    }
                }

                return null;
            }
        }

        return null;
    }
}
