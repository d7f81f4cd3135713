using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// Fixes for JWT010: shorten the lifetime to the maximum in place (<c>JWT010.ClampLifetime</c>), add the missing
/// expiry (<c>JWT010.AddExpiry</c>), and, when JwtAnalyzers.Runtime is referenced, issue the token with
/// <c>SafeTokenIssuer.CreateToken(descriptor, credentials, lifetime)</c> (<c>JWT010.UseSafeTokenIssuer</c>). Each
/// repair is one node replaced: <see cref="PlanAsync"/> builds it from the syntax and the existing semantic model, for
/// the offer and again for the edit.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepTokenLifetimesShortCodeFix))]
[Shared]
public sealed class KeepTokenLifetimesShortCodeFix : JwtCodeFixProvider
{
    private const string SafeTokenIssuerType = "JwtAnalyzers.Runtime.SafeTokenIssuer";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.KeepTokenLifetimesShort);

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (Maximum(candidate) is not { } maximum)
        {
            return;
        }

        var (unit, amount) = Unit(maximum);
        switch (candidate.Kind)
        {
            case JwtFixKind.ClampLifetime:
                if (await PlanAsync(candidate, JwtFixKind.ClampLifetime, cancellationToken).ConfigureAwait(false) is null)
                {
                    return;
                }

                offers.Add(JwtFixKind.ClampLifetime, $"Shorten the token lifetime to {amount} {unit.ToLowerInvariant()}");
                if (await PlanAsync(candidate, JwtFixKind.UseSafeTokenIssuer, cancellationToken).ConfigureAwait(false) is not null)
                {
                    offers.Add(JwtFixKind.UseSafeTokenIssuer, "Issue the token with SafeTokenIssuer.CreateToken");
                }

                break;

            case JwtFixKind.AddExpiry when await PlanAsync(candidate, JwtFixKind.AddExpiry, cancellationToken).ConfigureAwait(false) is not null:
                offers.Add(JwtFixKind.AddExpiry, $"Add an expiry of {amount} {unit.ToLowerInvariant()}");
                break;
        }
    }

    internal override async Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        if (await PlanAsync(candidate, kind, session.CancellationToken).ConfigureAwait(false) is { } plan)
        {
            session.Editor.ReplaceNode(plan.Original, plan.Replacement);
        }
    }

    /// <summary>The configured maximum the analyzer put in the diagnostic, when positive.</summary>
    private static TimeSpan? Maximum(FixCandidate candidate)
        => long.TryParse(candidate.Property(DiagnosticPropertyKeys.MaximumSeconds), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>The node <paramref name="kind"/> replaces and its replacement, or null when the repair does not apply.</summary>
    private static async Task<(SyntaxNode Original, SyntaxNode Replacement)?> PlanAsync(FixCandidate candidate, JwtFixKind kind, CancellationToken cancellationToken)
    {
        if (Maximum(candidate) is not { } maximum)
        {
            return null;
        }

        switch (kind)
        {
            case JwtFixKind.ClampLifetime when candidate.Kind == JwtFixKind.ClampLifetime:
                return Clamp(candidate, maximum);
            case JwtFixKind.UseSafeTokenIssuer when candidate.Kind == JwtFixKind.ClampLifetime
                && candidate.Property(DiagnosticPropertyKeys.LifetimeShape) is "Instant" or "TimeSpan"
                && Clamp(candidate, maximum) is not null:
                return await SafeTokenIssuerAsync(candidate, maximum, cancellationToken).ConfigureAwait(false);
            case JwtFixKind.AddExpiry when candidate.Kind == JwtFixKind.AddExpiry:
                return await AddExpiryAsync(candidate, maximum, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    private static (SyntaxNode Original, SyntaxNode Replacement)? Clamp(FixCandidate candidate, TimeSpan maximum)
    {
        if (candidate.Property(DiagnosticPropertyKeys.LifetimeShape) is not { } shape
            || candidate.Diagnostic.AdditionalLocations.Count == 0
            || candidate.AdditionalNode(0) is not { } target)
        {
            return null;
        }

        if (target is ArgumentSyntax argument)
        {
            target = argument.Expression;
        }

        if (target is not ExpressionSyntax expression)
        {
            return null;
        }

        var now = candidate.Property(DiagnosticPropertyKeys.NowExpression);
        var (unit, amount) = Unit(maximum);
        ExpressionSyntax? replacement = shape switch
        {
            "Instant" => SyntaxFactory.ParseExpression($"{now ?? "DateTime.UtcNow"}.Add{unit}({amount})"),
            "TimeSpan" => Simplified($"global::System.TimeSpan.From{unit}({amount})"),
            "Minutes" => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)Math.Max(1, Math.Floor(maximum.TotalMinutes)))),
            _ => null,
        };
        return replacement is null || replacement.ContainsDiagnostics ? null : (expression, replacement.WithTriviaFrom(expression));
    }

    /// <summary>
    /// <c>handler.CreateToken(new SecurityTokenDescriptor { ..., Expires = ..., SigningCredentials = c })</c> (a
    /// <c>JsonWebTokenHandler.CreateToken</c> or <c>JwtSecurityTokenHandler.CreateEncodedJwt</c> returning a string)
    /// becomes <c>SafeTokenIssuer.CreateToken(new SecurityTokenDescriptor { ... }, c, TimeSpan.FromMinutes(n))</c>.
    /// </summary>
    private static async Task<(SyntaxNode Original, SyntaxNode Replacement)?> SafeTokenIssuerAsync(FixCandidate candidate, TimeSpan maximum, CancellationToken cancellationToken)
    {
        var expires = candidate.Node.FirstAncestorOrSelf<AssignmentExpressionSyntax>(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "Expires" });
        if (expires?.Parent is not InitializerExpressionSyntax initializer
            || initializer.Parent is not BaseObjectCreationExpressionSyntax creation
            || creation.Parent is not ArgumentSyntax creationArgument
            || creationArgument.Parent is not ArgumentListSyntax { Arguments.Count: 1 }
            || creationArgument.Parent.Parent is not InvocationExpressionSyntax invocation)
        {
            return null;
        }

        var credentials = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "SigningCredentials" });
        if (credentials is null)
        {
            return null;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model.Compilation.GetBestTypeByMetadataName(SafeTokenIssuerType) is null
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation
            || operation.Type?.SpecialType != SpecialType.System_String
            || !IsDescriptorIssuing(operation.TargetMethod, model.Compilation)
            || model.GetOperation(expires, cancellationToken) is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } expiresProperty } }
            || !InheritsFrom(expiresProperty.ContainingType, model.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor")))
        {
            return null;
        }

        return (invocation, RewriteToSafeTokenIssuer(invocation, creation, initializer, expires, credentials, maximum));
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
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Simplified("global::" + SafeTokenIssuerType), SyntaxFactory.IdentifierName("CreateToken")),
                SyntaxFactory.ArgumentList(arguments))
            .WithTriviaFrom(invocation);
    }

    private static async Task<(SyntaxNode Original, SyntaxNode Replacement)?> AddExpiryAsync(FixCandidate candidate, TimeSpan maximum, CancellationToken cancellationToken)
    {
        var (unit, amount) = Unit(maximum);
        switch (candidate.Node)
        {
            case BaseObjectCreationExpressionSyntax { Initializer: null } creation when creation.ArgumentList is { } arguments:
                var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation operation
                    || operation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "expires") is not { } expires)
                {
                    return null;
                }

                var value = Simplified($"global::System.DateTime.UtcNow.Add{unit}({amount})");
                if (expires.ArgumentKind == ArgumentKind.Explicit && expires.Syntax is ArgumentSyntax explicitArgument)
                {
                    return (explicitArgument.Expression, value.WithTriviaFrom(explicitArgument.Expression));
                }

                var named = SyntaxFactory.Argument(SyntaxFactory.NameColon("expires"), default, value).WithLeadingTrivia(SyntaxFactory.Space);
                var list = arguments.Arguments.GetWithSeparators().ToList();
                list.Add(SyntaxFactory.Token(SyntaxKind.CommaToken));
                list.Add(named);
                return (arguments, arguments.WithArguments(SyntaxFactory.SeparatedList<ArgumentSyntax>(list)));

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
                return (access.Expression, addClaim);

            case ObjectCreationExpressionSyntax { Initializer: { } dictionary } when dictionary.IsKind(SyntaxKind.ObjectInitializerExpression) || dictionary.IsKind(SyntaxKind.CollectionInitializerExpression):
                var element = dictionary.IsKind(SyntaxKind.ObjectInitializerExpression)
                    ? (ExpressionSyntax)SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.ImplicitElementAccess(SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("exp")))))),
                        UnixExpiry(unit, amount))
                    : SyntaxFactory.ParseExpression("{ \"exp\", " + UnixExpiry(unit, amount).ToFullString() + " }");
                return (dictionary, Append(dictionary, element.NormalizeWhitespace()));

            case AnonymousObjectCreationExpressionSyntax anonymous:
                var member = SyntaxFactory.AnonymousObjectMemberDeclarator(SyntaxFactory.NameEquals("exp"), UnixExpiry(unit, amount)).NormalizeWhitespace();
                var members = anonymous.Initializers.GetWithSeparators().ToList();
                AppendElement(members, member);
                return (anonymous, anonymous.WithInitializers(SyntaxFactory.SeparatedList<AnonymousObjectMemberDeclaratorSyntax>(members)));

            default:
                return null;
        }
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
