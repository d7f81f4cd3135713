using System;
using System.Runtime.CompilerServices;
using JwtAnalyzers.Internal.Flow;
using JwtAnalyzers.Internal.Options;
using JwtAnalyzers.Internal.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Internal;

/// <summary>
/// Whether a project can hold a token at all, judged once per compilation from its text: the gate of the rules that
/// must run without a JWT library (JWT011 browser storage, JWT012 cookies, JWT017 logs), so that an ordinary ASP.NET
/// Core application that never touches a token pays for nothing but this scan.
/// <para>
/// Without a JWT library (IdentityModel, JwtBearer / OpenID Connect, Jwt.Net, jose-jwt), every way
/// <see cref="TokenLikeness"/> recognises a token goes through a name the project's source spells: a variable, field,
/// property or parameter named like a token, a token key (<c>"access_token"</c>), the <c>Authorization</c> header, a
/// type with token members, <c>GetTokenAsync</c>. So when no identifier or string of any file is a token name by the
/// default heuristic (<c>CancellationToken</c>, <c>stoppingToken</c> and <c>csrfToken</c> are not), none of those rules
/// can report, and they register nothing. The scan is a plain search of each file's text; only a hit that is a token
/// name is placed in its syntax tree (<c>FindToken</c>) to tell an identifier or a string from a comment.
/// </para>
/// <para>
/// The gate is always open when a JWT library is referenced, and when a <c>token_name_pattern</c> option replaces
/// the default heuristic for some file (a pattern can match any name).
/// </para>
/// </summary>
internal static class TokenVocabulary
{
    private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> s_spelled = new();

    private const string CancellationToken = "CancellationToken";

    /// <summary>
    /// The text searched for (case-insensitive): every default token word and whole token name contains one of them
    /// (<c>authorization</c> contains <c>auth</c>, <c>id_token</c> contains <c>token</c>).
    /// </summary>
    private static readonly string[] s_anchors = { "token", "jwt", "bearer", "auth", "access", "refresh" };

    /// <summary>
    /// False when <paramref name="ruleId"/> cannot find a token anywhere in <paramref name="compilation"/>: no JWT
    /// library is referenced, no file configures a token-name pattern for the rule, and no file spells a token name.
    /// </summary>
    public static bool MayAppear(Compilation compilation, AnalyzerOptions options, string ruleId)
    {
        var symbols = KnownSymbols.Get(compilation);
        if (symbols.IdentityModel.IsPresent || symbols.JwtNet.IsPresent || symbols.Jose.IsPresent
            || symbols.Authentication.JwtBearerOptions is not null || symbols.Authentication.OpenIdConnectOptions is not null)
        {
            return true;
        }

        var rulePattern = RuleOptions.TokenNamePatternFor(ruleId);
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (rulePattern.Get(options, tree) is not null || RuleOptions.SharedTokenNamePattern.Get(options, tree) is not null)
            {
                return true;
            }
        }

        return s_spelled.GetValue(compilation, static c => new StrongBox<bool>(ValueFlow.Get(c).Index.AnyTree(SpellsTokenName) || ReferencesTokenMembers(c))).Value;
    }

    /// <summary>
    /// True when a referenced assembly without a strong name (a project's own library: the shared DTOs of a Blazor
    /// client and its API) declares a member named like a token: storing or logging an object of such a type stores the
    /// token (<see cref="TokenCarriers"/>) even where the project never spells the name. The frameworks and most
    /// packages are strong-named and are not read.
    /// </summary>
    internal static bool ReferencesTokenMembers(Compilation compilation)
    {
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (!assembly.Identity.HasPublicKey && DeclaresTokenMember(assembly.GlobalNamespace))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresTokenMember(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns && DeclaresTokenMember(ns))
            {
                return true;
            }

            if (member is INamedTypeSymbol type)
            {
                foreach (var name in type.MemberNames)
                {
                    if (TokenLikeness.IsDefaultTokenName(name))
                    {
                        return true;
                    }
                }

                if (DeclaresTokenMember(type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="tree"/> (whose text is <paramref name="text"/>) names a token the way
    /// <see cref="TokenLikeness"/> reads names: an identifier that is a token name by the default heuristic
    /// (<see cref="TokenLikeness.IsDefaultTokenName"/>), or a string that is one or holds one (<c>"access_token"</c>,
    /// <c>"localStorage.auth = ..."</c>). The run of letters, digits and underscores around each case-insensitive
    /// occurrence of an anchor is judged first; only a run that is a token name costs a token lookup, and in a string a
    /// word between spaces counts only when the whole string is a token name (<c>"Refresh of {Id} timed out"</c> is a
    /// message, not a key). Comments and disabled code are not read.
    /// </summary>
    internal static bool SpellsTokenName(SyntaxTree tree, string text)
    {
        foreach (var anchor in s_anchors)
        {
            for (var at = text.IndexOf(anchor, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(anchor, at + anchor.Length, StringComparison.OrdinalIgnoreCase))
            {
                var start = at;
                while (start > 0 && SyntaxIndex.IsIdentifierPart(text[start - 1]))
                {
                    start--;
                }

                var end = at + anchor.Length;
                while (end < text.Length && SyntaxIndex.IsIdentifierPart(text[end]))
                {
                    end++;
                }

                // CancellationToken (and cancellationToken, CancellationTokenSource) is the name .NET code spells most: never
                // a token name, answered without a lookup.
                var cancellation = end - start >= CancellationToken.Length
                    && string.Compare(text, start, CancellationToken, 0, CancellationToken.Length, StringComparison.OrdinalIgnoreCase) == 0;
                if (!cancellation && TokenLikeness.IsDefaultTokenName(text.Substring(start, end - start)) && NamesToken(tree, text, start, end))
                {
                    return true;
                }

                at = end - anchor.Length;
            }
        }

        return false;
    }

    /// <summary>True when the token-named run <c>text[start..end)</c> is an identifier or a name inside a string.</summary>
    private static bool NamesToken(SyntaxTree tree, string text, int start, int end)
    {
        var token = tree.GetRoot().FindToken(start);
        if (!token.Span.Contains(start))
        {
            return false; // a comment, a directive or disabled code
        }

        switch ((SyntaxKind)token.RawKind)
        {
            case SyntaxKind.IdentifierToken:
                return NamesValue(token);
            case SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.CharacterLiteralToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken
                or SyntaxKind.Utf8StringLiteralToken or SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken:
                // A word of a sentence: spaces or the string's edges on both sides, a space on one side at least.
                var spaceBefore = start > token.SpanStart && text[start - 1] == ' ';
                var spaceAfter = end < token.Span.End && text[end] == ' ';
                var edgeBefore = start == token.SpanStart || text[start - 1] == '"';
                var edgeAfter = end == token.Span.End || text[end] == '"';
                var sentenceWord = (spaceBefore || edgeBefore) && (spaceAfter || edgeAfter) && (spaceBefore || spaceAfter);
                return !sentenceWord || TokenLikeness.IsDefaultTokenName(token.ValueText);
            default:
                return false;
        }
    }

    /// <summary>
    /// The names of the token-producing methods <see cref="TokenLikeness"/> recognises by symbol: a call spelled like
    /// one opens the gate (<c>HttpContext.GetTokenAsync(...)</c> needs no JWT library).
    /// </summary>
    private static readonly string[] s_producerNames = { "GetTokenAsync", "GetTokenValue", "WriteToken", "CreateToken", "CreateEncodedJwt" };

    /// <summary>
    /// True when the identifier can name a value: a local, a parameter, a field, a property, a member read or a named
    /// argument. Names that <see cref="TokenLikeness"/> never reads are skipped: namespaces and types
    /// (<c>using Microsoft.AspNetCore.Authorization</c>, <c>new AuthorizationPolicyBuilder()</c>, a class's own name)
    /// and methods (<c>app.UseAuthorization()</c>), except the token producers above.
    /// </summary>
    private static bool NamesValue(SyntaxToken identifier)
    {
        switch (identifier.Parent)
        {
            case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax or MethodDeclarationSyntax or LocalFunctionStatementSyntax or ConstructorDeclarationSyntax or DestructorDeclarationSyntax:
                return !IsAuthorizationApiName(identifier.ValueText);
            case SimpleNameSyntax name:
                if (Array.IndexOf(s_producerNames, identifier.ValueText) >= 0)
                {
                    return true;
                }

                // The whole name (A.B.C, x.Name), then what it is used as.
                ExpressionSyntax outer = name;
                while ((outer.Parent is QualifiedNameSyntax qualified && qualified.Right == outer) || (outer.Parent is AliasQualifiedNameSyntax alias && alias.Name == outer))
                {
                    outer = (ExpressionSyntax)outer.Parent;
                }

                if (outer.Parent is MemberAccessExpressionSyntax member && member.Name == outer)
                {
                    outer = member;
                }

                // A method called, a using directive, a namespace declared, a type: counted unless the name belongs to ASP.NET
                // Core's authorization API, which every application spells (app.UseAuthorization(), AuthorizationPolicyBuilder,
                // using Microsoft.AspNetCore.Authorization). Other method and type names count: AcquireTokenSilent() returns
                // an object with token members, and a TokenResponse is one.
                var methodOrType = (outer.Parent is InvocationExpressionSyntax invocation && invocation.Expression == outer)
                    || outer.Parent is UsingDirectiveSyntax or BaseNamespaceDeclarationSyntax or ExternAliasDirectiveSyntax
                    || SyntaxFacts.IsInNamespaceOrTypeContext(outer);
                return !methodOrType || !IsAuthorizationApiName(identifier.ValueText);
            default:
                return true;
        }
    }

    /// <summary>True when the only token word of <paramref name="name"/> is <c>Authorization</c> (<c>UseAuthorization</c>, <c>IAuthorizationPolicyProvider</c>).</summary>
    private static bool IsAuthorizationApiName(string name)
    {
        foreach (var word in TokenLikeness.SplitWords(name))
        {
            if (TokenLikeness.IsTokenWord(word) && !string.Equals(word, "authorization", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
