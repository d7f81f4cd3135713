using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static JwtAnalyzers.Internal.Libraries.Keys.KeyEncodings;

namespace JwtAnalyzers.Internal.Libraries.Keys;

/// <summary>
/// Evaluates key expressions at compile time: <c>Encoding.X.GetBytes(constant)</c> (counting the bytes that encoding
/// really produces), <c>Convert.FromBase64String</c>/<c>FromHexString</c>, base64url decoders, byte-array initializers
/// and collection expressions, UTF-8 literals, constants, concatenations and interpolations, hashes and padding of
/// literals, <c>??</c>/<c>?:</c> fallbacks, and flow through locals, fields and simple properties. Shared by JWT007 and
/// JWT008.
/// </summary>
internal sealed class KeyEvaluator
{
    /// <summary>How many candidate values one evaluation keeps before it gives up (the key is then unknown).</summary>
    internal const int MaxCandidates = 16;

    private const int MaxDepth = 10;

    private readonly KnownSymbols _symbols;
    private readonly BclSymbols _bcl;
    private readonly ValueFlow _flow;
    private string? _memberName;
    private string? _memberContainer;
    private string? _configurationKey;
    private string? _environmentVariable;

    private KeyEvaluator(KnownSymbols symbols)
    {
        _symbols = symbols;
        _bcl = symbols.Bcl;
        _flow = ValueFlow.Get(symbols.Compilation);
    }

    /// <summary>The keys evaluated so far in a compilation, by the key expression's syntax: JWT007 and JWT008 evaluate the same keys.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, System.Collections.Concurrent.ConcurrentDictionary<(SyntaxNode Key, bool Base64Url), KeyMaterial>> s_evaluated = new();

    /// <summary>Evaluates a key given as bytes (<c>byte[]</c>), or as a string that the library encodes as UTF-8. Cached per compilation.</summary>
    public static KeyMaterial Evaluate(IOperation key, KnownSymbols symbols, bool stringIsBase64Url = false)
    {
        var evaluated = s_evaluated.GetValue(symbols.Compilation, static _ => new System.Collections.Concurrent.ConcurrentDictionary<(SyntaxNode, bool), KeyMaterial>());
        var cacheKey = (key.Syntax, stringIsBase64Url);
        if (evaluated.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        return evaluated.GetOrAdd(cacheKey, Compute(key, symbols, stringIsBase64Url));
    }

    private static KeyMaterial Compute(IOperation key, KnownSymbols symbols, bool stringIsBase64Url)
    {
        var evaluator = new KeyEvaluator(symbols);
        var type = key.WalkDownConversion().Type;
        var candidates = type?.SpecialType != SpecialType.System_String
            ? evaluator.Bytes(key, 0)
            : stringIsBase64Url
                ? evaluator.Strings(key, 0).Select(s => Decode(s, DecodeBase64Url)).ToList()
                : evaluator.Strings(key, 0).Select(s => Encode(s, "UTF8")).ToList();

        return new KeyMaterial(candidates.ToImmutableArray(), evaluator._memberName, evaluator._memberContainer, evaluator._configurationKey, evaluator._environmentVariable);
    }

    private List<StringCandidate> Strings(IOperation operation, int depth)
    {
        operation = operation.WalkDownConversion();
        NoteName(operation);
        if (depth > MaxDepth)
        {
            return [StringCandidate.Unknown];
        }

        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue.Value switch
            {
                string text => [new StringCandidate(KeySource.Literal, text, null)],
                null => [],
                _ => [StringCandidate.Unknown],
            };
        }

        switch (operation)
        {
            case ICoalesceOperation coalesce:
                return Union(Strings(coalesce.Value, depth + 1), Strings(coalesce.WhenNull, depth + 1));
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Union(Strings(conditional.WhenTrue, depth + 1), Strings(whenFalse, depth + 1));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Concatenate(Strings(binary.LeftOperand, depth + 1), Strings(binary.RightOperand, depth + 1));
            case IInterpolatedStringOperation interpolated:
                return Interpolate(interpolated, depth);
            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
                return Follow(operation, depth, static (self, value, d) => self.Strings(value, d), StringCandidate.Unknown);
            case IInvocationOperation invocation:
                return StringFromInvocation(invocation, depth);
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _bcl.String):
                // new string('x', 32)
                if (creation.Arguments.Length == 2
                    && creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: char c }
                    && creation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: int count }
                    && count is >= 0 and <= 4096)
                {
                    return [new StringCandidate(KeySource.Literal, new string(c, count), null)];
                }

                return [StringCandidate.Unknown];
            default:
                return [StringCandidate.Unknown];
        }
    }

    private List<StringCandidate> StringFromInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var arguments = invocation.Arguments;

        // "secret".PadRight(32, '0'), "secret".ToUpperInvariant(): a longer or different string, derived from a literal.
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _bcl.String) && !method.IsStatic && invocation.Instance is { } instance)
        {
            var receivers = Strings(instance, depth + 1);
            return Map(receivers, text => method.Name switch
            {
                "PadRight" or "PadLeft" when arguments.Length >= 1 && arguments[0].Value.ConstantValue is { HasValue: true, Value: int width } && width is >= 0 and <= 4096 =>
                    method.Name == "PadRight"
                        ? text.PadRight(width, arguments.Length > 1 && arguments[1].Value.ConstantValue is { HasValue: true, Value: char pad } ? pad : ' ')
                        : text.PadLeft(width, arguments.Length > 1 && arguments[1].Value.ConstantValue is { HasValue: true, Value: char padLeft } ? padLeft : ' '),
                "ToUpper" or "ToUpperInvariant" => text.ToUpperInvariant(),
                "ToLower" or "ToLowerInvariant" => text.ToLowerInvariant(),
                "Trim" when arguments.Length == 0 => text.Trim(),
                _ => null,
            });
        }

        if (method.IsMemberOf(_bcl.Environment, "GetEnvironmentVariable")
            && arguments.Length >= 1
            && arguments[0].Value.ConstantValue is { HasValue: true, Value: string variable })
        {
            _environmentVariable ??= variable;
            return [StringCandidate.Unknown];
        }

        if (method.IsMemberOf(_bcl.ConfigurationBinder, "GetValue")
            && arguments.Length >= 2
            && arguments[1].Value.ConstantValue is { HasValue: true, Value: string configKey })
        {
            _configurationKey ??= configKey;

            // GetValue<string>("Jwt:Key", "dev-secret"): the default value is a literal fallback.
            return arguments.Length >= 3
                ? Union([StringCandidate.Unknown], Strings(arguments[2].Value, depth + 1))
                : [StringCandidate.Unknown];
        }

        // A project helper that returns the secret (GetSigningSecret()): its return values.
        return Follow(invocation, depth, static (self, value, d) => self.Strings(value, d), StringCandidate.Unknown);
    }

    private List<StringCandidate> Interpolate(IInterpolatedStringOperation interpolated, int depth)
    {
        List<StringCandidate> result = [new StringCandidate(KeySource.Literal, string.Empty, null)];
        foreach (var part in interpolated.Parts)
        {
            List<StringCandidate> values = part switch
            {
                IInterpolatedStringTextOperation text => Strings(text.Text, depth + 1),
                IInterpolationOperation { Alignment: null, FormatString: null } interpolation => interpolation.Expression.ConstantValue is { HasValue: true, Value: { } constant and not string }
                    ? [new StringCandidate(KeySource.Literal, System.Convert.ToString(constant, System.Globalization.CultureInfo.InvariantCulture), null)]
                    : Strings(interpolation.Expression, depth + 1),
                _ => [StringCandidate.Unknown],
            };
            result = Concatenate(result, values);
        }

        return result;
    }

    private List<KeyCandidate> Bytes(IOperation operation, int depth)
    {
        operation = operation.WalkDownConversion();
        NoteName(operation);
        if (depth > MaxDepth)
        {
            return [KeyCandidate.Unknown];
        }

        if (operation.ConstantValue is { HasValue: true, Value: null })
        {
            return [];
        }

        if (operation.Syntax is CollectionExpressionSyntax collection && operation.SemanticModel is { } collectionModel)
        {
            return [FromElements(collection.Elements.Select(e => e is ExpressionElementSyntax element ? collectionModel.GetConstantValue(element.Expression) : default).ToList())];
        }

        switch (operation)
        {
            case ICoalesceOperation coalesce:
                return Union(Bytes(coalesce.Value, depth + 1), Bytes(coalesce.WhenNull, depth + 1));
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Union(Bytes(conditional.WhenTrue, depth + 1), Bytes(whenFalse, depth + 1));
            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IParameterReferenceOperation:
                return Follow(operation, depth, static (self, value, d) => self.Bytes(value, d), KeyCandidate.Unknown);
            case IArrayCreationOperation array:
                if (array.Initializer is { } initializer)
                {
                    return [FromElements(initializer.ElementValues.Select(v => v.WalkDownConversion().ConstantValue).ToList())];
                }

                if (array.DimensionSizes.Length == 1 && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int size })
                {
                    // new byte[16], filled later (RandomNumberGenerator.Fill): the length is known, the bytes are not literals.
                    return [new KeyCandidate(KeySource.Generated, size, null, null)];
                }

                return [KeyCandidate.Unknown];
            case IArrayInitializerOperation bareInitializer:
                // static readonly byte[] Key = { 1, 2, 3 };
                return [FromElements(bareInitializer.ElementValues.Select(v => v.WalkDownConversion().ConstantValue).ToList())];
            case IInvocationOperation invocation:
                return BytesFromInvocation(invocation, depth);
            default:
                return [KeyCandidate.Unknown];
        }
    }

    private List<KeyCandidate> BytesFromInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var container = method.ContainingType;
        var arguments = invocation.Arguments;

        // Encoding.UTF8.GetBytes("...") and friends.
        if (arguments.Length == 1 && arguments[0].Value.Type?.SpecialType == SpecialType.System_String
            && method.IsOrOverridesMemberOf(_bcl.Encoding, "GetBytes"))
        {
            var encoding = GetEncodingName(invocation.Instance) ?? "UTF8";
            return Strings(arguments[0].Value, depth + 1).Select(s => Encode(s, encoding)).ToList();
        }

        if (arguments.Length == 1 && method.IsMemberOf(_bcl.Convert, "FromBase64String"))
        {
            return Strings(arguments[0].Value, depth + 1).Select(s => Decode(s, DecodeBase64)).ToList();
        }

        if (arguments.Length == 1 && arguments[0].Value.Type?.SpecialType == SpecialType.System_String && method.IsMemberOf(_bcl.Convert, "FromHexString"))
        {
            return Strings(arguments[0].Value, depth + 1).Select(s => Decode(s, DecodeHexLength)).ToList();
        }

        if (method.IsMemberOf(_symbols.IdentityModel.Base64UrlEncoder, "DecodeBytes") || method.IsMemberOf(_bcl.WebEncoders, "Base64UrlDecode"))
        {
            if (arguments.Length == 1 && arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
            {
                return Strings(arguments[0].Value, depth + 1).Select(s => Decode(s, DecodeBase64Url)).ToList();
            }
        }

        if (method.IsStatic && arguments.Length == 1 && method.IsMemberOf(_bcl.RandomNumberGenerator, "GetBytes"))
        {
            return [new KeyCandidate(KeySource.Generated, arguments[0].Value.ConstantValue is { HasValue: true, Value: int count } ? count : null, null, null)];
        }

        if (method.IsMemberOf(_bcl.Guid, "ToByteArray"))
        {
            return [new KeyCandidate(KeySource.Generated, 16, null, null)];
        }

        // "secret"u8.ToArray()
        if (arguments.Length == 0 && method.ReturnType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } && invocation.Instance?.WalkDownConversion() is IUtf8StringOperation utf8)
        {
            return [new KeyCandidate(KeySource.Literal, Encoding.UTF8.GetByteCount(utf8.Value), utf8.Value, null)];
        }

        // SHA256.HashData(bytes), SHA256.Create().ComputeHash(bytes): a hash of a literal is still a literal.
        if (GetHashSize(invocation) is { } hashSize && arguments.Length >= 1 && arguments[0].Value.Type is IArrayTypeSymbol)
        {
            return Bytes(arguments[0].Value, depth + 1)
                .Select(c => c.Source == KeySource.Literal ? new KeyCandidate(KeySource.Literal, hashSize, null, c.Text ?? c.Seed) : KeyCandidate.Unknown)
                .ToList();
        }

        // A project helper that returns the key bytes (GetKeyBytes()): its return values.
        return Follow(invocation, depth, static (self, value, d) => self.Bytes(value, d), KeyCandidate.Unknown);
    }

    private int? GetHashSize(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.IsStatic && _bcl.HashSizes.TryGetValue(method.ContainingType, out var staticSize) && method.IsMemberOf(method.ContainingType, "HashData"))
        {
            return staticSize;
        }

        if (!method.IsStatic && invocation.Instance is { } instance && method.IsOrOverridesMemberOf(_bcl.HashAlgorithm, "ComputeHash"))
        {
            for (var type = instance.WalkDownConversion().Type as INamedTypeSymbol; type is not null; type = type.BaseType)
            {
                if (_bcl.HashSizes.TryGetValue(type, out var size))
                {
                    return size;
                }
            }
        }

        return null;
    }

    private string? GetEncodingName(IOperation? receiver)
    {
        switch (receiver?.WalkDownConversion())
        {
            case IPropertyReferenceOperation property when property.Property.IsStatic && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _bcl.Encoding):
                return property.Property.Name;
            case IObjectCreationOperation { Type: INamedTypeSymbol created }:
                for (var type = created; type is not null; type = type.BaseType)
                {
                    if (_bcl.EncodingClasses.TryGetValue(type, out var name))
                    {
                        return name;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Records names a fix can derive a configuration key from; configuration reads are Unknown values.</summary>
    private void NoteName(IOperation operation)
    {
        switch (operation)
        {
            case IFieldReferenceOperation field:
                _memberName = field.Field.Name;
                _memberContainer = field.Field.ContainingType?.Name;
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                when indexer.Arguments.Length == 1
                     && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }
                     && IsConfiguration(indexer.Instance?.WalkDownConversion().Type):
                _configurationKey ??= GetSectionPath(indexer.Instance) is { } section ? section + ":" + key : key;
                break;
            case IPropertyReferenceOperation value when value.Property.IsPropertyOf(_bcl.ConfigurationSection, "Value"):
                _configurationKey ??= GetSectionPath(value.Instance);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                _memberName = property.Property.Name;
                _memberContainer = property.Property.ContainingType?.Name;
                break;
        }
    }

    /// <summary><c>config.GetSection("Jwt")</c> → <c>Jwt</c>.</summary>
    private string? GetSectionPath(IOperation? operation)
    {
        if (operation?.WalkDownConversion() is IInvocationOperation invocation
            && (invocation.TargetMethod.IsOrImplements(_bcl.ConfigurationGetSection) || invocation.TargetMethod.IsMemberOf(_bcl.ConfigurationExtensions, "GetRequiredSection"))
            && invocation.Arguments.Length >= 1
            && invocation.Arguments[invocation.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: string path })
        {
            var receiver = invocation.Instance ?? (invocation.Arguments.Length == 2 ? invocation.Arguments[0].Value : null);
            return GetSectionPath(receiver) is { } parent ? parent + ":" + path : path;
        }

        return null;
    }

    private bool IsConfiguration(ITypeSymbol? type) => _bcl.IsConfiguration(type);

    /// <summary>
    /// Follows a local, field, property, parameter or source-method call to the values written to it, passed to it or
    /// returned by it (the flow engine's per-compilation summaries); a value the engine cannot see adds an unknown
    /// candidate.
    /// </summary>
    private List<T> Follow<T>(IOperation reference, int depth, Func<KeyEvaluator, IOperation, int, List<T>> evaluate, T unknown)
    {
        IReadOnlyList<IOperation> values;
        bool complete;
        switch (reference)
        {
            case ILocalReferenceOperation local:
                values = LocalWrites.For(local.GetRoot()).ValuesOf(local.Local, out complete);
                break;
            case IFieldReferenceOperation { Field: var field } when field.IsInSource() && !field.IsConst:
                (values, complete) = Writes(field);
                break;
            case IPropertyReferenceOperation { Property: var property } when property.IsInSource() && !property.IsIndexer:
                (values, complete) = Writes(property);
                break;
            case IParameterReferenceOperation parameter:
                (values, complete) = Writes(parameter.Parameter);
                break;
            case IInvocationOperation invocation when ValueFlow.IsFollowable(invocation.TargetMethod):
                var returns = _flow.ReturnsOf(invocation.TargetMethod);
                (values, complete) = (returns.Values, returns.IsComplete);
                break;
            default:
                return [unknown];
        }

        var result = new List<T>();
        foreach (var value in values)
        {
            if (ReferenceEquals(value, reference))
            {
                continue;
            }

            result.AddRange(evaluate(this, value, depth + 1));
            if (result.Count > MaxCandidates)
            {
                return [unknown];
            }
        }

        if (!complete || values.Count == 0)
        {
            result.Add(unknown);
        }

        return result;
    }

    private (IReadOnlyList<IOperation> Values, bool Complete) Writes(ISymbol member)
    {
        var writes = _flow.WritesOf(member);
        return (writes.Values, writes.IsComplete);
    }}
