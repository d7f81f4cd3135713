using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Rules;

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotPutSensitiveDataInClaimsCodeFix))]
[Shared]
public sealed class DoNotPutSensitiveDataInClaimsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotPutSensitiveDataInClaims);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Task.CompletedTask;
}
