using System.Collections.Immutable;
using System.Composition;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>Fixes for RequireHttpsMetadata: see <see cref="TokenValidationCodeFixProvider"/> for the repairs.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequireHttpsMetadataCodeFix))]
[Shared]
public sealed class RequireHttpsMetadataCodeFix : TokenValidationCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.RequireHttpsMetadata);
}
