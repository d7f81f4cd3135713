using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Rules;

[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepTokenLifetimesShortCodeFix))]
[Shared]
public sealed class KeepTokenLifetimesShortCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.KeepTokenLifetimesShort);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context) => Task.CompletedTask;
}
