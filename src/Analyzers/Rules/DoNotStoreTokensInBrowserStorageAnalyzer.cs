using System.Collections.Immutable;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.BrowserStorage;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT011: a token written to <c>localStorage</c> or <c>sessionStorage</c> from C#: JS interop
/// (<c>InvokeVoidAsync("localStorage.setItem", ...)</c>, <c>eval</c>/<c>Function</c> code, .NET 10 <c>SetValueAsync</c>)
/// and Blazored.LocalStorage / Blazored.SessionStorage <c>SetItem*</c>, when the key or the value is a token
/// (see <see cref="TokenLikeness"/>) or an object with token members (<see cref="TokenCarriers"/>). A call of the
/// project's own storage wrapper (a method whose parameter reaches such a write, also called through an interface
/// implemented in the compilation) with a token is reported at the call. <c>ProtectedSessionStorage</c> is never
/// reported; <c>ProtectedLocalStorage</c> only when <c>JWT011.include_protected_local_storage = true</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotStoreTokensInBrowserStorageAnalyzer : DiagnosticAnalyzer
{
    /// <summary><c>.editorconfig</c>: a regular expression that replaces the default token-name heuristic for this rule.</summary>
    public const string TokenNamePatternOption = TokenLikeness.PatternOptionName;

    /// <summary><c>.editorconfig</c>: <c>true</c> to also report tokens written to <c>ProtectedLocalStorage</c> (default <c>false</c>).</summary>
    public const string IncludeProtectedLocalStorageOption = "include_protected_local_storage";

    /// <summary>Diagnostic property: the storage written (<c>localStorage</c>, <c>sessionStorage</c>, <c>Blazored</c>, <c>ProtectedLocalStorage</c>), or <c>Wrapper</c> for the call of a project storage wrapper.</summary>
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
            var writes = BrowserStorageWrites.Get(start.Compilation);
            // No browser storage API, or a project that spells no token name anywhere (and references no JWT library).
            if (!writes.IsPresent || !TokenVocabulary.MayAppear(start.Compilation, start.Options, Rule.Id))
            {
                return;
            }

            start.RegisterOperationAction(ctx => Analyze(ctx, writes), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, BrowserStorageWrites writes)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var tree = invocation.Syntax.SyntaxTree;
        if (writes.Classify(invocation, includeProtectedLocalStorage: true) is { } write)
        {
            if ((write.Api != StorageApi.ProtectedLocalStorage || RuleOptions.IncludeProtectedLocalStorage.Get(context.Options, tree))
                && write.InvolvesToken(TokenLikeness.For(context.Options, tree, Rule.Id)))
            {
                var kind = write.Api switch
                {
                    StorageApi.Blazored => "Blazored",
                    StorageApi.ProtectedLocalStorage => "ProtectedLocalStorage",
                    _ => write.Storage,
                };
                Report(context, invocation, invocation.TargetMethod.Name, write.Storage, kind);
            }

            return;
        }

        AnalyzeWrapperCall(context, writes, invocation);
    }

    /// <summary>
    /// A call of a project method whose parameter reaches a browser-storage write (<c>SetItem&lt;T&gt;(key, value)</c>
    /// that serialises <c>value</c> into <c>localStorage.setItem</c>, or <c>IStorage.SetAsync</c> whose implementation
    /// does), with a token (or a token-named key, or an object with token members) for that parameter.
    /// </summary>
    private static void AnalyzeWrapperCall(OperationAnalysisContext context, BrowserStorageWrites writes, IInvocationOperation invocation)
    {
        // Gates, cheapest first: a method of the project (symbol) named like a possible wrapper (a name set computed
        // once per compilation); its own body writes browser storage (a cached syntax walk); or, only when an argument
        // may be a token by its name or type (no flow), a wrapper of a wrapper (a cached summary). Only then the
        // token-ness of the arguments and the flow of the parameter.
        if (invocation.Arguments.IsEmpty || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingAssembly, context.Compilation.Assembly)
            || !writes.HasDirectWrites)
        {
            return;
        }

        var method = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
        if (!writes.MayBeWrapper(method) || !method.IsInSource())
        {
            return;
        }

        var storage = writes.DirectWriteStorage(method, context.Options, Rule.Id, out var passesOn);
        if (storage is null && !passesOn)
        {
            return;
        }

        var likeness = TokenLikeness.For(context.Options, invocation.Syntax.SyntaxTree, Rule.Id);
        if (storage is null && (!MayPassToken(invocation, likeness, context.Compilation) || (storage = writes.WrapperStorage(method)) is null))
        {
            return;
        }

        var flow = ValueFlow.Get(context.Compilation);
        ImmutableArray<IMethodSymbol> targets = default;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.IsImplicit || argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is not { } parameter
                || !IsTokenArgument(argument.Value, likeness))
            {
                continue;
            }

            if (targets.IsDefault)
            {
                targets = method.IsAbstract || method.IsVirtual || method.IsOverride || method.ContainingType.TypeKind == TypeKind.Interface
                    ? writes.ImplementationsOf(method)
                    : ImmutableArray.Create(method);
            }

            foreach (var target in targets)
            {
                var ordinal = parameter.Ordinal;
                if (ordinal < 0 || ordinal >= target.Parameters.Length)
                {
                    continue;
                }

                var options = context.Options;
                if (flow.ParameterReaches(target.Parameters[ordinal], Rule.Id, use => writes.IsWrappedWrite(use, options, Rule.Id), writes.Propagates))
                {
                    Report(context, invocation, invocation.TargetMethod.Name, storage, "Wrapper");
                    return;
                }
            }
        }
    }

    /// <summary>
    /// A pre-check without flow queries: some argument is a constant with a token name, a reference (local, parameter,
    /// field, property) with a token name, or an object whose type has token members.
    /// </summary>
    private static bool MayPassToken(IInvocationOperation invocation, TokenLikeness likeness, Compilation compilation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.IsImplicit)
            {
                continue;
            }

            var value = ValueFlow.Unwrap(argument.Value);
            var name = value switch
            {
                _ when value.ConstantValue is { HasValue: true, Value: string constant } => constant,
                ILocalReferenceOperation local => local.Local.Name,
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                IFieldReferenceOperation field => field.Field.Name,
                IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property.Name,
                _ => null,
            };
            if ((name is not null && (!ReferenceEquals(likeness, TokenLikeness.Default) || MayBeTokenWord(name)) && likeness.IsTokenName(name))
                || TokenCarriers.IsTokenCarrierType(value.Type, likeness, compilation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Without allocating: the name contains a word the default token-name heuristic starts from.</summary>
    private static bool MayBeTokenWord(string name)
        => name.IndexOf("token", System.StringComparison.OrdinalIgnoreCase) >= 0
           || name.IndexOf("jwt", System.StringComparison.OrdinalIgnoreCase) >= 0
           || name.IndexOf("bearer", System.StringComparison.OrdinalIgnoreCase) >= 0
           || name.IndexOf("auth", System.StringComparison.OrdinalIgnoreCase) >= 0
           || name.IndexOf("access", System.StringComparison.OrdinalIgnoreCase) >= 0
           || name.IndexOf("refresh", System.StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>A token value, a constant key with a token name, or an object with token members.</summary>
    private static bool IsTokenArgument(IOperation value, TokenLikeness likeness)
    {
        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return likeness.IsTokenName(constant);
        }

        if (ValueFlow.Unwrap(value) is ILiteralOperation or IDefaultValueOperation)
        {
            return false;
        }

        return likeness.IsTokenValue(value) || TokenCarriers.IsTokenCarrier(value, likeness);
    }

    private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string member, string storage, string kind)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(StorageProperty, kind);
        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, member, storage));
    }
}
