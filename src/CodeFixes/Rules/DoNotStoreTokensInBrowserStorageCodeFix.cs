using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT011 (<c>JWT011.UseSecureTokenStore</c>, runtime referenced): a Web Storage write of a string token
/// (<c>JS.InvokeVoidAsync("localStorage.setItem", key, token)</c>, Blazored <c>SetItemAsync</c> /
/// <c>SetItemAsStringAsync</c>, local or session) becomes <c>store.SetAsync(key, token)</c> on an
/// <c>ISecureTokenStore</c>; the reads (<c>getItem</c>, <c>GetItemAsStringAsync</c>) and removes (<c>removeItem</c>,
/// <c>RemoveItemAsync</c>) of the same constant key in the class follow. The store comes the way the class already
/// receives services: an existing member; an <c>[Inject]</c> property in a component; a primary-constructor parameter;
/// a parameter (and field) of its only constructor. The app's service registration in the same project
/// (<c>services.AddScoped(...)</c>...) gets <c>AddSecureTokenStore()</c> when it lacks it. Not offered in generated
/// code (edit the .razor file), for a value that is not a string, or a class that receives no services.
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
    }

    private sealed class Plan
    {
        public Plan(InvocationExpressionSyntax write, ExpressionSyntax key, ExpressionSyntax value, TypeDeclarationSyntax type, Injection injection, string member, ConstructorDeclarationSyntax? constructor)
        {
            Write = write;
            Key = key;
            Value = value;
            Type = type;
            Injection = injection;
            Member = member;
            Constructor = constructor;
        }

        public InvocationExpressionSyntax Write { get; }
        public ExpressionSyntax Key { get; }
        public ExpressionSyntax Value { get; }
        public TypeDeclarationSyntax Type { get; }
        public Injection Injection { get; }
        public string Member { get; }
        public ConstructorDeclarationSyntax? Constructor { get; }
    }

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (MakePlan(candidate, model, cancellationToken) is not { } plan)
        {
            return;
        }

        offers.Add(JwtFixKind.UseSecureTokenStore, plan.Injection == Injection.Existing
            ? $"Keep the token in ISecureTokenStore ('{plan.Member}') instead of browser storage"
            : $"Keep the token in an injected ISecureTokenStore instead of browser storage (register it with services.AddSecureTokenStore())");
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var model = session.SemanticModel;
        if (MakePlan(candidate, model, session.CancellationToken) is not { } plan || !session.FirstTime(plan.Write))
        {
            return Task.CompletedTask;
        }

        var editor = session.Editor;
        var store = SyntaxFactory.IdentifierName(plan.Member);
        editor.ReplaceNode(plan.Write, StoreCall(store, RuntimeSyntax.StoreSet, plan.Key, plan.Value).WithTriviaFrom(plan.Write));
        RewriteReadsAndRemoves(session, plan, store);
        if (session.FirstTime(plan.Type))
        {
            Inject(editor, plan);
            if (plan.Injection != Injection.Existing)
            {
                session.AtEnd("register", () => RegisterStoreAsync(session, candidate.Document.Project));
            }
        }

        return Task.CompletedTask;
    }

    private static InvocationExpressionSyntax StoreCall(ExpressionSyntax store, string method, params ExpressionSyntax[] arguments)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, store, SyntaxFactory.IdentifierName(method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))));

    private static Plan? MakePlan(FixCandidate candidate, SemanticModel model, CancellationToken cancellationToken)
    {
        var compilation = model.Compilation;
        if (RuntimeSyntax.Resolve(compilation, RuntimeSyntax.SecureTokenStore) is not { } storeType
            || IsGenerated(candidate.Root)
            || candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || Classify(operation) is not (StorageCall.Write, { } key, { } value)
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
        if (existing is not null)
        {
            return new Plan(invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.Existing, existing.Name, null);
        }

        var component = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.IComponent");
        var inject = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.InjectAttribute");
        if (component is not null && inject is not null && typeSymbol.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, component)))
        {
            return typeSymbol.GetMembers(PropertyName).IsEmpty
                ? new Plan(invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.InjectProperty, PropertyName, null)
                : null;
        }

        if (type.ParameterList is { } primary)
        {
            return primary.Parameters.Count > 0 && !primary.Parameters.Any(p => p.Identifier.ValueText == ParameterName) && typeSymbol.GetMembers(ParameterName).IsEmpty
                ? new Plan(invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.PrimaryConstructor, ParameterName, null)
                : null;
        }

        var constructors = type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        if (constructors.Count == 1 && constructors[0] is { ParameterList.Parameters.Count: > 0, Body: not null, Initializer: null } constructor
            && typeSymbol.DeclaringSyntaxReferences.Length == 1
            && typeSymbol.GetMembers(FieldName).IsEmpty && !constructor.ParameterList.Parameters.Any(p => p.Identifier.ValueText == ParameterName))
        {
            return new Plan(invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, type, Injection.Constructor, FieldName, constructor);
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

    private static SyntaxTrivia EndOfLine(SyntaxNode root)
    {
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed;
    }

    /// <summary>The reads and removes of the same constant key, in the same type.</summary>
    private static void RewriteReadsAndRemoves(FixSession session, Plan plan, ExpressionSyntax store)
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
                || Classify(operation) is not ({ } call and (StorageCall.Read or StorageCall.Remove), { } keyOperation, _)
                || keyOperation.ConstantValue is not { HasValue: true, Value: string readKey } || readKey != key
                || !IsString(keyOperation, model.Compilation))
            {
                continue;
            }

            if (call == StorageCall.Remove && ResultFits(invocation, operation, model.Compilation) && session.FirstTime(invocation))
            {
                session.Editor.ReplaceNode(invocation, StoreCall(store, RuntimeSyntax.StoreRemove, (ExpressionSyntax)keyOperation.Syntax).WithTriviaFrom(invocation));
            }
            else if (call == StorageCall.Read && invocation.Parent is AwaitExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type.IsVar: true } } } }
                     && session.FirstTime(invocation))
            {
                session.Editor.ReplaceNode(invocation, StoreCall(store, RuntimeSyntax.StoreGet, (ExpressionSyntax)keyOperation.Syntax).WithTriviaFrom(invocation));
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

    private enum StorageCall
    {
        None,
        Write,
        Read,
        Remove,
    }

    /// <summary>What a Web Storage call does, with its key and value (JS interop identifiers, Blazored methods).</summary>
    private static (StorageCall Call, IOperation? Key, IOperation? Value) Classify(IInvocationOperation operation)
    {
        var method = operation.TargetMethod;
        var containing = method.ContainingNamespace?.ToDisplayString();
        if (containing is "Blazored.LocalStorage" or "Blazored.SessionStorage")
        {
            var key = Unwrap(operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key" && !a.IsImplicit)?.Value);
            return method.Name switch
            {
                "SetItemAsync" or "SetItemAsStringAsync" => (StorageCall.Write, key, Unwrap(operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "data" && !a.IsImplicit)?.Value)),
                "GetItemAsStringAsync" => (StorageCall.Read, key, null),
                "RemoveItemAsync" => (StorageCall.Remove, key, null),
                _ => (StorageCall.None, null, null),
            };
        }

        if (method.Name is not ("InvokeVoidAsync" or "InvokeAsync")
            || operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "identifier")?.Value.ConstantValue is not { HasValue: true, Value: string identifier }
            || operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "args") is not { ArgumentKind: ArgumentKind.ParamArray } args
            || args.Value is not IArrayCreationOperation { Initializer.ElementValues: var elements }
            || !operation.Arguments.All(a => a.Parameter?.Name is "identifier" or "args" || (method.IsExtensionMethod && a.Parameter?.Ordinal == 0)))
        {
            return (StorageCall.None, null, null);
        }

        var dot = identifier.IndexOf('.');
        var storage = dot < 0 ? string.Empty : identifier.Substring(0, dot);
        if (storage is not ("localStorage" or "sessionStorage" or "window.localStorage" or "window.sessionStorage"))
        {
            return (StorageCall.None, null, null);
        }

        return identifier.Substring(dot + 1) switch
        {
            "setItem" when elements.Length == 2 => (StorageCall.Write, Unwrap(elements[0]), Unwrap(elements[1])),
            "getItem" when elements.Length == 1 => (StorageCall.Read, Unwrap(elements[0]), null),
            "removeItem" when elements.Length == 1 => (StorageCall.Remove, Unwrap(elements[0]), null),
            _ => (StorageCall.None, null, null),
        };
    }

    /// <summary>The store's <c>ValueTask</c> can replace the call: it is awaited as a statement, or its result is a non-generic <c>ValueTask</c>.</summary>
    private static bool ResultFits(InvocationExpressionSyntax invocation, IInvocationOperation operation, Compilation compilation)
        => invocation.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }
           || SymbolEqualityComparer.Default.Equals(operation.Type, compilation.GetBestTypeByMetadataName("System.Threading.Tasks.ValueTask"));

    private static IOperation? Unwrap(IOperation? operation) => operation is IConversionOperation { IsImplicit: true } conversion ? Unwrap(conversion.Operand) : operation;

    private static bool IsString(IOperation operation, Compilation compilation)
        => operation.Type is { } type && compilation.ClassifyConversion(type, compilation.GetSpecialType(SpecialType.System_String)) is { IsImplicit: true, IsUserDefined: false };

    /// <summary>Razor output and other generated files: the fix belongs in the .razor source, not here.</summary>
    private static bool IsGenerated(SyntaxNode root)
        => root.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)
           || root.ContainsDirectives && root.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.LineDirectiveTrivia) || t.IsKind(SyntaxKind.LineSpanDirectiveTrivia));
}
