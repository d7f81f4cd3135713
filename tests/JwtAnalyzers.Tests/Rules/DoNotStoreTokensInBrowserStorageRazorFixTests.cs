using System.Collections.Immutable;
using JwtAnalyzers.Tests.FixCoverage;
using JwtAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>
/// JWT011 fix in a Razor component (<c>@inject IJSRuntime JS</c> and an <c>@code</c> block). The finding is in the C#
/// the Razor generator produces; the fix edits the <c>.razor</c> file (an additional document of the project) at the
/// <c>#line</c>-mapped spans: the write, read and remove calls become <c>TokenStore</c> calls and
/// <c>@using JwtAnalyzers.Runtime</c> + <c>@inject ISecureTokenStore TokenStore</c> are added after the last
/// <c>@inject</c>; <c>Program.cs</c> gets <c>AddSecureTokenStore()</c>.
/// The generated C# below is the real output of the .NET SDK 10.0.401 Razor source generator
/// (<c>EmitCompilerGeneratedFiles</c>) for the .razor texts of the tests, with the project folder written as <c>/app/</c>:
/// this test project cannot run that generator (it is built against another Roslyn), so the output is captured.
/// </summary>
public class DoNotStoreTokensInBrowserStorageRazorFixTests
{
    private const string Program = """
        using Microsoft.Extensions.DependencyInjection;

        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.Run();
        """;

    private const string Imports = """
        @using Microsoft.AspNetCore.Components
        @using Microsoft.JSInterop

        """;

    private const string LoginRazor = """
        @page "/login"
        @using Microsoft.JSInterop
        @inject IJSRuntime JS

        <button @onclick="SignInAsync">Sign in</button>

        @code {
            private string? _token;

            protected override async Task OnInitializedAsync()
            {
                _token = await JS.InvokeAsync<string?>("localStorage.getItem", "access_token");
            }

            private async Task SignInAsync()
            {
                var token = await GetTokenAsync();
                await JS.InvokeVoidAsync("localStorage.setItem", "access_token", token);
            }

            private async Task SignOutAsync()
            {
                await JS.InvokeVoidAsync("localStorage.removeItem", "access_token");
            }

            private Task<string> GetTokenAsync() => Task.FromResult("token");
        }

        """;

    private const string LoginRazorFixed = """
        @page "/login"
        @using Microsoft.JSInterop
        @inject IJSRuntime JS
        @using JwtAnalyzers.Runtime
        @inject ISecureTokenStore TokenStore

        <button @onclick="SignInAsync">Sign in</button>

        @code {
            private string? _token;

            protected override async Task OnInitializedAsync()
            {
                _token = await TokenStore.GetAsync("access_token");
            }

            private async Task SignInAsync()
            {
                var token = await GetTokenAsync();
                await TokenStore.SetAsync("access_token", token);
            }

            private async Task SignOutAsync()
            {
                await TokenStore.RemoveAsync("access_token");
            }

            private Task<string> GetTokenAsync() => Task.FromResult("token");
        }

        """;

    private const string SessionRazor = """
        @page "/session"
        @inject IJSRuntime JS
        @inject NavigationManager Navigation

        <p>Signing in...</p>

        @code {
            public async Task OnSignedInAsync(string accessToken, string refreshToken)
            {
                await JS.InvokeVoidAsync("sessionStorage.setItem", "access_token", accessToken);
                await JS.InvokeVoidAsync("localStorage.setItem", "refresh_token", refreshToken);
                Navigation.NavigateTo("/");
            }

            public async Task<string?> RefreshTokenAsync()
            {
                var refreshToken = await JS.InvokeAsync<string?>("localStorage.getItem", "refresh_token");
                return refreshToken;
            }
        }

        """;

    private const string SessionRazorFixed = """
        @page "/session"
        @inject IJSRuntime JS
        @inject NavigationManager Navigation
        @using JwtAnalyzers.Runtime
        @inject ISecureTokenStore TokenStore

        <p>Signing in...</p>

        @code {
            public async Task OnSignedInAsync(string accessToken, string refreshToken)
            {
                await TokenStore.SetAsync("access_token", accessToken);
                await TokenStore.SetAsync("refresh_token", refreshToken);
                Navigation.NavigateTo("/");
            }

            public async Task<string?> RefreshTokenAsync()
            {
                var refreshToken = await TokenStore.GetAsync("refresh_token");
                return refreshToken;
            }
        }

        """;

    [Fact]
    public async Task RazorComponent_InjectDirectiveAdded_WriteReadAndRemoveRewrittenInTheRazorFile()
    {
        var project = CreateProject(("Login.razor", LoginRazor, LoginGenerated));
        var finding = Assert.Single(await FindingsAsync(project));
        Assert.Equal("/app/Pages/Login.razor", finding.Location.GetMappedLineSpan().Path);

        var action = Assert.Single(await FixHarness.GetActionsAsync(project, finding));
        Assert.Equal("JWT011.UseSecureTokenStore", action.EquivalenceKey);
        Assert.Contains("@inject ISecureTokenStore TokenStore", action.Title, StringComparison.Ordinal);

        var changed = await ApplyAsync(action);
        Assert.Equal(LoginRazorFixed, await RazorTextAsync(changed, "Login.razor"));
        Assert.Contains("builder.Services.AddSecureTokenStore();", await ProgramTextAsync(changed), StringComparison.Ordinal);
        Assert.Contains("using Microsoft.Extensions.DependencyInjection;", await ProgramTextAsync(changed), StringComparison.Ordinal);
        Assert.Equal(Imports, await RazorTextAsync(changed, "_Imports.razor"));
    }

    [Fact]
    public async Task RazorComponent_FixAll_OneInjectDirectiveForEveryWrite()
    {
        var project = CreateProject(("Session.razor", SessionRazor, SessionGenerated));
        var findings = await FindingsAsync(project);
        Assert.Equal(2, findings.Length);

        var fix = new JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix();
        var document = project.GetDocument(findings[0].Location.SourceTree)!;
        var context = new FixAllContext(document, fix, FixAllScope.Document, "JWT011.UseSecureTokenStore", new[] { "JWT011" }, new Diagnostics(findings), CancellationToken.None);
        var fixAll = await fix.GetFixAllProvider()!.GetFixAsync(context);
        var changed = await ApplyAsync(fixAll!);
        Assert.Equal(SessionRazorFixed, await RazorTextAsync(changed, "Session.razor"));
        var program = await ProgramTextAsync(changed);
        Assert.Equal(1, program.Split("AddSecureTokenStore()").Length - 1);
    }

    [Fact]
    public async Task RazorComponent_ExistingStoreIsUsed_NothingInjected()
    {
        var razor = SessionRazor.Replace("@inject NavigationManager Navigation\n", "@inject NavigationManager Navigation\n@inject JwtAnalyzers.Runtime.ISecureTokenStore Tokens\n", StringComparison.Ordinal);
        var generated = SessionGenerated.Replace(
            "        [global::Microsoft.AspNetCore.Components.InjectAttribute] private \n#nullable restore\n#line (3,9)-(3,26)",
            "        [global::Microsoft.AspNetCore.Components.InjectAttribute] private global::JwtAnalyzers.Runtime.ISecureTokenStore Tokens { get; set; } = default!;\n        [global::Microsoft.AspNetCore.Components.InjectAttribute] private \n#nullable restore\n#line (3,9)-(3,26)",
            StringComparison.Ordinal).Replace("(7,8)-(20,1)", "(8,8)-(21,1)", StringComparison.Ordinal);
        var project = CreateProject(("Session.razor", razor, generated));
        var finding = (await FindingsAsync(project))[0];
        var action = Assert.Single(await FixHarness.GetActionsAsync(project, finding));
        Assert.Contains("'Tokens'", action.Title, StringComparison.Ordinal);

        var changed = await ApplyAsync(action);
        var expected = razor.Replace("await JS.InvokeVoidAsync(\"sessionStorage.setItem\", \"access_token\", accessToken);", "await Tokens.SetAsync(\"access_token\", accessToken);", StringComparison.Ordinal);
        Assert.Equal(expected, await RazorTextAsync(changed, "Session.razor"));
        Assert.DoesNotContain("AddSecureTokenStore", await ProgramTextAsync(changed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RazorComponent_NotOffered_WhenTheRazorFileIsNotInTheProject()
    {
        var project = CreateProject(("Login.razor", LoginRazor, LoginGenerated));
        project = project.RemoveAdditionalDocument(project.AdditionalDocuments.Single(d => d.Name == "Login.razor").Id);
        var finding = Assert.Single(await FindingsAsync(project));
        Assert.Empty(await FixHarness.GetActionsAsync(project, finding));
    }

    [Fact]
    public async Task RazorComponent_NotOffered_WhenTheRazorTextNoLongerMatchesTheGeneratedCode()
    {
        var project = CreateProject(("Login.razor", LoginRazor.Replace("\"localStorage.setItem\"", "'localStorage.setItem'", StringComparison.Ordinal), LoginGenerated));
        var finding = Assert.Single(await FindingsAsync(project));
        Assert.Empty(await FixHarness.GetActionsAsync(project, finding));
    }

    private static Project CreateProject((string Name, string Razor, string Generated) component)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Shop.Client", "Shop.Client", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestReferences.Default.AddRange(TestReferences.Runtime)));
        var generatedName = component.Name.Replace(".razor", "_razor.g.cs", StringComparison.Ordinal);
        solution = solution
            .AddDocument(DocumentId.CreateNewId(projectId), "Program.cs", SourceText.From(Program), filePath: "/app/Program.cs")
            .AddDocument(DocumentId.CreateNewId(projectId), generatedName, SourceText.From(component.Generated),
                filePath: "/app/obj/Debug/net10.0/generated/Microsoft.CodeAnalysis.Razor.Compiler/Microsoft.NET.Sdk.Razor.SourceGenerators.RazorSourceGenerator/Pages/" + generatedName)
            .AddAdditionalDocument(DocumentId.CreateNewId(projectId), component.Name, SourceText.From(component.Razor), filePath: "/app/Pages/" + component.Name)
            .AddAdditionalDocument(DocumentId.CreateNewId(projectId), "_Imports.razor", SourceText.From(Imports), filePath: "/app/_Imports.razor");
        return solution.GetProject(projectId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> FindingsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        return (await FixHarness.AnalyzeAsync(project)).Where(d => d.Id == "JWT011").ToImmutableArray();
    }

    private static async Task<Solution> ApplyAsync(CodeAction action)
        => (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;

    private static async Task<string> RazorTextAsync(Solution solution, string name)
        => (await solution.Projects.Single().AdditionalDocuments.Single(d => d.Name == name).GetTextAsync()).ToString();

    private static async Task<string> ProgramTextAsync(Solution solution)
        => (await solution.Projects.Single().Documents.Single(d => d.Name == "Program.cs").GetTextAsync()).ToString();

    private sealed class Diagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public Diagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }

    // Captured output of the .NET SDK 10.0.401 Razor source generator (see the class comment).
    private const string LoginGenerated = """
#pragma checksum "/app/Pages/Login.razor" "{8829d00f-11b8-4213-878b-770e8597ac16}" "e37841ec936278fdb900bac4bb2673fed125b4f7db053468ed7ad5e6a3b73924"
// <auto-generated/>
#pragma warning disable 1591
namespace Shop.Client.Pages
{
    #line default
    using global::System;
    using global::System.Collections.Generic;
    using global::System.Linq;
    using global::System.Threading.Tasks;
#nullable restore
#line (1,2)-(1,39) "/app/_Imports.razor"
using Microsoft.AspNetCore.Components

#nullable disable
    ;
#nullable restore
#line (2,2)-(2,27) "/app/Pages/Login.razor"
using Microsoft.JSInterop

#nullable disable
    ;
    #line default
    #line hidden
    [global::Microsoft.AspNetCore.Components.RouteAttribute(
    // language=Route,Component
#nullable restore
#line (1,7)-(1,15) "/app/Pages/Login.razor"
"/login"

#line default
#line hidden
#nullable disable
    )]
    #nullable restore
    public partial class Login : global::Microsoft.AspNetCore.Components.ComponentBase
    #nullable disable
    {
        #pragma warning disable 1998
        protected override void BuildRenderTree(global::Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder __builder)
        {
            __builder.AddMarkupContent(0, "<button @onclick=\"SignInAsync\">Sign in</button>");
        }
        #pragma warning restore 1998
#nullable restore
#line (7,8)-(27,1) "/app/Pages/Login.razor"

    private string? _token;

    protected override async Task OnInitializedAsync()
    {
        _token = await JS.InvokeAsync<string?>("localStorage.getItem", "access_token");
    }

    private async Task SignInAsync()
    {
        var token = await GetTokenAsync();
        await JS.InvokeVoidAsync("localStorage.setItem", "access_token", token);
    }

    private async Task SignOutAsync()
    {
        await JS.InvokeVoidAsync("localStorage.removeItem", "access_token");
    }

    private Task<string> GetTokenAsync() => Task.FromResult("token");

#line default
#line hidden
#nullable disable

        [global::Microsoft.AspNetCore.Components.InjectAttribute] private 
#nullable restore
#line (3,9)-(3,19) "/app/Pages/Login.razor"
IJSRuntime

#line default
#line hidden
#nullable disable
         
#nullable restore
#line (3,20)-(3,22) "/app/Pages/Login.razor"
JS

#line default
#line hidden
#nullable disable
         { get; set; }
         = default!;
    }
}
#pragma warning restore 1591
""";

    private const string SessionGenerated = """
#pragma checksum "/app/Pages/Session.razor" "{8829d00f-11b8-4213-878b-770e8597ac16}" "9c6122d53d9ac7873d8dbe557331119c38c2e8ffa1a10a1d4b69a3a33f666807"
// <auto-generated/>
#pragma warning disable 1591
namespace Shop.Client.Pages
{
    #line default
    using global::System;
    using global::System.Collections.Generic;
    using global::System.Linq;
    using global::System.Threading.Tasks;
#nullable restore
#line (1,2)-(1,39) "/app/_Imports.razor"
using Microsoft.AspNetCore.Components

#nullable disable
    ;
#nullable restore
#line (2,2)-(2,27) "/app/_Imports.razor"
using Microsoft.JSInterop

#nullable disable
    ;
    #line default
    #line hidden
    [global::Microsoft.AspNetCore.Components.RouteAttribute(
    // language=Route,Component
#nullable restore
#line (1,7)-(1,17) "/app/Pages/Session.razor"
"/session"

#line default
#line hidden
#nullable disable
    )]
    #nullable restore
    public partial class Session : global::Microsoft.AspNetCore.Components.ComponentBase
    #nullable disable
    {
        #pragma warning disable 1998
        protected override void BuildRenderTree(global::Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder __builder)
        {
            __builder.AddMarkupContent(0, "<p>Signing in...</p>");
        }
        #pragma warning restore 1998
#nullable restore
#line (7,8)-(20,1) "/app/Pages/Session.razor"

    public async Task OnSignedInAsync(string accessToken, string refreshToken)
    {
        await JS.InvokeVoidAsync("sessionStorage.setItem", "access_token", accessToken);
        await JS.InvokeVoidAsync("localStorage.setItem", "refresh_token", refreshToken);
        Navigation.NavigateTo("/");
    }

    public async Task<string?> RefreshTokenAsync()
    {
        var refreshToken = await JS.InvokeAsync<string?>("localStorage.getItem", "refresh_token");
        return refreshToken;
    }

#line default
#line hidden
#nullable disable

        [global::Microsoft.AspNetCore.Components.InjectAttribute] private 
#nullable restore
#line (3,9)-(3,26) "/app/Pages/Session.razor"
NavigationManager

#line default
#line hidden
#nullable disable
         
#nullable restore
#line (3,27)-(3,37) "/app/Pages/Session.razor"
Navigation

#line default
#line hidden
#nullable disable
         { get; set; }
         = default!;
        [global::Microsoft.AspNetCore.Components.InjectAttribute] private 
#nullable restore
#line (2,9)-(2,19) "/app/Pages/Session.razor"
IJSRuntime

#line default
#line hidden
#nullable disable
         
#nullable restore
#line (2,20)-(2,22) "/app/Pages/Session.razor"
JS

#line default
#line hidden
#nullable disable
         { get; set; }
         = default!;
    }
}
#pragma warning restore 1591
""";
}
