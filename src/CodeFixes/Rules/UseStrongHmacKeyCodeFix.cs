using System.Collections.Immutable;
using System.Composition;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>JWT007 for a literal key: load the key from configuration or the environment (see <see cref="SigningKeyCodeFixProvider"/>). A computed short key gets no fix.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseStrongHmacKeyCodeFix))]
[Shared]
public sealed class UseStrongHmacKeyCodeFix : SigningKeyCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.UseStrongHmacKey);
}
