using System.Collections.Immutable;
using System.Composition;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>Fixes for DoNotDisableSignatureValidation: see <see cref="TokenValidationCodeFixProvider"/> for the repairs.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotDisableSignatureValidationCodeFix))]
[Shared]
public sealed class DoNotDisableSignatureValidationCodeFix : TokenValidationCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotDisableSignatureValidation);
}
