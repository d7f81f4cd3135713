using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.BrowserStorage;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT011 (<c>JWT011.UseSecureTokenStore</c>, runtime referenced): a Web Storage write of a string token
/// (<c>JS.InvokeVoidAsync("localStorage.setItem", key, token)</c>, Blazored <c>SetItemAsync</c> /
/// <c>SetItemAsStringAsync</c>, local or session) becomes <c>store.SetAsync(key, token)</c> on an
/// <c>ISecureTokenStore</c>; the reads (<c>getItem</c>, <c>GetItemAsStringAsync</c>) and removes (<c>removeItem</c>,
/// <c>RemoveItemAsync</c>) of the same constant key in the class follow. The store comes the way the class already
/// receives services: an existing member; an <c>[Inject]</c> property in a component; a primary-constructor parameter;
/// a parameter (and field) of its only constructor. The app's service registration in the same project
/// (<c>services.AddScoped(...)</c>...) gets <c>AddSecureTokenStore()</c> when it lacks it. Not offered for a value that
/// is not a string, or a class that receives no services.
/// In a Razor component the finding is in the generator's C# (read-only): the fix edits the <c>.razor</c> file instead
/// (an additional document of the project, found through the generator's <c>#line</c> mapping), as text at the mapped
/// spans of the <c>@code</c> calls, and adds <c>@using JwtAnalyzers.Runtime</c> (unless imported) and
/// <c>@inject ISecureTokenStore TokenStore</c> after the last <c>@inject</c>. Not offered in other generated code, or
/// when the .razor text at the mapped span is not the generated call (the file changed since generation).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotStoreTokensInBrowserStorageCodeFix))]
[Shared]
public sealed class DoNotStoreTokensInBrowserStorageCodeFix : JwtCodeFixProvider
{
    public const string TokenStoreKey = "JWT011.UseSecureTokenStore";
    private const string PropertyName = "TokenStore";
    private const string ParameterName = "tokenStore";
    private const string FieldName = "_tokenStore";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotStoreTokensInBrowserStorage);

    private enum Injection
    {
        Existing,
        InjectProperty,
        PrimaryConstructor,
        Constructor,
        RazorInject,
    }

    private sealed class Plan
    {
        public Plan(string storage, InvocationExpressionSyntax write, ExpressionSyntax key, ExpressionSyntax value, TypeDeclarationSyntax type, Injection injection, string member, ConstructorDeclarationSyntax? constructor, RazorSource? razor = null)
        {
            Storage = storage;
            Razor = razor;
            Write = write;
            Key = key;
            Value = value;
            Type = type;
            Injection = injection;
            Member = member;
            Constructor = constructor;
        }

        /// <summary><c>localStorage</c> or <c>sessionStorage</c>: reads and removes of the key follow only in the same storage.</summary>
        public string Storage { get; }

        public InvocationExpressionSyntax Write { get; }
        public ExpressionSyntax Key { get; }
        public ExpressionSyntax Value { get; }
        public TypeDeclarationSyntax Type { get; }
        public Injection Injection { get; }
        public string Member { get; }
        public ConstructorDeclarationSyntax? Constructor { get; }

        /// <summary>The .razor file the finding's generated code comes from (edited as text), or null for a C# file.</summary>
        public RazorSource? Razor { get; }
    }

    /// <summary>The .razor source of a component's generated C#: an additional document of the project and its text.</summary>
    private sealed class RazorSource
    {
        public RazorSource(TextDocument document, SourceText text)
        {
            Document = document;
            Text = text;
        }

        public TextDocument Document { get; }

        public SourceText Text { get; }

        /// <summary>
        /// The span of <paramref name="node"/> (generated C# of an <c>@code</c> block) in the .razor text, through the
        /// generator's <c>#line</c> mapping; null unless the mapped text is exactly the node's text.
        /// </summary>
        public TextSpan? Map(SyntaxNode node)
        {
            var mapped = node.SyntaxTree.GetMappedLineSpan(node.Span);
            if (!mapped.HasMappedPath || !SamePath(mapped.Path, Document.FilePath)
                || mapped.StartLinePosition.Line >= Text.Lines.Count || mapped.EndLinePosition.Line >= Text.Lines.Count)
            {
                return null;
            }

            var startLine = Text.Lines[mapped.StartLinePosition.Line];
            var endLine = Text.Lines[mapped.EndLinePosition.Line];
            if (mapped.StartLinePosition.Character > startLine.Span.Length || mapped.EndLinePosition.Character > endLine.Span.Length)
            {
                return null;
            }

            var span = TextSpan.FromBounds(startLine.Start + mapped.StartLinePosition.Character, System.Math.Max(startLine.Start + mapped.StartLinePosition.Character, endLine.Start + mapped.EndLinePosition.Character));
            return Text.ToString(span) == node.ToString() ? span : null;
        }
    }

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var razor = await FindRazorSourceAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (MakePlan(candidate, model, razor, cancellationToken) is not { } plan)
        {
            return;
        }

        offers.Add(JwtFixKind.UseSecureTokenStore, plan.Injection switch
        {
            Injection.Existing => $"Keep the token in ISecureTokenStore ('{plan.Member}') instead of browser storage",
            Injection.RazorInject => $"Keep the token in ISecureTokenStore instead of browser storage (adds '@inject ISecureTokenStore {PropertyName}' to {System.IO.Path.GetFileName(plan.Razor!.Document.FilePath)}; register it with services.AddSecureTokenStore())",
            _ => "Keep the token in an injected ISecureTokenStore instead of browser storage (register it with services.AddSecureTokenStore())",
        });
    }

    internal override async Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var model = session.SemanticModel;
        var razorSource = await FindRazorSourceAsync(candidate, session.CancellationToken).ConfigureAwait(false);
        if (MakePlan(candidate, model, razorSource, session.CancellationToken) is not { } plan || !session.FirstTime(plan.Write))
        {
            return;
        }

        var editor = session.Editor;
        var store = SyntaxFactory.IdentifierName(plan.Member);
        System.Action<InvocationExpressionSyntax, InvocationExpressionSyntax> replace = plan.Razor is { } razor
            ? (original, replacement) =>
            {
                // The .razor file is the source: the same call at its #line-mapped span, as text (the generated C# is rebuilt from it).
                if (razor.Map(original) is { } span)
                {
                    session.ChangeAdditionalDocument(razor.Document.Id, new TextChange(span, replacement.NormalizeWhitespace().ToFullString()));
                }
            }
            : (original, replacement) => editor.ReplaceNode(original, replacement.WithTriviaFrom(original));
        replace(plan.Write, StoreCall(store, RuntimeSyntax.StoreSet, plan.Key, plan.Value));
        RewriteReadsAndRemoves(session, plan, store, replace);
        if (session.FirstTime(plan.Razor?.Document.Id ?? (object)plan.Type))
        {
            if (plan.Razor is { } source)
            {
                if (plan.Injection == Injection.RazorInject)
                {
                    InjectInRazor(session, source, candidate.Root);
                }
            }
            else
            {
                Inject(editor, plan);
            }

            if (plan.Injection != Injection.Existing)
            {
                session.AtEnd("register", () => RegisterStoreAsync(session, candidate.Document.Project));
            }
        }
    }

    private static InvocationExpressionSyntax StoreCall(ExpressionSyntax store, string method, params ExpressionSyntax[] arguments)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, store, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))));

    private static Plan? MakePlan(FixCandidate candidate, SemanticModel model, RazorSource? razor, CancellationToken cancellationToken)
    {
        var compilation = model.Compilation;
        if (RuntimeSyntax.Resolve(compilation, RuntimeSyntax.SecureTokenStore) is not { } storeType
            || candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || (IsGenerated(candidate.Root) && razor is null)
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || Classify(operation) is not (StorageCallKind.Write, { } key, { } value, { } storage)
            || !IsString(key, compilation) || !IsString(value, compilation)
            || !ResultFits(invocation, operation, compilation)
            || invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type
            || type is not (ClassDeclarationSyntax or RecordDeclarationSyntax)
            || model.GetDeclaredSymbol(type, cancellationToken) is not { } typeSymbol
            || model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken) is not { IsStatic: false })
        {
            return null;
        }

        var existing = typeSymbol.GetMembers().FirstOrDefault(m => !m.IsImplicitlyDeclared && m.CanBeReferencedByName
            && ((m is IFieldSymbol f && SymbolEqualityComparer.Default.Equals(f.Type, storeType))
                || (m is IPropertySymbol p && SymbolEqualityComparer.Default.Equals(p.Type, storeType))));
        if (razor is not null)
        {
            // Generated C# of a .razor component: only the .razor file can be edited (text at the #line-mapped spans of
            // its @code block); the store comes from an existing member or a new '@inject' directive.
            var razorComponent = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.IComponent");
            return existing is not null
                ? new Plan(storage, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.Existing, existing.Name, null, razor)
                : razorComponent is not null && typeSymbol.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, razorComponent)) && typeSymbol.GetMembers(PropertyName).IsEmpty
                    ? new Plan(storage, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.RazorInject, PropertyName, null, razor)
                    : null;
        }

        if (existing is not null)
        {
            return new Plan(storage, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.Existing, existing.Name, null);
        }

        var component = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.IComponent");
        var inject = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.InjectAttribute");
        if (component is not null && inject is not null && typeSymbol.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, component)))
        {
            return typeSymbol.GetMembers(PropertyName).IsEmpty
                ? new Plan(storage, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.InjectProperty, PropertyName, null)
                : null;
        }

        if (type.ParameterList is { } primary)
        {
            return primary.Parameters.Count > 0 && !primary.Parameters.Any(p => p.Identifier.ValueText == ParameterName) && typeSymbol.GetMembers(ParameterName).IsEmpty
                ? new Plan(storage, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.PrimaryConstructor, ParameterName, null)
                : null;
        }

        var constructors = type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        if (constructors.Count == 1 && constructors[0] is { ParameterList.Parameters.Count: > 0, Body: not null, Initializer: null } constructor
            && typeSymbol.DeclaringSyntaxReferences.Length == 1
            && typeSymbol.GetMembers(FieldName).IsEmpty && !constructor.ParameterList.Parameters.Any(p => p.Identifier.ValueText == ParameterName))
        {
            return new Plan(storage, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.Constructor, FieldName, constructor);
        }

        return null;
    }

    private static void Inject(DocumentEditor editor, Plan plan)
    {
        var storeType = RuntimeSyntax.TypeName(RuntimeSyntax.SecureTokenStore);
        switch (plan.Injection)
        {
            case Injection.InjectProperty:
                var property = (PropertyDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                    $"[global::Microsoft.AspNetCore.Components.Inject] private global::{RuntimeSyntax.SecureTokenStore} {PropertyName} {{ get; set; }} = default!;")!;
                property = property
                    .WithAttributeLists(SyntaxFactory.SingletonList(property.AttributeLists[0].WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation)))
                    .WithType(property.Type.WithAdditionalAnnotations(Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation))
                    .WithTrailingTrivia(EndOfLine(editor.OriginalRoot))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertMembers(plan.Type, 0, new[] { property });
                break;

            case Injection.PrimaryConstructor:
                var parameters = plan.Type.ParameterList!;
                editor.ReplaceNode(parameters, parameters.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(ParameterName)).WithType(storeType)).WithAdditionalAnnotations(Formatter.Annotation));
                break;

            case Injection.Constructor:
                var constructor = plan.Constructor!;
                var field = SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(storeType, SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(FieldName))))
                    .AddModifiers(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                var assignment = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(FieldName), SyntaxFactory.IdentifierName(ParameterName))).WithAdditionalAnnotations(Formatter.Annotation);
                var updated = constructor
                    .WithParameterList(constructor.ParameterList.AddParameters(SyntaxFactory.Parameter(SyntaxFactory.Identifier(ParameterName)).WithType(storeType)))
                    .WithBody(constructor.Body!.AddStatements(assignment))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.ReplaceNode(constructor, updated);
                editor.InsertMembers(plan.Type, 0, new[] { field });
                break;
        }
    }

    /// <summary>
    /// <c>@inject ISecureTokenStore TokenStore</c> after the last <c>@inject</c> of the file's header (else after its
    /// last directive, else at the top), with <c>@using JwtAnalyzers.Runtime</c> unless the component already imports
    /// it (its own <c>@using</c> or an <c>_Imports.razor</c>: both are in the generated C#).
    /// </summary>
    private static void InjectInRazor(FixSession session, RazorSource razor, SyntaxNode generatedRoot)
    {
        var text = razor.Text;
        var newLine = text.ToString().Contains("\r\n") ? "\r\n" : "\n";
        int? after = null;
        int? lastDirective = null;
        foreach (var line in text.Lines)
        {
            var content = text.ToString(line.Span).Trim();
            if (content.Length == 0 || content.StartsWith("@*", System.StringComparison.Ordinal))
            {
                continue;
            }

            if (content.StartsWith("@inject ", System.StringComparison.Ordinal))
            {
                after = line.LineNumber;
            }
            else if (HeaderDirectives.Any(d => content.StartsWith(d, System.StringComparison.Ordinal)))
            {
                lastDirective = line.LineNumber;
            }
            else
            {
                break;
            }
        }

        var anchor = after ?? lastDirective;
        var position = anchor is { } index ? text.Lines[index].EndIncludingLineBreak : 0;
        var prefix = anchor is { } last && text.Lines[last].EndIncludingLineBreak == text.Lines[last].End ? newLine : string.Empty;
        var imported = generatedRoot.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>()
            .Any(u => u.Alias is null && u.Name?.ToString() is RuntimeSyntax.RuntimeNamespace or "global::" + RuntimeSyntax.RuntimeNamespace);
        var directives = (imported ? string.Empty : "@using " + RuntimeSyntax.RuntimeNamespace + newLine)
                         + "@inject " + RuntimeSyntax.SecureTokenStore.Substring(RuntimeSyntax.RuntimeNamespace.Length + 1) + " " + PropertyName + newLine;
        session.ChangeAdditionalDocument(razor.Document.Id, new TextChange(new TextSpan(position, 0), prefix + directives));
    }

    private static readonly string[] HeaderDirectives =
    {
        "@page", "@using ", "@attribute ", "@layout ", "@implements ", "@inherits ", "@namespace ", "@rendermode ", "@typeparam ", "@preservewhitespace ",
    };

    /// <summary>
    /// The .razor additional document that <paramref name="invocation"/> (in generated C#) is mapped to by the Razor
    /// generator's <c>#line</c> directives, when the mapping gives back exactly the call's text.
    /// </summary>
    private static async Task<RazorSource?> FindRazorSourceAsync(FixCandidate candidate, CancellationToken cancellationToken)
    {
        if (!IsGenerated(candidate.Root) || candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation)
        {
            return null;
        }

        var mapped = invocation.SyntaxTree.GetMappedLineSpan(invocation.Span);
        if (!mapped.HasMappedPath || !mapped.Path.EndsWith(".razor", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var additional in candidate.Document.Project.AdditionalDocuments)
        {
            if (SamePath(additional.FilePath, mapped.Path))
            {
                var source = new RazorSource(additional, await additional.GetTextAsync(cancellationToken).ConfigureAwait(false));
                return source.Map(invocation) is not null ? source : null;
            }
        }

        return null;
    }

    private static bool SamePath(string? a, string? b)
        => a is not null && b is not null && string.Equals(a.Replace('\\', '/'), b.Replace('\\', '/'), System.StringComparison.OrdinalIgnoreCase);

    private static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed;
    }

    /// <summary>The reads and removes of the same constant key, in the same type.</summary>
    private static void RewriteReadsAndRemoves(FixSession session, Plan plan, ExpressionSyntax store, System.Action<InvocationExpressionSyntax, InvocationExpressionSyntax> replace)
    {
        var model = session.SemanticModel;
        if (model.GetConstantValue(plan.Key, session.CancellationToken) is not { HasValue: true, Value: string key })
        {
            return;
        }

        foreach (var invocation in plan.Type.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation == plan.Write
                || model.GetOperation(invocation, session.CancellationToken) is not IInvocationOperation operation
                || Classify(operation) is not ({ } call and (StorageCallKind.Read or StorageCallKind.Remove), { } keyOperation, _, { } readStorage)
                || readStorage != plan.Storage
                || keyOperation.ConstantValue is not { HasValue: true, Value: string readKey } || readKey != key
                || !IsString(keyOperation, model.Compilation))
            {
                continue;
            }

            if (call == StorageCallKind.Remove && ResultFits(invocation, operation, model.Compilation) && session.FirstTime(invocation))
            {
                replace(invocation, StoreCall(store, RuntimeSyntax.StoreRemove, (ExpressionSyntax)keyOperation.Syntax));
            }
            else if (call == StorageCallKind.Read && ReadFits(invocation, operation, model.Compilation) && session.FirstTime(invocation))
            {
                replace(invocation, StoreCall(store, RuntimeSyntax.StoreGet, (ExpressionSyntax)keyOperation.Syntax));
            }
        }
    }

    /// <summary>Adds <c>AddSecureTokenStore()</c> after the last service registration of the project, when it has none.</summary>
    private static async Task RegisterStoreAsync(FixSession session, Project project)
    {
        var compilation = session.SemanticModel.Compilation;
        var extensions = RuntimeSyntax.ResolveExtensions(compilation, RuntimeSyntax.SecureTokenStoreExtensions, RuntimeSyntax.AddSecureTokenStore);
        var services = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection");
        if (extensions is null || services is null)
        {
            return;
        }

        ExpressionStatementSyntax? last = null;
        Document? where = null;
        foreach (var document in project.Documents)
        {
            var root = await document.GetSyntaxRootAsync(session.CancellationToken).ConfigureAwait(false);

            if (root is null || !root.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText.StartsWith("Add", System.StringComparison.Ordinal)))
            {
                continue;
            }

            if (root.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == RuntimeSyntax.AddSecureTokenStore))
            {
                return;
            }

            var model = compilation.GetSemanticModel(root.SyntaxTree);
            foreach (var statement in root.DescendantNodes().OfType<ExpressionStatementSyntax>())
            {
                if (statement.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver, Name.Identifier.ValueText: var name } }
                    && name.StartsWith("Add", System.StringComparison.Ordinal)
                    && statement.Parent is BlockSyntax or GlobalStatementSyntax
                    && model.GetTypeInfo(receiver, session.CancellationToken).Type is { } receiverType
                    && (SymbolEqualityComparer.Default.Equals(receiverType, services) || receiverType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, services))))
                {
                    last = statement;
                    where = document;
                }
            }
        }

        if (last is null || where is null)
        {
            return;
        }

        var receiverExpression = ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)last.Expression).Expression).Expression;
        var registration = SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiverExpression.WithoutTrivia(), SyntaxFactory.IdentifierName(RuntimeSyntax.AddSecureTokenStore))))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var editor = await session.GetEditorAsync(where.Id).ConfigureAwait(false);
        SyntaxNode anchor = last.Parent is GlobalStatementSyntax global ? global : last;
        editor.InsertAfter(anchor, anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(registration) : registration);
        var importNamespace = extensions.ContainingNamespace.ToDisplayString();
        editor.ReplaceNode(editor.OriginalRoot, (root, _) => RuntimeSyntax.EnsureUsing(root, importNamespace));
    }

    /// <summary>
    /// What a Web Storage call does, with its key and value: the analyzer's own classification
    /// (<see cref="StorageCalls.Classify"/>), so the fix rewrites exactly the calls JWT011 reports. On top, the shapes the
    /// fix can rewrite: a Blazored call without optional arguments, or a JS interop call whose arguments are the
    /// identifier and the JavaScript arguments written in place (no cancellation token or timeout).
    /// </summary>
    private static (StorageCallKind? Call, IOperation? Key, IOperation? Value, string? Storage) Classify(IInvocationOperation operation)
    {
        if (operation.SemanticModel is not { } model
            || StorageCalls.Classify(operation, KnownSymbols.Get(model.Compilation).BrowserStorage) is not { } call)
        {
            return (null, null, null, null);
        }

        if (call.Api == StorageApi.JsInterop)
        {
            var method = operation.TargetMethod;
            if (operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "args") is not { ArgumentKind: ArgumentKind.ParamArray } args
                || args.Value is not IArrayCreationOperation { Initializer.ElementValues.Length: var count }
                || count != (call.Kind == StorageCallKind.Write ? 2 : 1)
                || !operation.Arguments.All(a => a.Parameter?.Name is "identifier" or "args" || (method.IsExtensionMethod && a.Parameter?.Ordinal == 0)))
            {
                return (null, null, null, null);
            }
        }

        return (call.Kind, Unwrap(call.Key), Unwrap(call.Value), call.Storage);
    }

    /// <summary>The store's <c>ValueTask</c> can replace the call: it is awaited as a statement, or its result is a non-generic <c>ValueTask</c>.</summary>
    private static bool ResultFits(InvocationExpressionSyntax invocation, IInvocationOperation operation, Compilation compilation)
        => invocation.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }
           || SymbolEqualityComparer.Default.Equals(operation.Type, compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ValueTask"));

    /// <summary>
    /// The store's <c>ValueTask&lt;string?&gt;</c> can replace the read: awaited into a <c>var</c>, or the read's own type is
    /// already <c>ValueTask&lt;string?&gt;</c> (<c>InvokeAsync&lt;string?&gt;</c>; oblivious <c>string</c> without nullable context).
    /// </summary>
    private static bool ReadFits(InvocationExpressionSyntax invocation, IInvocationOperation operation, Compilation compilation)
        => invocation.Parent is AwaitExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } } }
           || (operation.Type is INamedTypeSymbol { TypeArguments.Length: 1 } valueTask
               && SymbolEqualityComparer.Default.Equals(valueTask.OriginalDefinition, compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ValueTask`1"))
               && valueTask.TypeArguments[0] is { SpecialType: SpecialType.System_String, NullableAnnotation: NullableAnnotation.Annotated or NullableAnnotation.None });

    private static IOperation? Unwrap(IOperation? operation) => operation is IConversionOperation { IsImplicit: true } conversion ? Unwrap(conversion.Operand) : operation;

    private static bool IsString(IOperation operation, Compilation compilation)
        => operation.Type is { } type && compilation.ClassifyConversion(type, compilation.GetSpecialType(SpecialType.System_String)) is { IsImplicit: true, IsUserDefined: false };

    /// <summary>Razor output and other generated files: the fix belongs in the .razor source, not here.</summary>
    private static bool IsGenerated(SyntaxNode root)
        => root.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)
           || root.ContainsDirectives && root.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.LineDirectiveTrivia) || t.IsKind(SyntaxKind.LineSpanDirectiveTrivia));
}
