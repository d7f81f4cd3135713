using System.Collections.Immutable;
using System.Composition;
using JwtAnalyzers.CodeFixes.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Rules;

/// <summary>JWT008: load the key from configuration or the environment (see <see cref="SigningKeyCodeFixProvider"/>). appsettings findings have no fix.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoNotHardCodeSigningKeysCodeFix))]
[Shared]
public sealed class DoNotHardCodeSigningKeysCodeFix : SigningKeyCodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DoNotHardCodeSigningKeys);
}
