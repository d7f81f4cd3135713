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
/// JWT015: <c>JWT015.PinValidAlgorithms</c> adds <c>ValidAlgorithms = new[] { SecurityAlgorithms.X }</c> with the
/// algorithms of the keys in use (named by the analyzer) to the parameters' initializer, creating the initializer when
/// the keys are assigned by later statements; <c>JWT015.AddExpectedAlgorithm</c> passes the expected
/// <c>JwsAlgorithm</c> (from the key's type: <c>byte[]</c> HS256, <c>RSA</c> RS256, <c>ECDsa</c> ES256) to jose-jwt's
/// <c>JWT.Decode(token, key)</c>. Neither needs the runtime.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PinAcceptedAlgorithmsCodeFix))]
[Shared]
public sealed class PinAcceptedAlgorithmsCodeFix : JwtCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.PinAcceptedAlgorithms);

    internal override Task OfferAsync(FixCandidate candidate, FixOffers offers, CancellationToken cancellationToken)
    {
        if (candidate.Property(SignatureFixKinds.AlgorithmsKey) is not { Length: > 0 } algorithms)
        {
            return Task.CompletedTask;
        }

        switch (candidate.Kind)
        {
            case JwtFixKind.PinValidAlgorithms when Creation(candidate.Node) is not null:
                offers.Add(JwtFixKind.PinValidAlgorithms, $"Pin ValidAlgorithms to {algorithms.Replace(",", ", ")}");
                break;
            case JwtFixKind.AddExpectedAlgorithm when candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: 2 }:
                offers.Add(JwtFixKind.AddExpectedAlgorithm, $"Expect JwsAlgorithm.{algorithms}");
                break;
        }

        return Task.CompletedTask;
    }

    internal override Task ApplyAsync(FixSession session, FixCandidate candidate, JwtFixKind kind)
    {
        var algorithms = candidate.Property(SignatureFixKinds.AlgorithmsKey)!.Split(',');
        var compilation = session.SemanticModel.Compilation;
        switch (kind)
        {
            case JwtFixKind.PinValidAlgorithms when Creation(candidate.Node) is { } creation
                                                   && compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SecurityAlgorithms") is not null:
                var elements = algorithms.Select(a => (ExpressionSyntax)SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    RuntimeSyntax.Type("Microsoft.IdentityModel.Tokens.SecurityAlgorithms"), SyntaxFactory.IdentifierName(a)));
                var array = SyntaxFactory.ImplicitArrayCreationExpression(
                    SyntaxFactory.InitializerExpression(SyntaxKind.ArrayInitializerExpression, SyntaxFactory.SeparatedList(elements)));
                var assignment = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName("ValidAlgorithms"), array)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                if (creation.Initializer is { } initializer)
                {
                    session.Editor.ReplaceNode(initializer, initializer.WithExpressions(initializer.Expressions.Add(assignment)).WithAdditionalAnnotations(Formatter.Annotation));
                }
                else
                {
                    BaseObjectCreationExpressionSyntax updated = creation.WithInitializer(
                        SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment)));
                    if (updated is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } objectCreation)
                    {
                        updated = objectCreation.WithArgumentList(null).WithType(objectCreation.Type.WithTrailingTrivia(SyntaxFactory.ElasticSpace));
                    }

                    session.Editor.ReplaceNode(creation, updated.WithAdditionalAnnotations(Formatter.Annotation));
                }

                break;

            case JwtFixKind.AddExpectedAlgorithm when candidate.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
                                                     && compilation.GetBestTypeByMetadataName("Jose.JwsAlgorithm") is not null:
                var value = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, RuntimeSyntax.Type("Jose.JwsAlgorithm"), SyntaxFactory.IdentifierName(algorithms[0]));
                session.Editor.ReplaceNode(invocation.ArgumentList, invocation.ArgumentList.AddArguments(SyntaxFactory.Argument(value)));
                break;
        }

        return Task.CompletedTask;
    }

    private static BaseObjectCreationExpressionSyntax? Creation(SyntaxNode node)
        => node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation && (creation.Initializer is not null || creation.ArgumentList is null or { Arguments.Count: 0 })
            ? creation
            : null;
}
