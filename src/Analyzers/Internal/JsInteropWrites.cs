using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using JwtAnalyzers.Internal.Libraries.BrowserStorage;

namespace JwtAnalyzers.Internal;

/// <summary>What a JS interop call writes in the browser, as far as the C# source shows it.</summary>
internal enum BrowserWriteKind
{
    None,
    LocalStorage,
    SessionStorage,
    DocumentCookie,
}

/// <summary>One browser write seen in a JS interop call: where, under which key, which value, and the code text for eval.</summary>
internal sealed class BrowserWrite
{
    public BrowserWrite(BrowserWriteKind kind, IOperation? key, string? keyText, IOperation? value, string? code, ImmutableArray<IOperation> codeHoles)
    {
        Kind = kind;
        Key = key;
        KeyText = keyText;
        Value = value;
        Code = code;
        CodeHoles = codeHoles;
    }

    public BrowserWriteKind Kind { get; }

    /// <summary>The key (or cookie-name) argument, when it is a separate argument.</summary>
    public IOperation? Key { get; }

    /// <summary>The key (or cookie name) as text, when it is a constant.</summary>
    public string? KeyText { get; }

    /// <summary>The value argument, when it is a separate argument.</summary>
    public IOperation? Value { get; }

    /// <summary>For eval/Function and document.cookie strings: the constant text of the JavaScript code.</summary>
    public string? Code { get; }

    /// <summary>For interpolated code: the interpolated expressions.</summary>
    public ImmutableArray<IOperation> CodeHoles { get; }

    /// <summary>True when the key, the value, a quoted name in the code, or an interpolated hole is a token.</summary>
    public bool InvolvesToken(TokenLikeness likeness)
    {
        if (likeness.IsTokenName(KeyText) || likeness.IsTokenValue(Value))
        {
            return true;
        }

        if (!CodeHoles.IsDefaultOrEmpty && CodeHoles.Any(likeness.IsTokenValue))
        {
            return true;
        }

        if (Code is not null)
        {
            foreach (Match match in JsInteropWrites.QuotedOrCookieName.Matches(Code))
            {
                var name = match.Groups["q"].Success ? match.Groups["q"].Value : match.Groups["c"].Value;
                if (likeness.IsTokenName(name))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>
/// Recognises Microsoft.JSInterop calls (<c>IJSRuntime</c>, <c>IJSInProcessRuntime</c>, <c>IJSObjectReference</c>,
/// <c>IJSInProcessObjectReference</c> and their extension classes) that write Web Storage or <c>document.cookie</c>:
/// <c>InvokeVoidAsync("localStorage.setItem", key, value)</c> (with or without <c>window.</c>), <c>eval</c> /
/// <c>Function</c> with code that calls <c>setItem</c> or assigns <c>document.cookie</c>, and the .NET 10
/// <c>SetValueAsync("document.cookie", ...)</c> / <c>SetValueAsync("localStorage.token", ...)</c>.
/// </summary>
internal sealed class JsInteropWrites
{
    // The patterns below are the package's own, with no nested quantifier: linear on any input. The time-out only guards
    // against the unforeseen; at 200 ms a garbage collection under load made findings depend on the machine (a flaky
    // test in JWT010's JSON scan, which had the same guard), so it is two seconds.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    internal static readonly Regex QuotedOrCookieName = new(
        @"['""`](?<q>[^'""`{}]+)['""`]|document\.cookie\s*=\s*['""`]?\s*(?<c>[A-Za-z0-9_\-]+)\s*=",
        RegexOptions.CultureInvariant,
        MatchTimeout);

    private static readonly Regex s_storageWrite = new(@"\b(local|session)Storage\s*(\.\s*setItem\s*\(|\[[^\]]*\]\s*=[^=]|\.\s*[A-Za-z_$][\w$]*\s*=[^=])", RegexOptions.CultureInvariant, MatchTimeout);
    private static readonly Regex s_cookieWrite = new(@"\bdocument\s*\.\s*cookie\s*=[^=]", RegexOptions.CultureInvariant, MatchTimeout);

    private readonly BrowserStorageSymbols _symbols;

    private JsInteropWrites(BrowserStorageSymbols symbols) => _symbols = symbols;

    /// <summary>The recogniser for <paramref name="compilation"/>, or null when Microsoft.JSInterop is not referenced.</summary>
    public static JsInteropWrites? Create(Compilation compilation)
    {
        var symbols = KnownSymbols.Get(compilation).BrowserStorage;
        return symbols.JsInterop.IsEmpty ? null : new JsInteropWrites(symbols);
    }

    /// <summary>The browser write performed by <paramref name="invocation"/>, or null.</summary>
    public BrowserWrite? Classify(IInvocationOperation invocation)
    {
        var kind = StorageCalls.JsKind(invocation.TargetMethod, _symbols);
        if (kind == JsInteropCall.None || StorageCalls.JsIdentifier(invocation) is not { } identifier)
        {
            return null;
        }

        if (kind == JsInteropCall.SetValue)
        {
            var value = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value")?.Value;
            return ClassifyPropertyWrite(identifier, value);
        }

        var args = StorageCalls.JsArguments(invocation);
        switch (identifier)
        {
            case "localStorage.setItem":
            case "sessionStorage.setItem":
                var key = args.Length > 0 ? args[0] : null;
                return new BrowserWrite(
                    identifier.StartsWith("local", StringComparison.Ordinal) ? BrowserWriteKind.LocalStorage : BrowserWriteKind.SessionStorage,
                    key,
                    key is null ? null : ConstantValues.String(key),
                    args.Length > 1 ? args[1] : null,
                    code: null,
                    codeHoles: default);

            case "eval":
            case "Function":
                return args.Length > 0 ? ClassifyCode(args) : null;

            default:
                return null;
        }
    }

    /// <summary><c>SetValueAsync("document.cookie", "jwt=...")</c>, <c>SetValueAsync("localStorage.token", jwt)</c>.</summary>
    private static BrowserWrite? ClassifyPropertyWrite(string identifier, IOperation? value)
    {
        if (identifier == "document.cookie")
        {
            var (text, holes) = GetText(value);
            var cookieName = text is null ? null : text.Split('=')[0].Trim();
            return new BrowserWrite(BrowserWriteKind.DocumentCookie, key: null, keyText: cookieName, value: holes.IsDefaultOrEmpty ? value : null, code: null, codeHoles: holes);
        }

        foreach (var (prefix, kind) in new[] { ("localStorage.", BrowserWriteKind.LocalStorage), ("sessionStorage.", BrowserWriteKind.SessionStorage) })
        {
            if (identifier.StartsWith(prefix, StringComparison.Ordinal) && identifier.Length > prefix.Length)
            {
                var key = identifier.Substring(prefix.Length).Trim('[', ']', '\'', '"');
                return new BrowserWrite(kind, key: null, keyText: key, value: value, code: null, codeHoles: default);
            }
        }

        return null;
    }

    private static BrowserWrite? ClassifyCode(ImmutableArray<IOperation> args)
    {
        var code = new System.Text.StringBuilder();
        var holes = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var argument in args)
        {
            var (text, argumentHoles) = GetText(argument);
            if (text is null)
            {
                holes.Add(argument);
                continue;
            }

            code.Append(text).Append('\n');
            if (!argumentHoles.IsDefaultOrEmpty)
            {
                holes.AddRange(argumentHoles);
            }
        }

        var source = code.ToString();
        BrowserWriteKind kind;
        try
        {
            var storage = s_storageWrite.Match(source);
            if (storage.Success)
            {
                kind = storage.Groups[1].Value == "local" ? BrowserWriteKind.LocalStorage : BrowserWriteKind.SessionStorage;
            }
            else if (s_cookieWrite.IsMatch(source))
            {
                kind = BrowserWriteKind.DocumentCookie;
            }
            else
            {
                return null;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        return new BrowserWrite(kind, key: null, keyText: null, value: null, code: source, codeHoles: holes.ToImmutable());
    }

    /// <summary>The constant text of a string (holes of an interpolation or concatenation become <c>{}</c>) and the non-constant parts.</summary>
    internal static (string? Text, ImmutableArray<IOperation> Holes) GetText(IOperation? value)
    {
        if (value is null)
        {
            return (null, default);
        }

        value = value.WalkDownConversion();
        if (ConstantValues.String(value) is { } constant)
        {
            return (constant, ImmutableArray<IOperation>.Empty);
        }

        var holes = ImmutableArray.CreateBuilder<IOperation>();
        var text = new System.Text.StringBuilder();
        if (!Append(value, text, holes, 0))
        {
            return (null, default);
        }

        return (text.ToString(), holes.ToImmutable());
    }

    private static bool Append(IOperation value, System.Text.StringBuilder text, ImmutableArray<IOperation>.Builder holes, int depth)
    {
        value = value.WalkDownConversion();
        if (depth > 8)
        {
            return false;
        }

        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            text.Append(constant);
            return true;
        }

        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolatedStringTextOperation textPart && textPart.Text.ConstantValue is { HasValue: true, Value: string partText })
                    {
                        text.Append(partText);
                    }
                    else if (part is IInterpolationOperation interpolation)
                    {
                        text.Append("{}");
                        holes.Add(interpolation.Expression);
                    }
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Append(binary.LeftOperand, text, holes, depth + 1) && Append(binary.RightOperand, text, holes, depth + 1);
            case ILocalReferenceOperation:
                var values = ValueFlow.CompleteSourcesOf(value);
                if (values.Length == 1 && !ReferenceEquals(values[0], value))
                {
                    return Append(values[0], text, holes, depth + 1);
                }

                text.Append("{}");
                holes.Add(value);
                return true;
            default:
                if (value.Type?.SpecialType != SpecialType.System_String)
                {
                    return false;
                }

                text.Append("{}");
                holes.Add(value);
                return true;
        }
    }

    /// <summary>The location to report: the whole invocation.</summary>
    public static Location GetLocation(IInvocationOperation invocation) => invocation.Syntax.GetLocation();

    internal static IEnumerable<string> Names(BrowserWriteKind kind) => kind switch
    {
        BrowserWriteKind.LocalStorage => new[] { "localStorage" },
        BrowserWriteKind.SessionStorage => new[] { "sessionStorage" },
        BrowserWriteKind.DocumentCookie => new[] { "document.cookie" },
        _ => Array.Empty<string>(),
    };
}
