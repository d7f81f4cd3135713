using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// Fixes for JWT010 (self-contained): shorten the lifetime to the maximum in place (<c>JWT010.ClampLifetime</c>),
/// add the missing expiry (<c>JWT010.AddExpiry</c>), and, when JwtAnalyzers.Runtime is referenced, issue the token
/// with <c>SafeTokenIssuer.CreateToken(descriptor, credentials, lifetime)</c> (<c>JWT010.UseSafeTokenIssuer</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepTokenLifetimesShortCodeFix))]
[Shared]
public sealed class KeepTokenLifetimesShortCodeFix : CodeFixProvider
{
    public const string ClampKey = "JWT010.ClampLifetime";
    public const string AddExpiryKey = "JWT010.AddExpiry";
    public const string SafeTokenIssuerKey = "JWT010.UseSafeTokenIssuer";

    private const string SafeTokenIssuerType = "JwtAnalyzers.Runtime.SafeTokenIssuer";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.KeepTokenLifetimesShort);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var kind)
                || !diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.MaximumSeconds, out var secondsText)
                || !long.TryParse(secondsText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                || seconds <= 0)
            {
                continue;
            }

            var maximum = TimeSpan.FromSeconds(seconds);
            if (kind == DiagnosticPropertyKeys.FixKindClampLifetime)
            {
                await RegisterClampAsync(context, root, diagnostic, maximum).ConfigureAwait(false);
            }
            else if (kind == DiagnosticPropertyKeys.FixKindAddExpiry)
            {
                await RegisterAddExpiryAsync(context, root, diagnostic, maximum).ConfigureAwait(false);
            }
        }
    }

    private static async Task RegisterClampAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, TimeSpan maximum)
    {
        if (diagnostic.AdditionalLocations.Count == 0
            || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree
            || !diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.LifetimeShape, out var shape))
        {
            return;
        }

        var target = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        if (target is ArgumentSyntax argument)
        {
            target = argument.Expression;
        }

        if (target is not ExpressionSyntax expression)
        {
            return;
        }

        diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.NowExpression, out var now);
        var (unit, amount) = Unit(maximum);
        ExpressionSyntax? replacement = shape switch
        {
            "Instant" => SyntaxFactory.ParseExpression($"{now ?? "DateTime.UtcNow"}.Add{unit}({amount})"),
            "TimeSpan" => Simplified($"global::System.TimeSpan.From{unit}({amount})"),
            "Minutes" => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)Math.Max(1, Math.Floor(maximum.TotalMinutes)))),
            _ => null,
        };
        if (replacement is null || replacement.ContainsDiagnostics)
        {
            return;
        }

        var document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Shorten the token lifetime to {amount} {unit.ToLowerInvariant()}",
                ct => FinishAsync(document.WithSyntaxRoot(root.ReplaceNode(expression, replacement.WithTriviaFrom(expression))), ct),
                ClampKey),
            diagnostic);

        if (shape == "Instant" || shape == "TimeSpan")
        {
            await RegisterSafeTokenIssuerAsync(context, root, diagnostic, maximum).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>handler.CreateToken(new SecurityTokenDescriptor { ..., Expires = ..., SigningCredentials = c })</c> (a
    /// <c>JsonWebTokenHandler.CreateToken</c> or <c>JwtSecurityTokenHandler.CreateEncodedJwt</c> returning a string)
    /// becomes <c>SafeTokenIssuer.CreateToken(new SecurityTokenDescriptor { ... }, c, TimeSpan.FromMinutes(n))</c>.
    /// </summary>
    private static async Task RegisterSafeTokenIssuerAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, TimeSpan maximum)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var expires = node.FirstAncestorOrSelf<AssignmentExpressionSyntax>(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "Expires" });
        if (expires?.Parent is not InitializerExpressionSyntax initializer
            || initializer.Parent is not BaseObjectCreationExpressionSyntax creation
            || creation.Parent is not ArgumentSyntax creationArgument
            || creationArgument.Parent is not ArgumentListSyntax { Arguments.Count: 1 }
            || creationArgument.Parent.Parent is not InvocationExpressionSyntax invocation)
        {
            return;
        }

        var credentials = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "SigningCredentials" });
        if (credentials is null)
        {
            return;
        }

        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model is null
            || model.Compilation.GetBestTypeByMetadataName(SafeTokenIssuerType) is null
            || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation
            || operation.Type?.SpecialType != SpecialType.System_String
            || !IsDescriptorIssuing(operation.TargetMethod, model.Compilation)
            || model.GetOperation(expires, context.CancellationToken) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } expiresProperty } }
            || !InheritsFrom(expiresProperty.ContainingType, model.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor")))
        {
            return;
        }

        var document = context.Document;
        context.RegisterCodeFix(
            CodeAction.Create(
                "Issue the token with SafeTokenIssuer.CreateToken",
                ct => FinishAsync(document.WithSyntaxRoot(RewriteToSafeTokenIssuer(root, invocation, creation, initializer, expires, credentials, maximum)), ct),
                SafeTokenIssuerKey),
            diagnostic);
    }

    private static bool IsDescriptorIssuing(IMethodSymbol method, Compilation compilation)
    {
        var jsonWebTokenHandler = compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler");
        var jwtSecurityTokenHandler = compilation.GetBestTypeByMetadataName("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler");
        return (method.Name == "CreateToken" && InheritsFrom(method.ContainingType, jsonWebTokenHandler))
            || (method.Name == "CreateEncodedJwt" && InheritsFrom(method.ContainingType, jwtSecurityTokenHandler));
    }

    private static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        for (; type is not null && expected is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected))
            {
                return true;
            }
        }

        return false;
    }

    private static SyntaxNode RewriteToSafeTokenIssuer(
        SyntaxNode root,
        InvocationExpressionSyntax invocation,
        BaseObjectCreationExpressionSyntax creation,
        InitializerExpressionSyntax initializer,
        AssignmentExpressionSyntax expires,
        AssignmentExpressionSyntax credentials,
        TimeSpan maximum)
    {
        var kept = new List<SyntaxNodeOrToken>();
        var items = initializer.Expressions.GetWithSeparators();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].IsNode && (items[i].AsNode() == expires || items[i].AsNode() == credentials))
            {
                // Drop the element and the separator that follows it.
                if (i + 1 < items.Count && items[i + 1].IsToken)
                {
                    i++;
                }

                continue;
            }

            kept.Add(items[i]);
        }

        var newInitializer = initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(kept));
        var newCreation = creation.ReplaceNode(initializer, newInitializer).WithoutTrivia();
        var (unit, amount) = Unit(maximum);
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        var arguments = SyntaxFactory.SeparatedList(
            new[]
            {
                SyntaxFactory.Argument(newCreation),
                SyntaxFactory.Argument(credentials.Right.WithoutTrivia()),
                SyntaxFactory.Argument(Simplified($"global::System.TimeSpan.From{unit}({amount})")),
            },
            new[] { comma, comma });
        var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Simplified("global::" + SafeTokenIssuerType), SyntaxFactory.IdentifierName("CreateToken")),
                SyntaxFactory.ArgumentList(arguments))
            .WithTriviaFrom(invocation);
        return root.ReplaceNode(invocation, call);
    }

    private static async Task RegisterAddExpiryAsync(CodeFixContext context, SyntaxNode root, Diagnostic diagnostic, TimeSpan maximum)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var (unit, amount) = Unit(maximum);
        var document = context.Document;
        SyntaxNode? newRoot = null;
        switch (node)
        {
            case BaseObjectCreationExpressionSyntax { Initializer: null } creation when creation.ArgumentList is { } arguments:
                var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
                if (model?.GetOperation(creation, context.CancellationToken) is not IObjectCreationOperation operation
                    || operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "expires") is not { } expires)
                {
                    return;
                }

                var value = Simplified($"global::System.DateTime.UtcNow.Add{unit}({amount})");
                if (expires.ArgumentKind == ArgumentKind.Explicit && expires.Syntax is ArgumentSyntax explicitArgument)
                {
                    newRoot = root.ReplaceNode(explicitArgument.Expression, value.WithTriviaFrom(explicitArgument.Expression));
                }
                else
                {
                    var named = SyntaxFactory.Argument(SyntaxFactory.NameColon("expires"), default, value).WithLeadingTrivia(SyntaxFactory.Space);
                    var list = arguments.Arguments.GetWithSeparators().ToList();
                    list.Add(SyntaxFactory.Token(SyntaxKind.CommaToken));
                    list.Add(named);
                    newRoot = root.ReplaceNode(arguments, arguments.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(list)));
                }

                break;

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Encode" } access }:
                var addClaim = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression, SyntaxFactory.IdentifierName("AddClaim")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                        new[]
                        {
                            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("exp"))),
                            SyntaxFactory.Argument(UnixExpiry(unit, amount)),
                        },
                        new[] { SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space) })));
                newRoot = root.ReplaceNode(access.Expression, addClaim);
                break;

            case ObjectCreationExpressionSyntax { Initializer: { } dictionary } when dictionary.IsKind(SyntaxKind.ObjectInitializerExpression) || dictionary.IsKind(SyntaxKind.CollectionInitializerExpression):
                var element = dictionary.IsKind(SyntaxKind.ObjectInitializerExpression)
                    ? (ExpressionSyntax)SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.ImplicitElementAccess(SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("exp")))))),
                        UnixExpiry(unit, amount))
                    : SyntaxFactory.ParseExpression("{ \"exp\", " + UnixExpiry(unit, amount).ToFullString() + " }");
                newRoot = root.ReplaceNode(dictionary, Append(dictionary, element.NormalizeWhitespace()));
                break;

            case AnonymousObjectCreationExpressionSyntax anonymous:
                var member = SyntaxFactory.AnonymousObjectMemberDeclarator(SyntaxFactory.NameEquals("exp"), UnixExpiry(unit, amount)).NormalizeWhitespace();
                var members = anonymous.Initializers.GetWithSeparators().ToList();
                AppendElement(members, member);
                newRoot = root.ReplaceNode(anonymous, anonymous.WithInitializers(SyntaxFactory.SeparatedList<AnonymousObjectMemberDeclaratorSyntax>(members)));
                break;
        }

        if (newRoot is null)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create($"Add an expiry of {amount} {unit.ToLowerInvariant()}", ct => FinishAsync(document.WithSyntaxRoot(newRoot), ct), AddExpiryKey),
            diagnostic);
    }

    /// <summary>Adds the <c>using</c>s the new code needs and simplifies its <c>global::</c> names.</summary>
    private static async Task<Document> FinishAsync(Document document, CancellationToken cancellationToken)
    {
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static InitializerExpressionSyntax Append(InitializerExpressionSyntax initializer, ExpressionSyntax element)
    {
        var items = initializer.Expressions.GetWithSeparators().ToList();
        AppendElement(items, element);
        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(items));
    }

    /// <summary>Appends an element after the last one, moving the last element's trailing trivia to the new one.</summary>
    private static void AppendElement(List<SyntaxNodeOrToken> items, SyntaxNode element)
    {
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);
        if (items.Count == 0)
        {
            items.Add(element.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space));
            return;
        }

        var last = items[items.Count - 1];
        if (last.IsToken)
        {
            // A trailing comma: keep the layout of the list (one element per line).
            var previous = items.Count >= 2 && items[items.Count - 2].IsNode ? items[items.Count - 2].AsNode()! : null;
            items.Add(element.WithLeadingTrivia(previous?.GetLeadingTrivia() ?? default));
            items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(last.GetTrailingTrivia()));
            return;
        }

        var lastNode = last.AsNode()!;
        items[items.Count - 1] = lastNode.WithoutTrailingTrivia();
        items.Add(comma);
        items.Add(element.WithTrailingTrivia(lastNode.GetTrailingTrivia()));
    }

    private static ExpressionSyntax UnixExpiry(string unit, long amount)
        => Simplified($"global::System.DateTimeOffset.UtcNow.Add{unit}({amount}).ToUnixTimeSeconds()");

    private static ExpressionSyntax Simplified(string text)
        => SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The maximum in the unit a reader expects: whole days from one day, else minutes, else seconds.</summary>
    private static (string Unit, long Amount) Unit(TimeSpan maximum)
    {
        if (maximum >= TimeSpan.FromDays(1) && maximum.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return ("Days", (long)maximum.TotalDays);
        }

        return maximum.Ticks % TimeSpan.TicksPerMinute == 0 ? ("Minutes", (long)maximum.TotalMinutes) : ("Seconds", (long)maximum.TotalSeconds);
    }
}
