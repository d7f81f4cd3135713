using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.BrowserStorage;

/// <summary>One write to browser storage: the call, the storage written, its key and value arguments.</summary>
internal sealed class StorageWrite
{
    public StorageWrite(IInvocationOperation invocation, StorageApi api, string storage, IOperation? key, string? keyText, IOperation? value, BrowserWrite? jsWrite)
    {
        Invocation = invocation;
        Api = api;
        Storage = storage;
        Key = key;
        KeyText = keyText;
        Value = value;
        JsWrite = jsWrite;
    }

    public IInvocationOperation Invocation { get; }

    public StorageApi Api { get; }

    /// <summary><c>localStorage</c>, <c>sessionStorage</c> or <c>ProtectedLocalStorage (persisted in the browser)</c>.</summary>
    public string Storage { get; }

    /// <summary>The key argument, when it is a separate argument.</summary>
    public IOperation? Key { get; }

    /// <summary>The key as text, when it is a constant.</summary>
    public string? KeyText { get; }

    /// <summary>The value argument, when it is a separate argument.</summary>
    public IOperation? Value { get; }

    /// <summary>For JS interop: the browser write with its code (eval) and interpolated holes.</summary>
    public BrowserWrite? JsWrite { get; }

    /// <summary>True when the key or the value is a token, or the value is an object with token members (or its serialisation).</summary>
    public bool InvolvesToken(TokenLikeness likeness)
    {
        if (JsWrite is not null ? JsWrite.InvolvesToken(likeness) : likeness.IsTokenName(KeyText) || likeness.IsTokenValue(Value))
        {
            return true;
        }

        return TokenCarriers.IsTokenCarrier(Value, likeness);
    }
}
