using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Http;

/// <summary>
/// Values taken from the request's query string and writes of the request's <c>Authorization</c> header, by symbol:
/// <c>HttpRequest.Query</c> / <c>QueryString</c> reads (also through locals and
/// <c>Query.TryGetValue("access_token", out var t)</c>), and <c>Request.Headers["Authorization"] = ...</c>,
/// <c>Request.Headers.Authorization = ...</c>, <c>Request.Headers.Append/Add("Authorization", ...)</c>.
/// </summary>
internal static class QueryTokens
{
    /// <summary>True when <paramref name="value"/> is (or is built from) a value read from the request's query string.</summary>
    public static bool ReadsQueryString(IOperation value, AspNetCoreHttpSymbols http) => ReadsQueryString(value, http, 0);

    private static bool ReadsQueryString(IOperation value, AspNetCoreHttpSymbols http, int depth)
    {
        if (depth > 3)
        {
            return false;
        }

        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation query && IsQueryRead(query.Property, http))
            {
                return true;
            }

            if (operation is ILocalReferenceOperation local)
            {
                if (IsQueryOutVariable(local, http))
                {
                    return true;
                }

                var values = ValueFlow.CompleteSourcesOf(local);
                if (!values.IsDefaultOrEmpty)
                {
                    foreach (var source in values)
                    {
                        if (!ReferenceEquals(source, local) && ReadsQueryString(source, http, depth + 1))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private static bool IsQueryRead(IPropertySymbol property, AspNetCoreHttpSymbols http)
        => property.IsPropertyOf(http.HttpRequest, "Query") || property.IsPropertyOf(http.HttpRequest, "QueryString");

    /// <summary><c>t</c> declared by <c>Request.Query.TryGetValue("access_token", out var t)</c>.</summary>
    private static bool IsQueryOutVariable(ILocalReferenceOperation local, AspNetCoreHttpSymbols http)
    {
        foreach (var reference in local.Local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not SingleVariableDesignationSyntax { Parent: DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } } }
                || local.SemanticModel is not { } model
                || call.SyntaxTree != model.SyntaxTree
                || model.GetOperation(call) is not IInvocationOperation invocation)
            {
                continue;
            }

            var receiver = invocation.Instance ?? (invocation.Arguments.Length > 0 && invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments[0].Value : null);
            if (receiver is not null && ValueFlow.Unwrap(receiver) is IPropertyReferenceOperation query && IsQueryRead(query.Property, http))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For a write of the request's <c>Authorization</c> header: the value written; null when <paramref name="operation"/>
    /// (an assignment or an invocation) is no such write.
    /// </summary>
    public static IOperation? AuthorizationHeaderWrite(IOperation operation, AspNetCoreHttpSymbols http)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment:
                if (target.Property.IsOrOverrides(http.HeaderDictionaryAuthorization)
                    || (target.Property.IsIndexer && target.Arguments.Length == 1
                        && target.Property.ContainingType.IsOrInheritsFrom(http.HeaderDictionary)
                        && IsAuthorizationName(target.Arguments[0].Value, http)))
                {
                    return IsRequestHeaders(target.Instance, http) ? assignment.Value : null;
                }

                return null;

            case IInvocationOperation invocation:
                // Headers.Append("Authorization", v), Headers.Add("Authorization", v), Headers.TryAdd(...): a call on the
                // request headers with the header name first and the value second (TryGetValue's out argument excluded).
                // The name is a prefilter; the receiver's type and the key decide.
                if (invocation.TargetMethod.Name is not ("Append" or "Add" or "TryAdd"))
                {
                    return null;
                }

                var arguments = invocation.Arguments;
                var offset = invocation.Instance is null && invocation.TargetMethod.IsExtensionMethod ? 1 : 0;

                // An extension is the framework's (HeaderDictionaryExtensions.Append, CollectionExtensions.TryAdd), never a
                // project's own Append(this IHeaderDictionary, ...): by symbol.
                if (offset == 1 && !IsFrameworkHeaderExtension(invocation.TargetMethod, http))
                {
                    return null;
                }
                var receiver = offset == 1 ? (arguments.Length > 0 ? arguments[0].Value : null) : invocation.Instance;
                if (arguments.Length < offset + 2
                    || receiver?.Type is not { } receiverType
                    || !receiverType.IsOrInheritsFrom(http.HeaderDictionary)
                    || !IsAuthorizationName(arguments[offset].Value, http)
                    || arguments[offset + 1].Parameter is not { RefKind: RefKind.None }
                    || !IsRequestHeaders(receiver, http))
                {
                    return null;
                }

                return arguments[offset + 1].Value;

            default:
                return null;
        }
    }

    /// <summary>The constant <c>"Authorization"</c> (any case, also a <c>const</c>) or <c>HeaderNames.Authorization</c>; no flow query.</summary>
    private static bool IsAuthorizationName(IOperation key, AspNetCoreHttpSymbols http)
    {
        if (key.ConstantValue is { HasValue: true, Value: string constant })
        {
            return string.Equals(constant, "Authorization", StringComparison.OrdinalIgnoreCase);
        }

        // HeaderNames.Authorization is a static readonly field (not a constant) in recent ASP.NET Core versions.
        if (ValueFlow.Unwrap(key) is IFieldReferenceOperation { Field: var field } && http.HeaderNames is { } headerNames && field.ContainingType.Is(headerNames))
        {
            foreach (var member in headerNames.GetMembers("Authorization"))
            {
                if (field.Is(member))
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    private static bool IsFrameworkHeaderExtension(IMethodSymbol method, AspNetCoreHttpSymbols http)
    {
        var container = (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition;
        return container is not null
            && (SymbolEqualityComparer.Default.Equals(container, http.HeaderDictionaryExtensions)
                || SymbolEqualityComparer.Default.Equals(container, KnownSymbols.Get(http.Compilation).Bcl.CollectionExtensions));
    }

    private static bool IsRequestHeaders(IOperation? instance, AspNetCoreHttpSymbols http)
    {
        if (instance is null)
        {
            return false;
        }

        instance = ValueFlow.Unwrap(instance);
        if (instance is IPropertyReferenceOperation headers)
        {
            return headers.Property.IsPropertyOf(http.HttpRequest, "Headers");
        }

        if (instance is ILocalReferenceOperation)
        {
            var values = ValueFlow.CompleteSourcesOf(instance);
            return !values.IsDefaultOrEmpty && values.Length == 1 && ValueFlow.Unwrap(values[0]) is IPropertyReferenceOperation fromLocal
                   && fromLocal.Property.IsPropertyOf(http.HttpRequest, "Headers");
        }

        return false;
    }
}
