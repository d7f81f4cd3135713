using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT011 fix (only when JwtAnalyzers.Runtime is referenced): an awaited Web Storage write
/// (<c>await JS.InvokeVoidAsync("localStorage.setItem", key, token)</c>, Blazored <c>SetItemAsync</c> /
/// <c>SetItemAsStringAsync</c>) becomes <c>await TokenStore.SetAsync(key, token)</c>. The store is a member of type
/// <c>ISecureTokenStore</c> that the class already has, or, in a Blazor component, a new
/// <c>[Inject] ISecureTokenStore TokenStore</c> property. Not offered in generated code (edit the .razor file), for
/// synchronous calls, or when the value is not a string.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotStoreTokensInBrowserStorageCodeFix))]
[Shared]
public sealed class DoNotStoreTokensInBrowserStorageCodeFix : CodeFixProvider
{
    public const string TokenStoreKey = "JWT011.TokenStore";
    private const string StoreTypeName = "JwtAnalyzers.Runtime.ISecureTokenStore";
    private const string DefaultMemberName = "TokenStore";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotStoreTokensInBrowserStorage);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.Compilation.GetBestTypeByMetadataName(StoreTypeName) is not { } storeType)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || invocation.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }
                || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation
                || GetKeyAndValue(operation) is not ({ } key, { } value)
                || invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax classDeclaration
                || model.GetDeclaredSymbol(classDeclaration, context.CancellationToken) is not { } classSymbol
                || invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>() is BaseMethodDeclarationSyntax { Modifiers: var modifiers } && modifiers.Any(SyntaxKind.StaticKeyword)
                || IsGenerated(invocation.SyntaxTree, context.CancellationToken))
            {
                continue;
            }

            var stringType = model.Compilation.GetSpecialType(SpecialType.System_String);
            if (!IsString(key, stringType, model) || !IsString(value, stringType, model))
            {
                continue;
            }

            var existing = classSymbol.GetMembers().FirstOrDefault(m =>
                (m is IFieldSymbol f && SymbolEqualityComparer.Default.Equals(f.Type, storeType))
                || (m is IPropertySymbol p && SymbolEqualityComparer.Default.Equals(p.Type, storeType)));
            var component = model.Compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.IComponent");
            var isComponent = component is not null && classSymbol.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, component));
            if (existing is null && (!isComponent || classSymbol.GetMembers(DefaultMemberName).Any()))
            {
                continue;
            }

            var memberName = existing?.Name ?? DefaultMemberName;
            context.RegisterCodeFix(
                CodeAction.Create($"Keep the token in ISecureTokenStore ('{memberName}') instead of browser storage",
                    ct => RewriteAsync(context.Document, invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, memberName, existing is null ? classDeclaration : null, ct),
                    TokenStoreKey),
                diagnostic);
        }
    }

    private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation { IsImplicit: true } conversion ? Unwrap(conversion.Operand) : operation;

    private static bool IsString(IOperation operation, ITypeSymbol stringType, SemanticModel model)
        => operation.Type is { } type && model.Compilation.ClassifyConversion(type, stringType) is { IsImplicit: true, IsUserDefined: false };

    private static bool IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
        => tree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)
           || tree.GetRoot(cancellationToken).DescendantTrivia().Any(t => t.IsKind(SyntaxKind.LineDirectiveTrivia) || t.IsKind(SyntaxKind.LineSpanDirectiveTrivia));

    /// <summary>The key and value of a two-argument Web Storage write; (null, null) for any other shape.</summary>
    private static (IOperation? Key, IOperation? Value) GetKeyAndValue(IInvocationOperation operation)
    {
        var method = operation.TargetMethod;
        if (method.Name is "SetItemAsync" or "SetItemAsStringAsync")
        {
            var key = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
            var data = operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "data");
            return key is { IsImplicit: false } && data is { IsImplicit: false } ? (Unwrap(key.Value), Unwrap(data.Value)) : (null, null);
        }

        if (method.Name is "InvokeVoidAsync" or "InvokeAsync"
            && operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "args") is { ArgumentKind: ArgumentKind.ParamArray } args
            && args.Value is IArrayCreationOperation { Initializer.ElementValues: { Length: 2 } elements }
            && operation.Arguments.All(a => a.Parameter?.Name is "identifier" or "args" or "jsRuntime" or "jsObjectReference" || a.Parameter?.IsThis == true || a.Parameter?.Ordinal == 0 && method.IsExtensionMethod))
        {
            return (Unwrap(elements[0]), Unwrap(elements[1]));
        }

        return (null, null);
    }

    private static async Task<Document> RewriteAsync(Document document, InvocationExpressionSyntax invocation, ExpressionSyntax key, ExpressionSyntax value, string memberName, ClassDeclarationSyntax? addInjectTo, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(memberName), SyntaxFactory.IdentifierName("SetAsync")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(key.WithoutTrivia()), SyntaxFactory.Argument(value.WithoutTrivia()) })))
            .WithTriviaFrom(invocation)
            .WithAdditionalAnnotations(Formatter.Annotation);

        if (addInjectTo is null)
        {
            return document.WithSyntaxRoot(root.ReplaceNode(invocation, call));
        }

        var tracked = root.TrackNodes(invocation, addInjectTo);
        tracked = tracked.ReplaceNode(tracked.GetCurrentNode(invocation)!, call);
        var classNode = tracked.GetCurrentNode(addInjectTo)!;
        var property = (PropertyDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
            $"[global::Microsoft.AspNetCore.Components.Inject] private global::{StoreTypeName} {memberName} {{ get; set; }} = default!;")!;
        property = property.WithAttributeLists(SyntaxFactory.SingletonList(property.AttributeLists[0].WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)))
            .WithType(property.Type.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
            .WithAdditionalAnnotations(Formatter.Annotation);
        tracked = tracked.ReplaceNode(classNode, classNode.WithMembers(classNode.Members.Insert(0, property)));
        return document.WithSyntaxRoot(tracked);
    }
}
