using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// Fix All for every JwtAnalyzers fix: the kind comes from the equivalence key (<c>JWTnnn.&lt;Kind&gt;</c>), and each
/// finding in scope that is offered that kind is repaired by the fix's own logic, all in one solution edit (so a
/// member or a registration shared by several findings is added once). Used by the IDE and by
/// <c>dotnet format analyzers</c>.
/// </summary>
internal sealed class JwtFixAllProvider : FixAllProvider
{
    private readonly JwtCodeFixProvider _provider;

    public JwtFixAllProvider(JwtCodeFixProvider provider) => _provider = provider;

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (JwtFixKinds.FromEquivalenceKey(fixAllContext.CodeActionEquivalenceKey) is not { } kind)
        {
            return Task.FromResult<CodeAction?>(null);
        }

        var title = fixAllContext.Scope switch
        {
            FixAllScope.Document => "Fix all in document",
            FixAllScope.Project => "Fix all in project",
            _ => "Fix all in solution",
        };
        return Task.FromResult<CodeAction?>(CodeAction.Create(
            title,
            async cancellationToken =>
            {
                var documents = fixAllContext.Scope switch
                {
                    FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
                    FixAllScope.Project => fixAllContext.Project.Documents.ToArray(),
                    FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                    _ => System.Array.Empty<Document>(),
                };
                var work = new List<(DocumentId, ImmutableArray<Diagnostic>)>();
                foreach (var document in documents)
                {
                    var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                    if (!diagnostics.IsEmpty)
                    {
                        work.Add((document.Id, diagnostics));
                    }
                }

                return await _provider.FixAsync(fixAllContext.Solution, work, kind, cancellationToken).ConfigureAwait(false);
            },
            fixAllContext.CodeActionEquivalenceKey));
    }
}
