using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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
/// synchronous calls, or when the key or value is not a string. Fix All adds the property once per class.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotStoreTokensInBrowserStorageCodeFix))]
[Shared]
public sealed class DoNotStoreTokensInBrowserStorageCodeFix : CodeFixProvider
{
    public const string TokenStoreKey = "JWT011.TokenStore";
    private const string StoreTypeName = "JwtAnalyzers.Runtime.ISecureTokenStore";
    private const string DefaultMemberName = "TokenStore";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotStoreTokensInBrowserStorage);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var plans = await PlanAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (plans.Count == 1)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Keep the token in ISecureTokenStore ('{plans[0].MemberName}') instead of browser storage",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        TokenStoreKey),
                    diagnostic);
            }
        }
    }

    private sealed class Plan
    {
        public Plan(InvocationExpressionSyntax invocation, ExpressionSyntax key, ExpressionSyntax value, string memberName, ClassDeclarationSyntax? addInjectTo)
        {
            Invocation = invocation;
            Key = key;
            Value = value;
            MemberName = memberName;
            AddInjectTo = addInjectTo;
        }

        public InvocationExpressionSyntax Invocation { get; }
        public ExpressionSyntax Key { get; }
        public ExpressionSyntax Value { get; }
        public string MemberName { get; }
        public ClassDeclarationSyntax? AddInjectTo { get; }
    }

    private static async Task<List<Plan>> PlanAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = new List<Plan>();
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.Compilation.GetBestTypeByMetadataName(StoreTypeName) is not { } storeType
            || IsGenerated(root))
        {
            return plans;
        }

        var stringType = model.Compilation.GetSpecialType(SpecialType.System_String);
        var component = model.Compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Components.IComponent");
        foreach (var diagnostic in diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || invocation.Parent is not AwaitExpressionSyntax { Parent: ExpressionStatementSyntax }
                || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
                || GetKeyAndValue(operation) is not ({ } key, { } value)
                || !IsString(key, stringType, model) || !IsString(value, stringType, model)
                || invocation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax classDeclaration
                || model.GetDeclaredSymbol(classDeclaration, cancellationToken) is not { } classSymbol
                || model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken) is not { IsStatic: false })
            {
                continue;
            }

            var existing = classSymbol.GetMembers().FirstOrDefault(m => !m.IsImplicitlyDeclared && m.CanBeReferencedByName
                && ((m is IFieldSymbol f && SymbolEqualityComparer.Default.Equals(f.Type, storeType))
                    || (m is IPropertySymbol p && SymbolEqualityComparer.Default.Equals(p.Type, storeType))));
            var isComponent = component is not null && classSymbol.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, component));
            if (existing is null && (!isComponent || !classSymbol.GetMembers(DefaultMemberName).IsEmpty || classDeclaration.Modifiers.Any(SyntaxKind.StaticKeyword)))
            {
                continue;
            }

            plans.Add(new Plan(invocation, (ExpressionSyntax)key.Syntax, (ExpressionSyntax)value.Syntax, existing?.Name ?? DefaultMemberName, existing is null ? classDeclaration : null));
        }

        return plans;
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var plans = await PlanAsync(document, diagnostics, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (plans.Count == 0 || root is null)
        {
            return document;
        }

        var classes = plans.Where(p => p.AddInjectTo is not null).Select(p => p.AddInjectTo!).Distinct().ToList();
        var tracked = root.TrackNodes(plans.Select(p => (SyntaxNode)p.Invocation).Concat(classes));
        foreach (var plan in plans)
        {
            var call = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(plan.MemberName), SyntaxFactory.IdentifierName("SetAsync")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(plan.Key.WithoutTrivia()), SyntaxFactory.Argument(plan.Value.WithoutTrivia()) })))
                .WithTriviaFrom(plan.Invocation);
            tracked = tracked.ReplaceNode(tracked.GetCurrentNode(plan.Invocation)!, call);
        }

        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            endOfLine = SyntaxFactory.ElasticCarriageReturnLineFeed;
        }

        foreach (var classDeclaration in classes)
        {
            var current = tracked.GetCurrentNode(classDeclaration)!;
            var property = (PropertyDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                $"[global::Microsoft.AspNetCore.Components.Inject] private global::{StoreTypeName} {DefaultMemberName} {{ get; set; }} = default!;")!;
            property = property
                .WithAttributeLists(SyntaxFactory.SingletonList(property.AttributeLists[0].WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)))
                .WithType(property.Type.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithTrailingTrivia(endOfLine)
                .WithAdditionalAnnotations(Formatter.Annotation);
            tracked = tracked.ReplaceNode(current, current.WithMembers(current.Members.Insert(0, property)));
        }

        return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(tracked), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation { IsImplicit: true } conversion ? Unwrap(conversion.Operand) : operation;

    private static bool IsString(IOperation operation, ITypeSymbol stringType, SemanticModel model)
        => operation.Type is { } type && model.Compilation.ClassifyConversion(type, stringType) is { IsImplicit: true, IsUserDefined: false };

    /// <summary>Razor output and other generated files: the fix belongs in the .razor source, not here.</summary>
    private static bool IsGenerated(SyntaxNode root)
        => root.SyntaxTree.FilePath.EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)
           || root.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.LineDirectiveTrivia) || t.IsKind(SyntaxKind.LineSpanDirectiveTrivia));

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
            && operation.Arguments.All(a => a.Parameter?.Name is "identifier" or "args" || (method.IsExtensionMethod && a.Parameter?.Ordinal == 0)))
        {
            return (Unwrap(elements[0]), Unwrap(elements[1]));
        }

        return (null, null);
    }
}
