using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Flow;

/// <summary>One entry of a token payload: its key when constant, its value when it is an operation, and where it is written.</summary>
internal sealed class PayloadEntry
{
    public PayloadEntry(string? key, IOperation? value, IOperation site)
    {
        Key = key;
        Value = value;
        Site = site;
    }

    public string? Key { get; }

    public IOperation? Value { get; }

    /// <summary>The element initializer, <c>Add</c> call, indexer assignment, anonymous member or literal that writes the entry.</summary>
    public IOperation Site { get; }
}

/// <summary>
/// The entries of a payload handed to a token API: dictionary initializers (<c>["k"] = v</c>, <c>{ "k", v }</c>) and
/// later <c>Add</c>/indexer writes to the same local, anonymous objects, JSON literals, and
/// <c>JsonSerializer.Serialize</c>/<c>JsonConvert.SerializeObject</c> of those. Null when the shape is unknown (a
/// dictionary passed in by the caller), so rules never guess towards a finding.
/// </summary>
internal static class PayloadEntries
{
    private const int MaxDepth = 4;


    public static List<PayloadEntry>? Collect(IOperation payload, TokenIssuingSymbols symbols, ValueFlow flow)
    {
        var entries = new List<PayloadEntry>();
        return Collect(payload, entries, symbols, flow, 0) ? entries : null;
    }

    private static bool Collect(IOperation payload, List<PayloadEntry> entries, TokenIssuingSymbols symbols, ValueFlow flow, int depth)
    {
        payload = payload.WalkDownConversion();
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (payload)
        {
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: string json } }:
                foreach (var key in JsonKeys(json))
                {
                    entries.Add(new PayloadEntry(key, null, payload));
                }

                return true;

            case IInvocationOperation { Instance: null, Arguments.Length: >= 1 } invocation
                when invocation.TargetMethod.Name is "Serialize" or "SerializeObject"
                     && (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.JsonSerializer)
                         || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.NewtonsoftJsonConvert)):
                return Collect(invocation.Arguments[0].Value, entries, symbols, flow, depth + 1);

            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                    {
                        entries.Add(new PayloadEntry(property.Property.Name, assignment.Value, assignment));
                    }
                }

                return true;

            case IObjectCreationOperation creation when symbols.IsDictionary(creation.Type):
                if (creation.Initializer is { } objectInitializer)
                {
                    foreach (var initializer in objectInitializer.Initializers)
                    {
                        AddElement(initializer, entries);
                    }
                }

                AddLaterWrites(creation, entries, symbols);
                return true;

            case ILocalReferenceOperation local:
                var sources = flow.SourcesOf(local);
                var values = sources.Values;
                if (!sources.IsComplete || values.IsDefaultOrEmpty || values.Contains(local))
                {
                    return false;
                }

                foreach (var value in values)
                {
                    if (!Collect(value, entries, symbols, flow, depth + 1))
                    {
                        return false;
                    }
                }

                return true;

            case IInvocationOperation { TargetMethod: { } method } when ValueFlow.IsFollowable(method):
                var summary = flow.ReturnsOf(method);
                var returns = summary.Values;
                if (!summary.IsComplete || returns.IsDefaultOrEmpty)
                {
                    return false;
                }

                foreach (var value in returns)
                {
                    if (!Collect(value, entries, symbols, flow, depth + 1))
                    {
                        return false;
                    }
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// The keys of a JSON text: each <c>"name"</c> (1 to 100 characters, no quote or backslash) followed by optional
    /// white space and a colon, left to right. A linear scan, not a regular expression with a time-out: under load a
    /// time-out fired on a 30-character payload and the finding depended on the machine's speed.
    /// </summary>
    internal static IEnumerable<string> JsonKeys(string json)
    {
        var open = json.IndexOf('"');
        while (open >= 0)
        {
            var close = json.IndexOf('"', open + 1);
            if (close < 0)
            {
                yield break;
            }

            var length = close - open - 1;
            if (length is >= 1 and <= MaxJsonKeyLength && json.IndexOf('\\', open + 1, length) < 0)
            {
                var next = close + 1;
                while (next < json.Length && char.IsWhiteSpace(json[next]))
                {
                    next++;
                }

                if (next < json.Length && json[next] == ':')
                {
                    yield return json.Substring(open + 1, length);
                    open = json.IndexOf('"', next + 1);
                    continue;
                }
            }

            // Not a key: the closing quote may open the next one ("42","name":).
            open = close;
        }
    }

    private const int MaxJsonKeyLength = 100;

    /// <summary>A dictionary initializer element: <c>["k"] = v</c> or <c>{ "k", v }</c>.</summary>
    public static PayloadEntry? Element(IOperation initializer)
    {
        switch (initializer)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer } assignment:
                return new PayloadEntry(indexer.Arguments[0].Value.ConstantValue.Value as string, assignment.Value, assignment);
            case IInvocationOperation { Arguments.Length: 2 } add when add.TargetMethod.Name == "Add":
                return new PayloadEntry(add.Arguments[0].Value.ConstantValue.Value as string, add.Arguments[1].Value, add);
            default:
                return null;
        }
    }

    private static void AddElement(IOperation initializer, List<PayloadEntry> entries)
    {
        if (Element(initializer) is { } entry)
        {
            entries.Add(entry);
        }
    }

    /// <summary><c>dict.Add("k", v)</c> and <c>dict["k"] = v</c> on the local that holds <paramref name="creation"/>.</summary>
    private static void AddLaterWrites(IOperation creation, List<PayloadEntry> entries, TokenIssuingSymbols symbols)
    {
        if (RefreshTokenContext.ReceivingSymbol(creation) is not ILocalSymbol local)
        {
            return;
        }

        foreach (var operation in creation.GetRoot().DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: ILocalReferenceOperation receiver, Arguments.Length: 2 } add
                    when add.TargetMethod.Name is "Add" or "TryAdd" && SymbolEqualityComparer.Default.Equals(receiver.Local, local)
                         && symbols.IsDictionary(add.TargetMethod.ContainingType):
                    entries.Add(new PayloadEntry(add.Arguments[0].Value.ConstantValue.Value as string, add.Arguments[1].Value, add));
                    break;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1, Instance: ILocalReferenceOperation receiver } indexer } assignment
                    when SymbolEqualityComparer.Default.Equals(receiver.Local, local):
                    entries.Add(new PayloadEntry(indexer.Arguments[0].Value.ConstantValue.Value as string, assignment.Value, assignment));
                    break;
            }
        }
    }
}
