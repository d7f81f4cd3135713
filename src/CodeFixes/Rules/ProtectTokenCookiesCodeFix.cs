using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT012 fixes for <c>Response.Cookies.Append</c> of a token:
/// <list type="bullet">
/// <item>when JwtAnalyzers.Runtime is referenced: <c>Response.Cookies.AppendToken(name, token, lifetime)</c> (the cookie
/// becomes <c>__Host-name</c>, HttpOnly, Secure, SameSite=Strict; the lifetime is the options' <c>MaxAge</c> or one hour);</item>
/// <item>always: the missing <c>HttpOnly = true</c>, <c>Secure = true</c>, <c>SameSite = SameSiteMode.Strict</c> are added
/// to the inline options, or a new options argument is added.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProtectTokenCookiesCodeFix))]
[Shared]
public sealed class ProtectTokenCookiesCodeFix : CodeFixProvider
{
    public const string RuntimeKey = "JWT012.AppendToken";
    public const string InPlaceKey = "JWT012.InPlace";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ProtectTokenCookies);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue("JwtShape", out var shape) || shape != "Append"
                || !diagnostic.Properties.TryGetValue("JwtOptions", out var options)
                || !diagnostic.Properties.TryGetValue("JwtMissing", out var missingText) || missingText is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || invocation.Expression is not MemberAccessExpressionSyntax access
                || invocation.ArgumentList.Arguments.Count is < 2 or > 3
                || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null))
            {
                continue;
            }

            var missing = missingText.Split(',');
            if (model.Compilation.GetBestTypeByMetadataName("JwtAnalyzers.Runtime.SecureTokenCookies") is not null && options is "None" or "Inline" or "Null")
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Append with SecureTokenCookies.AppendToken (__Host- cookie, HttpOnly, Secure, SameSite=Strict)", ct => AppendTokenAsync(context.Document, invocation, access, ct), RuntimeKey),
                    diagnostic);
            }

            if (options is "None" or "Null" || (options == "Inline" && invocation.ArgumentList.Arguments[2].Expression is BaseObjectCreationExpressionSyntax))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Add " + string.Join(", ", missing.Select(Describe)) + " to the cookie options", ct => CompleteOptionsAsync(context.Document, invocation, missing, ct), InPlaceKey),
                    diagnostic);
            }
        }
    }

    private static string Describe(string property) => property == "SameSite" ? "SameSite = Strict" : property + " = true";

    private static ExpressionSyntax Value(string property) => property == "SameSite"
        ? SyntaxFactory.ParseExpression("global::Microsoft.AspNetCore.Http.SameSiteMode.Strict").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
        : SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    private static async Task<Document> CompleteOptionsAsync(Document document, InvocationExpressionSyntax invocation, string[] missing, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var arguments = invocation.ArgumentList.Arguments;
        SyntaxNode newRoot;
        if (arguments.Count == 2 || arguments[2].Expression is not BaseObjectCreationExpressionSyntax creation)
        {
            var assignments = missing.Select(p => (ExpressionSyntax)SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(p), Value(p)));
            var options = SyntaxFactory.ObjectCreationExpression(RuntimeTypeName("Microsoft.AspNetCore.Http.CookieOptions"))
                .WithArgumentList(null)
                .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(assignments)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var newArguments = arguments.Count == 2
                ? arguments.Add(SyntaxFactory.Argument(options))
                : arguments.Replace(arguments[2], arguments[2].WithExpression(options.WithTriviaFrom(arguments[2].Expression)));
            newRoot = root.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.WithArguments(newArguments));
        }
        else
        {
            var existing = creation.Initializer?.Expressions ?? default;
            var expressions = new List<ExpressionSyntax>();
            if (creation.Initializer is not null)
            {
                foreach (var expression in existing)
                {
                    if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment && missing.Contains(name.Identifier.ValueText))
                    {
                        expressions.Add(assignment.WithRight(Value(name.Identifier.ValueText).WithTriviaFrom(assignment.Right)));
                    }
                    else
                    {
                        expressions.Add(expression);
                    }
                }
            }

            foreach (var property in missing)
            {
                if (!existing.OfType<AssignmentExpressionSyntax>().Any(a => a.Left is IdentifierNameSyntax n && n.Identifier.ValueText == property))
                {
                    expressions.Add(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), Value(property)));
                }
            }

            var initializer = SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(expressions));
            BaseObjectCreationExpressionSyntax updated = creation.Initializer is null
                ? creation.WithInitializer(initializer)
                : creation.WithInitializer(creation.Initializer.WithExpressions(SyntaxFactory.SeparatedList(expressions)));
            if (updated is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } objectCreation)
            {
                updated = objectCreation.WithArgumentList(null).WithType(objectCreation.Type.WithTrailingTrivia(SyntaxFactory.ElasticSpace));
            }

            newRoot = root.ReplaceNode(creation, updated.WithAdditionalAnnotations(Formatter.Annotation));
        }

        return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(newRoot), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static TypeSyntax RuntimeTypeName(string fullName)
        => SyntaxFactory.ParseTypeName("global::" + fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private static async Task<Document> AppendTokenAsync(Document document, InvocationExpressionSyntax invocation, MemberAccessExpressionSyntax access, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var arguments = invocation.ArgumentList.Arguments;
        ExpressionSyntax? lifetime = null;
        if (arguments.Count == 3 && arguments[2].Expression is BaseObjectCreationExpressionSyntax { Initializer: { } initializer })
        {
            lifetime = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
                .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "MaxAge" } && a.Right is not LiteralExpressionSyntax)?.Right;
        }

        lifetime ??= SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.ParseExpression("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.IdentifierName("FromHours")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1))))));
        var call = invocation
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName("AppendToken")))
            .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(new[]
            {
                arguments[0],
                arguments[1],
                SyntaxFactory.Argument(lifetime.WithoutTrivia()),
            })))
            .WithAdditionalAnnotations(Formatter.Annotation);
        var newRoot = root.ReplaceNode(invocation, call);
        return document.WithSyntaxRoot(RuntimeSyntax.EnsureUsing(newRoot, RuntimeSyntax.RuntimeNamespace));
    }
}
