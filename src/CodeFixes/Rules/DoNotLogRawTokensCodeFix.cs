using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>
/// JWT017 fixes: <c>JWT017.Redact</c> logs <c>TokenRedaction.Redact(token)</c> instead of the token (only when
/// JwtAnalyzers.Runtime is referenced); <c>JWT017.RemovePiiSwitch</c> removes <c>IdentityModelEventSource.ShowPII = true</c>
/// / <c>LogCompleteSecurityArtifact = true</c> (always offered).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotLogRawTokensCodeFix))]
[Shared]
public sealed class DoNotLogRawTokensCodeFix : JwtCodeFixProvider
{
    public const string RedactKey = "JWT017.Redact";
    public const string RemoveKey = "JWT017.RemovePiiSwitch";

    private const string ShapeProperty = "JwtShape";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotLogRawTokens);

    internal override async Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (Statement(candidate) is not null)
        {
            offers.Add(JwtFixKind.RemovePiiSwitch, "Remove the PII logging switch");
        }
        else if (Expression(candidate) is not null
                 && RuntimeSyntax.Resolve((await candidate.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false)).Compilation, RuntimeSyntax.TokenRedaction) is not null)
        {
            offers.Add(JwtFixKind.Redact, "Log TokenRedaction.Redact(...) instead of the token");
        }
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        if (kind == JwtFixKind.RemovePiiSwitch && Statement(candidate) is { } statement)
        {
            session.Editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        }
        else if (kind == JwtFixKind.Redact && Expression(candidate) is { } expression && session.FirstTime(expression))
        {
            var model = session.SemanticModel;
            var stringType = model.Compilation.GetSpecialType(SpecialType.System_String);
            var type = model.GetTypeInfo(expression, session.CancellationToken).Type;
            var argument = expression.WithoutTrivia();
            if (type is not null && !model.Compilation.ClassifyConversion(type, stringType).IsImplicit)
            {
                argument = SyntaxFactory.ConditionalAccessExpression(argument, SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("ToString"))));
            }

            session.Editor.ReplaceNode(expression, RuntimeSyntax.Redact(argument).WithTriviaFrom(expression));
        }

        return Task.CompletedTask;
    }

    /// <summary>The switch as a statement of its own (in a block, a switch section or a top-level statement of Program.cs).</summary>
    private static SyntaxNode? Statement(FixCandidate candidate)
        => candidate.Property(ShapeProperty) == "ShowPII"
           && candidate.Node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Parent: ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement }
            ? statement.Parent is GlobalStatementSyntax global ? global : statement
            : null;

    private static ExpressionSyntax? Expression(FixCandidate candidate)
        => candidate.Property(ShapeProperty) != "LoggedToken"
            ? null
            : candidate.Node switch
            {
                ArgumentSyntax argument => argument.Expression,
                ExpressionSyntax expression => expression,
                _ => null,
            };
}
