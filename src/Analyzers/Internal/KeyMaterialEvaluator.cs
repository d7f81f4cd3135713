using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>Where the bytes of one possible key value come from.</summary>
internal enum KeySource
{
    /// <summary>Not known at compile time (configuration, environment, a parameter, an unknown call...).</summary>
    Unknown,

    /// <summary>Built only from literals in the source (string, byte array, base64/hex text, or a hash/padding of those).</summary>
    Literal,

    /// <summary>Generated at run time with a length known at compile time (<c>RandomNumberGenerator.GetBytes(16)</c>, <c>new byte[16]</c>).</summary>
    Generated,
}

/// <summary>One value a key expression may have.</summary>
internal readonly struct KeyCandidate
{
    public KeyCandidate(KeySource source, int? length, string? text, string? seed)
    {
        Source = source;
        Length = length;
        Text = text;
        Seed = seed;
    }

    public KeySource Source { get; }

    /// <summary>Length of the key in bytes, when known.</summary>
    public int? Length { get; }

    /// <summary>The literal text the key bytes are made of (before encoding), when known.</summary>
    public string? Text { get; }

    /// <summary>For a key derived from a literal (hashed, padded), the literal it was derived from.</summary>
    public string? Seed { get; }

    public bool IsEmpty => Length == 0 || (Text is not null && Text.Length == 0);

    public bool IsWellKnown => WellKnownSecrets.Contains(Text) || WellKnownSecrets.Contains(Seed);

    public static KeyCandidate Unknown { get; } = new(KeySource.Unknown, null, null, null);
}

/// <summary>The possible values of a key expression, plus the names seen on the way (used to name the configuration key a fix moves the secret to).</summary>
internal sealed class KeyMaterial
{
    public KeyMaterial(ImmutableArray<KeyCandidate> candidates, string? memberName, string? memberContainer, string? configurationKey, string? environmentVariable)
    {
        Candidates = candidates;
        MemberName = memberName;
        MemberContainer = memberContainer;
        ConfigurationKey = configurationKey;
        EnvironmentVariable = environmentVariable;
    }

    public ImmutableArray<KeyCandidate> Candidates { get; }

    /// <summary>The field, constant or property the literal went through (closest to the literal), if any.</summary>
    public string? MemberName { get; }

    /// <summary>The name of the type declaring <see cref="MemberName"/>.</summary>
    public string? MemberContainer { get; }

    /// <summary>The constant key of a configuration read seen in the expression (<c>config["Jwt:Key"] ?? "dev"</c>).</summary>
    public string? ConfigurationKey { get; }

    /// <summary>The constant name of an environment variable read seen in the expression.</summary>
    public string? EnvironmentVariable { get; }

    /// <summary>True when the key may be a non-empty value built from literals.</summary>
    public bool IsHardCoded => Candidates.Any(c => c.Source == KeySource.Literal && !c.IsEmpty);
}

/// <summary>The BCL and library symbols the evaluator recognises, resolved once per compilation.</summary>
internal sealed class KeyMaterialSymbols
{
    private KeyMaterialSymbols(Compilation compilation)
    {
        String = compilation.GetSpecialType(SpecialType.System_String);
        Encoding = compilation.GetBestTypeByMetadataName("System.Text.Encoding");
        Convert = compilation.GetBestTypeByMetadataName("System.Convert");
        RandomNumberGenerator = compilation.GetBestTypeByMetadataName("System.Security.Cryptography.RandomNumberGenerator");
        HashAlgorithm = compilation.GetBestTypeByMetadataName("System.Security.Cryptography.HashAlgorithm");
        Guid = compilation.GetBestTypeByMetadataName("System.Guid");
        Random = compilation.GetBestTypeByMetadataName("System.Random");
        Environment = compilation.GetBestTypeByMetadataName("System.Environment");
        Configuration = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
        ConfigurationSection = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.IConfigurationSection");
        ConfigurationBinder = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Configuration.ConfigurationBinder");
        Base64UrlEncoder = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.Base64UrlEncoder");
        WebEncoders = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.WebUtilities.WebEncoders");
        foreach (var (name, size) in new[] { ("SHA1", 20), ("SHA256", 32), ("SHA384", 48), ("SHA512", 64), ("MD5", 16), ("SHA3_256", 32), ("SHA3_384", 48), ("SHA3_512", 64) })
        {
            if (compilation.GetBestTypeByMetadataName("System.Security.Cryptography." + name) is { } type)
            {
                HashSizes.Add(type, size);
            }
        }

        foreach (var name in new[] { "UTF8Encoding", "ASCIIEncoding", "UnicodeEncoding", "UTF32Encoding" })
        {
            if (compilation.GetBestTypeByMetadataName("System.Text." + name) is { } type)
            {
                EncodingClasses.Add(type, name);
            }
        }
    }

    public INamedTypeSymbol String { get; }

    public INamedTypeSymbol? Encoding { get; }

    public INamedTypeSymbol? Convert { get; }

    public INamedTypeSymbol? RandomNumberGenerator { get; }

    public INamedTypeSymbol? HashAlgorithm { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? Random { get; }

    public INamedTypeSymbol? Environment { get; }

    public INamedTypeSymbol? Configuration { get; }

    public INamedTypeSymbol? ConfigurationSection { get; }

    public INamedTypeSymbol? ConfigurationBinder { get; }

    public INamedTypeSymbol? Base64UrlEncoder { get; }

    public INamedTypeSymbol? WebEncoders { get; }

    public Dictionary<INamedTypeSymbol, int> HashSizes { get; } = new(SymbolEqualityComparer.Default);

    public Dictionary<INamedTypeSymbol, string> EncodingClasses { get; } = new(SymbolEqualityComparer.Default);

    public static KeyMaterialSymbols Create(Compilation compilation) => new(compilation);
}

/// <summary>
/// Evaluates key expressions at compile time: <c>Encoding.X.GetBytes(constant)</c> (counting the bytes that encoding
/// really produces), <c>Convert.FromBase64String</c>/<c>FromHexString</c>, base64url decoders, byte-array initializers
/// and collection expressions, UTF-8 literals, constants, concatenations and interpolations, hashes and padding of
/// literals, <c>??</c>/<c>?:</c> fallbacks, and flow through locals, fields and simple properties. Shared by JWT007 and
/// JWT008.
/// </summary>
internal sealed class KeyMaterialEvaluator
{
    private const int MaxDepth = 10;
    private const int MaxCandidates = 16;

    private readonly KeyMaterialSymbols _symbols;
    private string? _memberName;
    private string? _memberContainer;
    private string? _configurationKey;
    private string? _environmentVariable;

    private KeyMaterialEvaluator(KeyMaterialSymbols symbols)
    {
        _symbols = symbols;
    }

    /// <summary>Evaluates a key given as bytes (<c>byte[]</c>), or as a string that the library encodes as UTF-8.</summary>
    public static KeyMaterial Evaluate(IOperation key, KeyMaterialSymbols symbols, bool stringIsBase64Url = false)
    {
        var evaluator = new KeyMaterialEvaluator(symbols);
        List<KeyCandidate> candidates;
        try
        {
            var type = key.WalkDownConversion().Type;
            candidates = type?.SpecialType != SpecialType.System_String
                ? evaluator.Bytes(key, 0)
                : stringIsBase64Url
                    ? evaluator.Strings(key, 0).Select(s => Decode(s, DecodeBase64Url)).ToList()
                    : evaluator.Strings(key, 0).Select(s => Encode(s, "UTF8")).ToList();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException)
        {
            // Half-typed code: never throw from an analyzer.
            candidates = [KeyCandidate.Unknown];
        }

        return new KeyMaterial(candidates.ToImmutableArray(), evaluator._memberName, evaluator._memberContainer, evaluator._configurationKey, evaluator._environmentVariable);
    }

    /// <summary>A string value the evaluator knows (or knows it does not know).</summary>
    private readonly struct StringCandidate
    {
        public StringCandidate(KeySource source, string? value, string? seed)
        {
            Source = source;
            Value = value;
            Seed = seed;
        }

        public KeySource Source { get; }

        public string? Value { get; }

        public string? Seed { get; }

        public static StringCandidate Unknown { get; } = new(KeySource.Unknown, null, null);
    }

    private static KeyCandidate Encode(StringCandidate value, string encoding)
    {
        if (value.Source != KeySource.Literal)
        {
            return new KeyCandidate(value.Source, null, null, null);
        }

        return new KeyCandidate(KeySource.Literal, value.Value is null ? null : EncodedLength(value.Value, encoding), value.Value, value.Seed);
    }

    internal static int? EncodedLength(string text, string encoding)
    {
        try
        {
            return encoding switch
            {
                "UTF8" or "Default" or "UTF8Encoding" => Encoding.UTF8.GetByteCount(text),
                "ASCII" or "ASCIIEncoding" => Encoding.ASCII.GetByteCount(text),
                "Unicode" or "BigEndianUnicode" or "UnicodeEncoding" => Encoding.Unicode.GetByteCount(text),
                "UTF32" or "UTF32Encoding" => Encoding.UTF32.GetByteCount(text),
                "Latin1" => Latin1ByteCount(text),
#pragma warning disable CS0618, SYSLIB0001 // UTF-7 is obsolete, but code that uses it still gets keys of this length.
                "UTF7" => Encoding.UTF7.GetByteCount(text),
#pragma warning restore CS0618, SYSLIB0001
                _ => null,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    private static int Latin1ByteCount(string text)
    {
        try
        {
            return Encoding.GetEncoding(28591).GetByteCount(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // Latin-1 maps every UTF-16 code unit to one byte ('?' for the ones it cannot represent).
            return text.Length;
        }
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
                return Follow(operation, depth, static (self, value, d) => self.Strings(value, d));
            case IInvocationOperation invocation:
                return StringFromInvocation(invocation, depth);
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.String):
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
        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.String) && !method.IsStatic && invocation.Instance is { } instance)
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

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Environment)
            && method.Name == "GetEnvironmentVariable"
            && arguments.Length >= 1
            && arguments[0].Value.ConstantValue is { HasValue: true, Value: string variable })
        {
            _environmentVariable ??= variable;
            return [StringCandidate.Unknown];
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.ConfigurationBinder)
            && method.Name == "GetValue"
            && arguments.Length >= 2
            && arguments[1].Value.ConstantValue is { HasValue: true, Value: string configKey })
        {
            _configurationKey ??= configKey;

            // GetValue<string>("Jwt:Key", "dev-secret"): the default value is a literal fallback.
            return arguments.Length >= 3
                ? Union([StringCandidate.Unknown], Strings(arguments[2].Value, depth + 1))
                : [StringCandidate.Unknown];
        }

        return [StringCandidate.Unknown];
    }

    private static List<StringCandidate> Map(List<StringCandidate> values, Func<string, string?> map)
    {
        var result = new List<StringCandidate>(values.Count);
        foreach (var value in values)
        {
            if (value.Source != KeySource.Literal || value.Value is null)
            {
                result.Add(value.Source == KeySource.Literal ? value : StringCandidate.Unknown);
                continue;
            }

            var mapped = map(value.Value);
            result.Add(mapped is null ? StringCandidate.Unknown : new StringCandidate(KeySource.Literal, mapped, value.Seed ?? value.Value));
        }

        return result;
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

    private static List<StringCandidate> Concatenate(List<StringCandidate> left, List<StringCandidate> right)
    {
        var result = new List<StringCandidate>();
        foreach (var l in left)
        {
            foreach (var r in right)
            {
                if (l.Source != KeySource.Literal || r.Source != KeySource.Literal)
                {
                    // "prefix" + config["x"]: the key is not made of literals only.
                    result.Add(StringCandidate.Unknown);
                }
                else
                {
                    result.Add(new StringCandidate(KeySource.Literal, l.Value is null || r.Value is null ? null : l.Value + r.Value, null));
                }

                if (result.Count > MaxCandidates)
                {
                    return [StringCandidate.Unknown];
                }
            }
        }

        return result;
    }

    private static List<T> Union<T>(List<T> left, List<T> right)
    {
        var result = new List<T>(left.Count + right.Count);
        result.AddRange(left);
        result.AddRange(right);
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
                return Follow(operation, depth, static (self, value, d) => self.Bytes(value, d));
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

    private static KeyCandidate FromElements(List<Optional<object?>> elements)
    {
        var bytes = new byte[elements.Count];
        for (var i = 0; i < elements.Count; i++)
        {
            if (!elements[i].HasValue || elements[i].Value is null)
            {
                // [.. other] or a non-constant element: not literal-only.
                return KeyCandidate.Unknown;
            }

            try
            {
                bytes[i] = unchecked((byte)System.Convert.ToInt64(elements[i].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException)
            {
                return KeyCandidate.Unknown;
            }
        }

        return new KeyCandidate(KeySource.Literal, bytes.Length, AsPrintableAscii(bytes), null);
    }

    private static string? AsPrintableAscii(byte[] bytes)
    {
        if (bytes.Length == 0 || bytes.Any(b => b is < 0x20 or > 0x7E))
        {
            return null;
        }

        return Encoding.ASCII.GetString(bytes);
    }

    private List<KeyCandidate> BytesFromInvocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        var container = method.ContainingType;
        var arguments = invocation.Arguments;

        // Encoding.UTF8.GetBytes("...") and friends.
        if (method.Name == "GetBytes" && arguments.Length == 1 && arguments[0].Value.Type?.SpecialType == SpecialType.System_String
            && container.IsOrInheritsFrom(_symbols.Encoding))
        {
            var encoding = GetEncodingName(invocation.Instance) ?? "UTF8";
            return Strings(arguments[0].Value, depth + 1).Select(s => Encode(s, encoding)).ToList();
        }

        if (SymbolEqualityComparer.Default.Equals(container, _symbols.Convert) && arguments.Length == 1)
        {
            switch (method.Name)
            {
                case "FromBase64String":
                    return Strings(arguments[0].Value, depth + 1).Select(s => Decode(s, DecodeBase64)).ToList();
                case "FromHexString" when arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                    return Strings(arguments[0].Value, depth + 1).Select(s => Decode(s, DecodeHexLength)).ToList();
            }
        }

        if ((SymbolEqualityComparer.Default.Equals(container, _symbols.Base64UrlEncoder) && method.Name == "DecodeBytes")
            || (SymbolEqualityComparer.Default.Equals(container, _symbols.WebEncoders) && method.Name == "Base64UrlDecode"))
        {
            if (arguments.Length == 1 && arguments[0].Value.Type?.SpecialType == SpecialType.System_String)
            {
                return Strings(arguments[0].Value, depth + 1).Select(s => Decode(s, DecodeBase64Url)).ToList();
            }
        }

        if (SymbolEqualityComparer.Default.Equals(container, _symbols.RandomNumberGenerator) && method.Name == "GetBytes" && method.IsStatic && arguments.Length == 1)
        {
            return [new KeyCandidate(KeySource.Generated, arguments[0].Value.ConstantValue is { HasValue: true, Value: int count } ? count : null, null, null)];
        }

        if (SymbolEqualityComparer.Default.Equals(container, _symbols.Guid) && method.Name == "ToByteArray")
        {
            return [new KeyCandidate(KeySource.Generated, 16, null, null)];
        }

        // "secret"u8.ToArray()
        if (method.Name == "ToArray" && arguments.Length == 0 && invocation.Instance?.WalkDownConversion() is IUtf8StringOperation utf8)
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

        return [KeyCandidate.Unknown];
    }

    private static KeyCandidate Decode(StringCandidate value, Func<string, int?> decodeLength)
    {
        if (value.Source != KeySource.Literal)
        {
            return new KeyCandidate(value.Source, null, null, null);
        }

        return new KeyCandidate(KeySource.Literal, value.Value is null ? null : decodeLength(value.Value), null, value.Value);
    }

    private static int? DecodeBase64(string text)
    {
        try
        {
            return System.Convert.FromBase64String(text).Length;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static int? DecodeBase64Url(string text)
    {
        var base64 = text.Trim().Replace('-', '+').Replace('_', '/');
        switch (base64.Length % 4)
        {
            case 2:
                base64 += "==";
                break;
            case 3:
                base64 += "=";
                break;
        }

        return DecodeBase64(base64);
    }

    private static int? DecodeHexLength(string text)
    {
        if (text.Length % 2 != 0 || !text.All(Uri.IsHexDigit))
        {
            return null;
        }

        return text.Length / 2;
    }

    private int? GetHashSize(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.IsStatic && method.Name == "HashData" && _symbols.HashSizes.TryGetValue(method.ContainingType, out var staticSize))
        {
            return staticSize;
        }

        if (!method.IsStatic && method.Name == "ComputeHash" && invocation.Instance is { } instance && method.ContainingType.IsOrInheritsFrom(_symbols.HashAlgorithm))
        {
            for (var type = instance.WalkDownConversion().Type as INamedTypeSymbol; type is not null; type = type.BaseType)
            {
                if (_symbols.HashSizes.TryGetValue(type, out var size))
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
            case IPropertyReferenceOperation property when property.Property.IsStatic && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _symbols.Encoding):
                return property.Property.Name;
            case IObjectCreationOperation { Type: INamedTypeSymbol created }:
                for (var type = created; type is not null; type = type.BaseType)
                {
                    if (_symbols.EncodingClasses.TryGetValue(type, out var name))
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
            case IPropertyReferenceOperation { Property.Name: "Value" } value when IsConfiguration(value.Instance?.WalkDownConversion().Type):
                _configurationKey ??= GetSectionPath(value.Instance);
                break;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                _memberName = property.Property.Name;
                _memberContainer = property.Property.ContainingType?.Name;
                break;
        }
    }

    /// <summary><c>config.GetSection("Jwt")</c> → <c>Jwt</c>.</summary>
    private static string? GetSectionPath(IOperation? operation)
    {
        if (operation?.WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "GetSection" or "GetRequiredSection" } invocation
            && invocation.Arguments.Length >= 1
            && invocation.Arguments[invocation.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: string path })
        {
            var receiver = invocation.Instance ?? (invocation.Arguments.Length == 2 ? invocation.Arguments[0].Value : null);
            return GetSectionPath(receiver) is { } parent ? parent + ":" + path : path;
        }

        return null;
    }

    private bool IsConfiguration(ITypeSymbol? type)
    {
        if (type is null || _symbols.Configuration is null)
        {
            return false;
        }

        return SymbolEqualityComparer.Default.Equals(type, _symbols.Configuration)
            || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, _symbols.Configuration));
    }

    /// <summary>Follows a local, field or property to the values written to it.</summary>
    private List<T> Follow<T>(IOperation reference, int depth, Func<KeyMaterialEvaluator, IOperation, int, List<T>> evaluate)
    {
        var isKey = typeof(T) == typeof(KeyCandidate);
        var unknown = isKey ? (T)(object)KeyCandidate.Unknown : (T)(object)StringCandidate.Unknown;
        var values = GetValues(reference, out var crossTreeLiteral);
        if (crossTreeLiteral is not null && !isKey)
        {
            return [(T)(object)new StringCandidate(KeySource.Literal, crossTreeLiteral, null)];
        }

        if (values.IsDefaultOrEmpty)
        {
            return [unknown];
        }

        var result = new List<T>();
        foreach (var value in values)
        {
            result.AddRange(evaluate(this, value, depth + 1));
            if (result.Count > MaxCandidates)
            {
                return [unknown];
            }
        }

        return result;
    }

    private static ImmutableArray<IOperation> GetValues(IOperation reference, out string? crossTreeLiteral)
    {
        crossTreeLiteral = null;
        switch (reference)
        {
            case ILocalReferenceOperation:
                return ValueResolver.GetPossibleValues(reference) is { IsDefault: false } locals && !locals.Any(v => v == reference) ? locals : default;
            case IFieldReferenceOperation field when field.Field.IsReadOnly:
                var readOnlyValues = ValueResolver.GetPossibleValues(reference);
                if (!readOnlyValues.IsDefault && !readOnlyValues.Any(v => v == reference))
                {
                    return readOnlyValues;
                }

                return Initializer(field.Field, field.SemanticModel, out crossTreeLiteral);
            case IFieldReferenceOperation field:
                // A mutable field: its initializer is a value it may have (and a literal one is hard-coded even if
                // something overwrites it later: it is the fallback).
                return Initializer(field.Field, field.SemanticModel, out crossTreeLiteral);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return PropertyValue(property.Property, property.SemanticModel, out crossTreeLiteral);
            default:
                return default;
        }
    }

    private static ImmutableArray<IOperation> Initializer(IFieldSymbol field, SemanticModel? semanticModel, out string? crossTreeLiteral)
    {
        crossTreeLiteral = null;
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            return default;
        }

        return ValueOf(value, semanticModel, out crossTreeLiteral);
    }

    private static ImmutableArray<IOperation> PropertyValue(IPropertySymbol property, SemanticModel? semanticModel, out string? crossTreeLiteral)
    {
        crossTreeLiteral = null;
        if (property.DeclaringSyntaxReferences.Length != 1
            || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax declaration)
        {
            return default;
        }

        ExpressionSyntax? value = declaration.ExpressionBody?.Expression ?? declaration.Initializer?.Value;
        if (value is null && declaration.AccessorList?.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get") is { } getter)
        {
            value = getter.ExpressionBody?.Expression;
            if (value is null && getter.Body is { Statements.Count: 1 } body && body.Statements[0] is ReturnStatementSyntax { Expression: { } returned })
            {
                value = returned;
            }
        }

        return value is null ? default : ValueOf(value, semanticModel, out crossTreeLiteral);
    }

    private static ImmutableArray<IOperation> ValueOf(ExpressionSyntax value, SemanticModel? semanticModel, out string? crossTreeLiteral)
    {
        crossTreeLiteral = null;
        if (semanticModel is not null && value.SyntaxTree == semanticModel.SyntaxTree)
        {
            return semanticModel.GetOperation(value) is { } operation ? ImmutableArray.Create(operation) : default;
        }

        // Declared in another file: without a semantic model for that tree only a plain string literal can be read.
        if (value is LiteralExpressionSyntax literal && literal.Token.Value is string text)
        {
            crossTreeLiteral = text;
        }

        return default;
    }
}
