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
using Microsoft.CodeAnalysis.Formatting;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT012 fixes:
/// <list type="bullet">
/// <item><c>JWT012.HardenCookieOptions</c> (the default, always offered, no runtime): the missing <c>HttpOnly = true</c>,
/// <c>Secure = true</c>, <c>SameSite = SameSiteMode.Strict</c> are set on the options, wherever they are created in view
/// (inline, a local, a helper method of the same document; for options read from a parameter or a private field, every
/// <c>new CookieOptions { ... }</c> that reaches them, in any document, as the analyzer found them) or a new options
/// argument is added. The cookie keeps its name and lifetime, so the code that reads it keeps working.</item>
/// <item><c>JWT012.RenameToHostCookie</c> (runtime referenced, cookie name a constant): <c>AppendToken(name, token, lifetime)</c>
/// writes a <c>__Host-</c> cookie with the lifetime of the options (<c>MaxAge</c>, or <c>Expires = UtcNow.AddX(n)</c>;
/// one hour when there is none, and the title says so); the readers of the cookie in the project
/// (<c>Request.Cookies["name"]</c>) become <c>Request.Cookies.ReadToken("name")</c> and <c>Delete("name")</c> becomes
/// <c>DeleteToken("name")</c>. The title says it renames the cookie.</item>
/// <item><c>JWT012.RemoveQueryStringToken</c> (no runtime): a token taken from the query string in
/// <c>OnMessageReceived</c> outside a hub path guard is no longer taken (a hub-guarded read elsewhere stays).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProtectTokenCookiesCodeFix))]
[Shared]
public sealed class ProtectTokenCookiesCodeFix : JwtCodeFixProvider
{
    public const string InPlaceKey = "JWT012.HardenCookieOptions";
    public const string RuntimeKey = "JWT012.RenameToHostCookie";

    private const string ShapeProperty = "JwtShape";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ProtectTokenCookies);

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        var shape = candidate.Property(ShapeProperty);
        if (shape == "QueryString")
        {
            if (QueryTokenStatement(candidate.Node) is not null)
            {
                offers.Add(JwtFixKind.RemoveQueryStringToken, "Stop accepting the token from the query string here (keep it for SignalR hub paths only)");
            }

            return;
        }

        if (shape != "Append" || Append(candidate.Node) is not { } invocation || Missing(candidate) is not { Length: > 0 } missing)
        {
            return;
        }

        var model = await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (OptionsTarget(invocation, model, cancellationToken) is { } target)
        {
            offers.Add(JwtFixKind.HardenCookieOptions, "Add " + string.Join(", ", missing.Select(Describe)) + " to the cookie options (keeps the name and lifetime)");
        }
        else if (SourceCreations(candidate) is { Count: > 0 } creations)
        {
            offers.Add(JwtFixKind.HardenCookieOptions, "Add " + string.Join(", ", missing.Select(Describe)) + (creations.Count == 1
                ? " where the cookie options are created (keeps the name and lifetime)"
                : $" to the {creations.Count} creations of the cookie options that reach this call (keeps the name and lifetime)"));
        }

        if (invocation.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } name
            && RuntimeSyntax.Resolve(model.Compilation, RuntimeSyntax.SecureTokenCookies, RuntimeSyntax.AppendToken) is not null
            && candidate.Property("JwtOptions") is "None" or "Inline" or "Null")
        {
            var lifetime = Lifetime(invocation, model, cancellationToken) is null ? " with a 1-hour lifetime" : string.Empty;
            offers.Add(JwtFixKind.RenameToHostCookie,
                $"Rename the cookie to '__Host-{name.Token.ValueText}'{lifetime} with SecureTokenCookies.AppendToken, and rewrite its readers in the project");
        }
    }

    internal override async Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        switch (kind)
        {
            case JwtFixKind.RemoveQueryStringToken when QueryTokenStatement(candidate.Node) is { } statement:
                session.Editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
                break;
            case JwtFixKind.HardenCookieOptions when Append(candidate.Node) is { } invocation && Missing(candidate) is { } missing:
                if (OptionsTarget(invocation, session.SemanticModel, session.CancellationToken) is null && SourceCreations(candidate) is { Count: > 0 } creations)
                {
                    // Options from a parameter or a field: complete every creation that reaches them, in whichever document.
                    foreach (var (document, creation) in creations)
                    {
                        if (session.FirstTime(creation))
                        {
                            var editor = await session.GetEditorAsync(document.Id).ConfigureAwait(false);
                            editor.ReplaceNode(creation, Complete(creation, missing).WithAdditionalAnnotations(Formatter.Annotation));
                        }
                    }
                }
                else
                {
                    HardenOptions(session, invocation, missing);
                }

                break;
            case JwtFixKind.RenameToHostCookie when Append(candidate.Node) is { } invocation && session.FirstTime(invocation):
                await RenameAsync(session, candidate, invocation).ConfigureAwait(false);
                break;
        }
    }

    private static InvocationExpressionSyntax? Append(SyntaxNode node)
        => node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax, ArgumentList.Arguments.Count: >= 2 and <= 3 } invocation
           && !invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null)
            ? invocation
            : null;

    /// <summary>
    /// The <c>new CookieOptions { ... }</c> creations that reach options read from a parameter or a field, as the analyzer
    /// found them (its additional locations), each with its document; empty when one is not an object creation of the solution.
    /// </summary>
    private static List<(Document Document, BaseObjectCreationExpressionSyntax Creation)> SourceCreations(FixCandidate candidate)
    {
        var result = new List<(Document, BaseObjectCreationExpressionSyntax)>();
        var solution = candidate.Document.Project.Solution;
        foreach (var location in candidate.Diagnostic.AdditionalLocations)
        {
            if (!location.IsInSource || solution.GetDocument(location.SourceTree) is not { } document
                || location.SourceTree!.GetRoot().FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
            {
                return new List<(Document, BaseObjectCreationExpressionSyntax)>();
            }

            result.Add((document, creation));
        }

        return result;
    }

    private static string[]? Missing(FixCandidate candidate) => candidate.Property("JwtMissing")?.Split(',');

    private static string Describe(string property) => property == "SameSite" ? "SameSite = Strict" : property + " = true";

    private static ExpressionSyntax Value(string property) => property == "SameSite"
        ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.Type("Microsoft.AspNetCore.Http.SameSiteMode"), SyntaxFactory.IdentifierName("Strict"))
        : SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);

    /// <summary>
    /// Where the options are completed: the options creation (inline, the initializer of a local of the same member, or
    /// the returned creation of a helper in the same document), or the argument list / argument that gets new options.
    /// </summary>
    private static SyntaxNode? OptionsTarget(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Count == 2)
        {
            return invocation.ArgumentList;
        }

        var options = arguments[2].Expression;
        switch (options)
        {
            case BaseObjectCreationExpressionSyntax creation:
                return creation;
            case LiteralExpressionSyntax or DefaultExpressionSyntax or PostfixUnaryExpressionSyntax { Operand: LiteralExpressionSyntax }:
                return arguments[2];
            case IdentifierNameSyntax identifier when model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol local
                                                     && local.DeclaringSyntaxReferences.Length == 1
                                                     && local.DeclaringSyntaxReferences[0].SyntaxTree == invocation.SyntaxTree
                                                     && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax declared }:
                return declared;
            case InvocationExpressionSyntax helper when model.GetSymbolInfo(helper, cancellationToken).Symbol is IMethodSymbol { DeclaringSyntaxReferences.Length: 1 } method
                                                       && method.DeclaringSyntaxReferences[0].SyntaxTree == invocation.SyntaxTree
                                                       && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration
                                                       && ReturnedCreation(declaration) is { } returned:
                return returned;
            default:
                return null;
        }
    }

    private static BaseObjectCreationExpressionSyntax? ReturnedCreation(MethodDeclarationSyntax method)
    {
        if (method.ExpressionBody?.Expression is BaseObjectCreationExpressionSyntax arrow)
        {
            return arrow;
        }

        var returns = method.Body?.DescendantNodes().OfType<ReturnStatementSyntax>().ToList();
        return returns is { Count: 1 } && returns[0].Expression is BaseObjectCreationExpressionSyntax returned ? returned : null;
    }

    private static void HardenOptions(FixSession session, InvocationExpressionSyntax invocation, string[] missing)
    {
        var target = OptionsTarget(invocation, session.SemanticModel, session.CancellationToken);
        if (target is null || !session.FirstTime(target))
        {
            return;
        }

        var editor = session.Editor;
        switch (target)
        {
            case ArgumentListSyntax list:
                editor.ReplaceNode(list, list.AddArguments(SyntaxFactory.Argument(NewOptions(missing))));
                break;
            case ArgumentSyntax argument:
                editor.ReplaceNode(argument.Expression, NewOptions(missing).WithTriviaFrom(argument.Expression));
                break;
            case BaseObjectCreationExpressionSyntax creation:
                editor.ReplaceNode(creation, Complete(creation, missing).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }
    }

    private static ExpressionSyntax NewOptions(string[] missing)
        => SyntaxFactory.ObjectCreationExpression(RuntimeSyntax.TypeName("Microsoft.AspNetCore.Http.CookieOptions"))
            .WithArgumentList(null)
            .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SeparatedList(missing.Select(p => (ExpressionSyntax)SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(p), Value(p))))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static BaseObjectCreationExpressionSyntax Complete(BaseObjectCreationExpressionSyntax creation, string[] missing)
    {
        var existing = creation.Initializer?.Expressions ?? default;
        var expressions = new List<ExpressionSyntax>();
        if (creation.Initializer is not null)
        {
            foreach (var expression in existing)
            {
                expressions.Add(expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment && missing.Contains(name.Identifier.ValueText)
                    ? assignment.WithRight(Value(name.Identifier.ValueText).WithTriviaFrom(assignment.Right))
                    : expression);
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
        var updated = creation.Initializer is null
            ? creation.WithInitializer(initializer)
            : creation.WithInitializer(creation.Initializer.WithExpressions(SyntaxFactory.SeparatedList(expressions)));
        return updated is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } objectCreation
            ? objectCreation.WithArgumentList(null).WithType(objectCreation.Type.WithTrailingTrivia(SyntaxFactory.ElasticSpace))
            : updated;
    }

    /// <summary>The cookie's lifetime from inline options: <c>MaxAge</c>, or <c>Expires = DateTimeOffset.UtcNow.AddHours(8)</c>.</summary>
    private static ExpressionSyntax? Lifetime(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        var arguments = invocation.ArgumentList.Arguments;
        if (arguments.Count != 3 || arguments[2].Expression is not BaseObjectCreationExpressionSyntax { Initializer: { } initializer })
        {
            return null;
        }

        foreach (var assignment in initializer.Expressions.OfType<AssignmentExpressionSyntax>())
        {
            switch (assignment)
            {
                case { Left: IdentifierNameSyntax { Identifier.ValueText: "MaxAge" }, Right: not LiteralExpressionSyntax } maxAge:
                    return maxAge.Right;
                case { Left: IdentifierNameSyntax { Identifier.ValueText: "Expires" }, Right: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var add, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "UtcNow" or "Now" } }, ArgumentList.Arguments.Count: 1 } call }
                    when add is "AddSeconds" or "AddMinutes" or "AddHours" or "AddDays" && IsClockNow(call, model, cancellationToken):
                    return SyntaxFactory.InvocationExpression(
                        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.Type("System.TimeSpan"), SyntaxFactory.IdentifierName("From" + add.Substring(3))),
                        SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(call.ArgumentList.Arguments[0].Expression.WithoutTrivia()))));
            }
        }

        return null;
    }

    /// <summary><c>DateTime(Offset).UtcNow/Now.AddX(n)</c>, by symbol: a project clock's <c>UtcNow</c> is not the framework's.</summary>
    private static bool IsClockNow(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken)
    {
        var now = ((MemberAccessExpressionSyntax)call.Expression).Expression;
        var dateTimeOffset = KnownSymbols.Get(model.Compilation).Bcl.DateTimeOffset;
        return model.GetSymbolInfo(now, cancellationToken).Symbol is IPropertySymbol { IsStatic: true, ContainingType: { } type }
               && (type.SpecialType == SpecialType.System_DateTime || (dateTimeOffset is not null && SymbolEqualityComparer.Default.Equals(type, dateTimeOffset)))
               && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } added }
               && SymbolEqualityComparer.Default.Equals(added, type);
    }

    private static async Task RenameAsync(FixSession session, FixCandidate candidate, InvocationExpressionSyntax invocation)
    {
        var access = (MemberAccessExpressionSyntax)invocation.Expression;
        var arguments = invocation.ArgumentList.Arguments;
        var name = ((LiteralExpressionSyntax)arguments[0].Expression).Token.ValueText;
        var lifetime = Lifetime(invocation, session.SemanticModel, session.CancellationToken) ?? SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.Type("System.TimeSpan"), SyntaxFactory.IdentifierName("FromHours")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1))))));
        var call = invocation
            .WithExpression(access.WithName(SyntaxFactory.IdentifierName(RuntimeSyntax.AppendToken)))
            .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(new[] { arguments[0], arguments[1], SyntaxFactory.Argument(lifetime.WithoutTrivia()) })))
            .WithAdditionalAnnotations(Formatter.Annotation);
        session.Editor.ReplaceNode(invocation, call);
        var extensions = RuntimeSyntax.Resolve(session.SemanticModel.Compilation, RuntimeSyntax.SecureTokenCookies)!;
        var importNamespace = extensions.ContainingNamespace.ToDisplayString();
        var needUsing = new List<Microsoft.CodeAnalysis.Editing.DocumentEditor> { session.Editor };

        // The readers and deleters of the same cookie, in every document of the project.
        var writer = session.Editor;
        foreach (var document in candidate.Document.Project.Documents)
        {
            var root = await document.GetSyntaxRootAsync(session.CancellationToken).ConfigureAwait(false);
            if (root is null || !root.DescendantTokens().Any(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText == name))
            {
                continue;
            }

            var editor = document.Id == candidate.Document.Id ? writer : await session.GetEditorAsync(document.Id).ConfigureAwait(false);
            var model = editor.SemanticModel;
            var changed = false;
            foreach (var node in editor.OriginalRoot.DescendantNodes())
            {
                switch (node)
                {
                    case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } read
                        when read.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax key && key.Token.ValueText == name
                             && IsCookieCollection(model, read.Expression, "Microsoft.AspNetCore.Http.IRequestCookieCollection", session.CancellationToken):
                        if (session.FirstTime(read))
                        {
                            editor.ReplaceNode(read, SyntaxFactory.InvocationExpression(
                                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, read.Expression.WithoutTrivia(), SyntaxFactory.IdentifierName(RuntimeSyntax.ReadToken)),
                                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(key))))
                                .WithTriviaFrom(read));
                            changed = true;
                        }

                        break;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Delete" } delete, ArgumentList.Arguments.Count: 1 } deleteCall
                        when deleteCall.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax deleted && deleted.Token.ValueText == name && IsCookieCollection(model, delete.Expression, "Microsoft.AspNetCore.Http.IResponseCookies", session.CancellationToken):
                        if (session.FirstTime(deleteCall))
                        {
                            editor.ReplaceNode(delete.Name, SyntaxFactory.IdentifierName("DeleteToken").WithTriviaFrom(delete.Name));
                            changed = true;
                        }

                        break;
                }
            }

            if (changed)
            {
                needUsing.Add(editor);
            }
        }

        foreach (var editor in needUsing.Distinct())
        {
            AddUsing(session, editor, importNamespace);
        }
    }

    private static void AddUsing(FixSession session, Microsoft.CodeAnalysis.Editing.DocumentEditor editor, string importNamespace)
    {
        session.AtEnd((editor, importNamespace), () => editor.ReplaceNode(editor.OriginalRoot, (root, _) => RuntimeSyntax.EnsureUsing(root, importNamespace)));
    }

    private static bool IsCookieCollection(SemanticModel model, ExpressionSyntax expression, string metadataName, CancellationToken cancellationToken)
    {
        var expected = model.Compilation.GetBestTypeByMetadataName(metadataName);
        var type = model.GetTypeInfo(expression, cancellationToken).Type;
        return expected is not null && type is not null
               && (SymbolEqualityComparer.Default.Equals(type, expected) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, expected)));
    }

    /// <summary><c>context.Token = context.Request.Query["access_token"];</c> as a statement of its own (or the body of an <c>if</c> without else).</summary>
    private static StatementSyntax? QueryTokenStatement(SyntaxNode node)
    {
        if (node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { Parent: ExpressionStatementSyntax statement })
        {
            return null;
        }

        return statement.Parent switch
        {
            BlockSyntax => statement,
            IfStatementSyntax { Else: null, Parent: BlockSyntax } guard => guard,
            _ => null,
        };
    }
}
