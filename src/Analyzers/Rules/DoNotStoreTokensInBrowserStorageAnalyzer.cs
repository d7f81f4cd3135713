using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT011: a token written to <c>localStorage</c> or <c>sessionStorage</c> from C#: JS interop
/// (<c>InvokeVoidAsync("localStorage.setItem", ...)</c>, <c>eval</c>/<c>Function</c> code, .NET 10 <c>SetValueAsync</c>)
/// and Blazored.LocalStorage / Blazored.SessionStorage <c>SetItem*</c>, when the key or the value is a token
/// (see <see cref="TokenLikeness"/>). <c>ProtectedSessionStorage</c> is never reported; <c>ProtectedLocalStorage</c>
/// only when <c>JWT011.include_protected_local_storage = true</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotStoreTokensInBrowserStorageAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>.editorconfig</c>: a regular expression that replaces the default token-name heuristic for this rule.</summary>
    public const string TokenNamePatternOption = TokenLikeness.PatternOptionName;

    /// <summary><c>.editorconfig</c>: <c>true</c> to also report tokens written to <c>ProtectedLocalStorage</c> (default <c>false</c>).</summary>
    public const string IncludeProtectedLocalStorageOption = "include_protected_local_storage";

    /// <summary>Diagnostic property: the storage written (<c>localStorage</c>, <c>sessionStorage</c>, <c>Blazored</c>, <c>ProtectedLocalStorage</c>).</summary>
    public const string StorageProperty = "JwtStorage";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotStoreTokensInBrowserStorage,
        title: "Do not store tokens in browser storage",
        messageFormat: "'{0}' writes a token to {1}, where any script running in the page can read it",
        description: "localStorage and sessionStorage are readable by every script of the origin, so a single XSS flaw leaks the token, and localStorage keeps it after the browser closes. Keep tokens in server memory or an in-memory per-user store (JwtAnalyzers.Runtime's ISecureTokenStore), or use an HttpOnly cookie.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var jsInterop = JsInteropWrites.Create(compilation);
            var blazored = new[]
            {
                "Blazored.LocalStorage.ILocalStorageService",
                "Blazored.LocalStorage.ISyncLocalStorageService",
                "Blazored.SessionStorage.ISessionStorageService",
                "Blazored.SessionStorage.ISyncSessionStorageService",
            }.Select(compilation.GetBestTypeByMetadataName).Where(t => t is not null).Cast<INamedTypeSymbol>().ToImmutableArray();
            var protectedLocal = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage.ProtectedLocalStorage");
            if (jsInterop is null && blazored.IsEmpty && protectedLocal is null)
            {
                return;
            }

            start.RegisterOperationAction(ctx => Analyze(ctx, jsInterop, blazored, protectedLocal), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, JsInteropWrites? jsInterop, ImmutableArray<INamedTypeSymbol> blazored, INamedTypeSymbol? protectedLocal)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var tree = invocation.Syntax.SyntaxTree;

        if (jsInterop?.Classify(invocation) is { Kind: BrowserWriteKind.LocalStorage or BrowserWriteKind.SessionStorage } write)
        {
            var likeness = TokenLikeness.For(context.Options, tree, Rule.Id);
            if (write.InvolvesToken(likeness))
            {
                var storage = write.Kind == BrowserWriteKind.LocalStorage ? "localStorage" : "sessionStorage";
                Report(context, invocation, storage);
            }

            return;
        }

        if (method.Name is "SetItemAsync" or "SetItemAsStringAsync" or "SetItem" or "SetItemAsString" && !blazored.IsEmpty)
        {
            var blazoredType = blazored.FirstOrDefault(t => IsOrImplements(method.ContainingType, t));
            if (blazoredType is null)
            {
                return;
            }

            if (IsTokenKeyOrValue(context, invocation, tree, "key", "data"))
            {
                var storage = blazoredType.ContainingNamespace.Name == "SessionStorage" ? "sessionStorage" : "localStorage";
                Report(context, invocation, storage, "Blazored");
            }

            return;
        }

        if (method.Name == "SetAsync" && protectedLocal is not null
            && (method.ContainingType.IsOrInheritsFrom(protectedLocal) || invocation.Instance?.Type.IsOrInheritsFrom(protectedLocal) == true))
        {
            if (!RuleOptions.IncludeProtectedLocalStorage.Get(context.Options, tree))
            {
                return;
            }

            if (IsTokenKeyOrValue(context, invocation, tree, "key", "value"))
            {
                Report(context, invocation, "ProtectedLocalStorage (persisted in the browser)", "ProtectedLocalStorage");
            }
        }
    }

    private static bool IsTokenKeyOrValue(OperationAnalysisContext context, IInvocationOperation invocation, SyntaxTree tree, string keyName, string valueName)
    {
        var likeness = TokenLikeness.For(context.Options, tree, Rule.Id);
        var key = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == keyName)?.Value;
        var value = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == valueName)?.Value;
        return (key is not null && likeness.IsTokenName(ConstantValues.String(key))) || likeness.IsTokenValue(value);
    }

    private static bool IsOrImplements(INamedTypeSymbol type, INamedTypeSymbol expected)
        => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected)
           || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, expected));

    private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string storage, string? kind = null)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(StorageProperty, kind ?? storage);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, invocation.TargetMethod.Name, storage));
    }
}
