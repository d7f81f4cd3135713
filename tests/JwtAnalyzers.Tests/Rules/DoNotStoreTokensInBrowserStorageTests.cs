using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using JwtAnalyzers.Rules;
using JwtAnalyzers.Tests.Verifiers;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotStoreTokensInBrowserStorageAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

public class DoNotStoreTokensInBrowserStorageTests
{
    /// <summary>
    /// Blazored.LocalStorage / Blazored.SessionStorage are not served by the package mirror: the few members the rule
    /// matches are declared here under their real namespaces and signatures (4.5.0).
    /// </summary>
    internal const string Blazored = """
        namespace Blazored.LocalStorage
        {
            public interface ILocalStorageService
            {
                System.Threading.Tasks.ValueTask SetItemAsync<T>(string key, T data, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.ValueTask SetItemAsStringAsync(string key, string data, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.ValueTask<T?> GetItemAsync<T>(string key, System.Threading.CancellationToken cancellationToken = default);
            }
            public interface ISyncLocalStorageService
            {
                void SetItem<T>(string key, T data);
                void SetItemAsString(string key, string data);
            }
        }
        namespace Blazored.SessionStorage
        {
            public interface ISessionStorageService
            {
                System.Threading.Tasks.ValueTask SetItemAsync<T>(string key, T data, System.Threading.CancellationToken cancellationToken = default);
                System.Threading.Tasks.ValueTask SetItemAsStringAsync(string key, string data, System.Threading.CancellationToken cancellationToken = default);
            }
            public interface ISyncSessionStorageService
            {
                void SetItem<T>(string key, T data);
                void SetItemAsString(string key, string data);
            }
        }
        """;

    [Fact]
    public Task JsInterop_SetItem_TokenKey()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Login
            {
                const string Key = "access_token";
                async Task Save(IJSRuntime js, IJSInProcessRuntime inProcess, IJSObjectReference module, string value)
                {
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "token", value)|};
                    await {|JWT011:js.InvokeVoidAsync("window.localStorage.setItem", "jwt", value)|};
                    await {|JWT011:js.InvokeVoidAsync("sessionStorage.setItem", Key, value)|};
                    await {|JWT011:js.InvokeVoidAsync("window.sessionStorage.setItem", "refreshToken", value)|};
                    await {|JWT011:js.InvokeAsync<object>("localStorage.setItem", "authToken", value)|};
                    await {|JWT011:js.InvokeAsync<object>("localStorage.setItem", System.Threading.CancellationToken.None, new object[] { "id_token", value })|};
                    {|JWT011:inProcess.InvokeVoid("localStorage.setItem", "bearer", value)|};
                    {|JWT011:inProcess.Invoke<object>("localStorage.setItem", "auth", value)|};
                    await {|JWT011:module.InvokeVoidAsync("localStorage.setItem", "Access-Token", value)|};
                }
            }
            """);

    [Fact]
    public Task JsInterop_SetItem_TokenValue()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            using Microsoft.JSInterop;
            record LoginResponse(string Token, string AccessToken);
            class LoginResult { public string access_token = ""; }
            class Login
            {
                async Task Save(IJSRuntime js, HttpClient http, JwtSecurityToken token, SecurityTokenDescriptor descriptor)
                {
                    var response = await http.GetFromJsonAsync<LoginResponse>("/login");
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "user", response!.Token)|};
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "user", response.AccessToken)|};
                    var written = new JwtSecurityTokenHandler().WriteToken(token);
                    var copy = written;
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "session", copy)|};
                    await {|JWT011:js.InvokeVoidAsync("sessionStorage.setItem", "s", new JsonWebTokenHandler().CreateToken(descriptor))|};
                    var result = new LoginResult();
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "s", result.access_token)|};
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "s", "Bearer " + written)|};
                }
            }
            """);

    [Fact]
    public Task JsInterop_EvalAndSetValue()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Login
            {
                async Task Save(IJSRuntime js, string jwt, string value)
                {
                    await {|JWT011:js.InvokeVoidAsync("eval", $"localStorage.setItem('session', '{jwt}')")|};
                    await {|JWT011:js.InvokeVoidAsync("eval", "sessionStorage.setItem('access_token', '" + value + "')")|};
                    await {|JWT011:js.InvokeVoidAsync("window.eval", $"localStorage['token'] = '{value}'")|};
                    await {|JWT011:js.InvokeVoidAsync("Function", "t", "localStorage.setItem('jwt', t)")|};
                    await {|JWT011:js.SetValueAsync("localStorage.token", value)|};
                    await {|JWT011:js.SetValueAsync("window.sessionStorage.data", jwt)|};
                }
            }
            """);

    [Fact]
    public Task Blazored_LocalAndSessionStorage()
    {
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestState =
            {
                Sources =
                {
                    """
                    using System.Threading.Tasks;
                    using Blazored.LocalStorage;
                    using Blazored.SessionStorage;
                    class Login
                    {
                        async Task Save(ILocalStorageService local, ISyncLocalStorageService syncLocal, ISessionStorageService session, ISyncSessionStorageService syncSession, string value, string accessToken)
                        {
                            await {|JWT011:local.SetItemAsync("authToken", value)|};
                            await {|JWT011:local.SetItemAsStringAsync("jwt", value)|};
                            await {|JWT011:local.SetItemAsync("user", accessToken)|};
                            {|JWT011:syncLocal.SetItem("refresh_token", value)|};
                            {|JWT011:syncLocal.SetItemAsString("token", value)|};
                            await {|JWT011:session.SetItemAsync("token", value)|};
                            await {|JWT011:session.SetItemAsStringAsync("id_token", value)|};
                            {|JWT011:syncSession.SetItem("jwt", value)|};
                            {|JWT011:syncSession.SetItemAsString("bearer", value)|};
                            // Reads and non-token keys stay silent.
                            _ = await local.GetItemAsync<string>("token");
                            await local.SetItemAsync("theme", "dark");
                            await session.SetItemAsStringAsync("pref:culture", value);
                        }
                    }
                    """,
                    Blazored,
                },
            },
        };
        return test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_SecureLookAlikes()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
            using Microsoft.JSInterop;
            class Settings
            {
                async Task Save(IJSRuntime js, ProtectedSessionStorage protectedSession, ProtectedLocalStorage protectedLocal, string value, string accessToken)
                {
                    // Non-token keys with non-token values.
                    await js.InvokeVoidAsync("localStorage.setItem", "theme", value);
                    await js.InvokeVoidAsync("localStorage.setItem", "pref:language", "en");
                    await js.InvokeVoidAsync("localStorage.setItem", "tokenizer_settings", value);
                    await js.InvokeVoidAsync("localStorage.setItem", "author", value);
                    await js.InvokeVoidAsync("localStorage.setItem", "csrfToken", value);
                    await js.InvokeVoidAsync("localStorage.setItem", "tokenExpiry", value);
                    // Reads and removals.
                    _ = await js.InvokeAsync<string>("localStorage.getItem", "token");
                    await js.InvokeVoidAsync("localStorage.removeItem", "token");
                    await js.InvokeVoidAsync("sessionStorage.clear");
                    // A custom JS function is opaque (the rule does not guess what it does).
                    await js.InvokeVoidAsync("authInterop.saveSettings", "theme", value);
                    // eval without a storage or cookie write.
                    await js.InvokeVoidAsync("eval", "console.log('token refreshed')");
                    await js.InvokeVoidAsync("eval", $"localStorage.setItem('theme', '{value}')");
                    // ProtectedSessionStorage: encrypted with Data Protection, gone when the tab closes.
                    await protectedSession.SetAsync("access_token", accessToken);
                    // ProtectedLocalStorage: encrypted; only reported with JWT011.include_protected_local_storage = true.
                    await protectedLocal.SetAsync("refresh_token", accessToken);
                }
            }
            """);

    [Fact]
    public Task ProtectedLocalStorage_WhenEnabled()
    {
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestCode = """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
                class Login
                {
                    async Task Save(ProtectedLocalStorage local, ProtectedSessionStorage session, string value)
                    {
                        await {|JWT011:local.SetAsync("refresh_token", value)|};
                        await {|JWT011:local.SetAsync("purpose", "access_token", value)|};
                        await local.SetAsync("theme", value);
                        await session.SetAsync("refresh_token", value);
                    }
                }
                """,
            EditorConfig = "JWT011.include_protected_local_storage = true",
        };
        return test.RunAsync();
    }

    [Fact]
    public Task TokenNamePattern_Option()
    {
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestCode = """
                using System.Threading.Tasks;
                using Microsoft.JSInterop;
                class Login
                {
                    async Task Save(IJSRuntime js, string value)
                    {
                        await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "sid", value)|};
                        await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "session_key", value)|};
                        // The pattern replaces the default heuristic.
                        await js.InvokeVoidAsync("localStorage.setItem", "token", value);
                    }
                }
                """,
            EditorConfig = "JWT011.token_name_pattern = ^(sid|session_key)$",
        };
        return test.RunAsync();
    }

    [Fact]
    public Task SharedTokenNamePattern_Option()
    {
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestCode = """
                using System.Threading.Tasks;
                using Microsoft.JSInterop;
                class Login
                {
                    async Task Save(IJSRuntime js, string value)
                    {
                        await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "sid", value)|};
                        await js.InvokeVoidAsync("localStorage.setItem", "jwt", value);
                    }
                }
                """,
            EditorConfig = "jwt.token_name_pattern = ^sid$",
        };
        return test.RunAsync();
    }

    [Fact]
    public Task NoDiagnostic_WithoutJsInterop()
    {
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestCode = """
                class Storage { public void SetItem(string key, string value) { } }
                class Login { void Save(Storage s, string token) => s.SetItem("token", token); }
                """,
            References = TestReferences.Default.RemoveAll(r => r.Display?.Contains("JSInterop") == true || r.Display?.Contains("Components") == true),
        };
        return test.RunAsync();
    }

    /// <summary>Razor compiles <c>@code</c> blocks into generated C# with <c>#line</c> directives: the warning must land on the .razor line.</summary>
    [Fact]
    public Task Razor_GeneratedCode_ReportedAndMapped()
        => Verify.VerifyAnalyzerAsync(RazorGenerated(marked: true));

    [Fact]
    public async Task Razor_GeneratedCode_MappedToRazorFile()
    {
        var tree = CSharpSyntaxTree.ParseText(RazorGenerated(marked: false), new CSharpParseOptions(LanguageVersion.Latest), path: "/obj/Pages_Login_razor.g.cs");
        var compilation = CSharpCompilation.Create("RazorApp", [tree], TestReferences.Default, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation.WithAnalyzers([new DoNotStoreTokensInBrowserStorageAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics);
        var mapped = diagnostic.Location.GetMappedLineSpan();
        Assert.Equal("JWT011", diagnostic.Id);
        Assert.True(mapped.HasMappedPath);
        Assert.Equal("/Pages/Login.razor", mapped.Path);
        Assert.Equal(12, mapped.StartLinePosition.Line + 1); // the @code line of the .razor file
    }

    private static string RazorGenerated(bool marked)
    {
        var call = marked ? "{|JWT011:JS.InvokeVoidAsync(\"localStorage.setItem\", \"authToken\", result.Token)|}" : "JS.InvokeVoidAsync(\"localStorage.setItem\", \"authToken\", result.Token)";
        return $$"""
            // <auto-generated/>
            #pragma warning disable 1591
            namespace RazorApp.Pages
            {
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Components;
                using Microsoft.JSInterop;
                public partial class Login : ComponentBase
                {
                    [Inject] private IJSRuntime JS { get; set; } = default!;
                    private sealed record LoginResult(string Token);
                    private async Task SignIn()
                    {
                        var result = new LoginResult("x");
            #nullable restore
            #line 12 "/Pages/Login.razor"
                        await {{call}};
            #line default
            #line hidden
            #nullable disable
                    }
                }
            }
            #pragma warning restore 1591
            """;
    }

    [Fact]
    public Task KnownLimit_CustomJsFunctionIsOpaque()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Login
            {
                // authInterop.saveToken writes localStorage in a .js file the analyzer does not read; only its name hints at it.
                async Task Save(IJSRuntime js, string value) => await js.InvokeVoidAsync("authInterop.save", "token", value);
            }
            """);

    [Fact]
    public Task IdentifierReturnedByAHelper()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Login
            {
                // The flow engine follows the helper's return value (a known false negative before the analysis core).
                string Store() => "localStorage.setItem";
                async Task Save(IJSRuntime js, string value) => await {|JWT011:js.InvokeVoidAsync(Store(), "token", value)|};
            }
            """);

    [Fact]
    public Task Fix_TokenStore_InComponent_AddsInjectedStore()
        => Verify.VerifyCodeFixAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Components;
            using Microsoft.JSInterop;
            public class Login : ComponentBase
            {
                [Inject] private IJSRuntime JS { get; set; } = default!;
                private async Task SignIn(string accessToken, string refresh)
                {
                    await {|JWT011:JS.InvokeVoidAsync("localStorage.setItem", "access_token", accessToken)|};
                    await {|JWT011:JS.InvokeVoidAsync("sessionStorage.setItem", "refresh_token", refresh)|};
                }
            }
            """, """
            using System.Threading.Tasks;
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Components;
            using Microsoft.JSInterop;
            public class Login : ComponentBase
            {
                [Inject] private ISecureTokenStore TokenStore { get; set; } = default!;
                [Inject] private IJSRuntime JS { get; set; } = default!;
                private async Task SignIn(string accessToken, string refresh)
                {
                    await TokenStore.SetAsync("access_token", accessToken);
                    await TokenStore.SetAsync("refresh_token", refresh);
                }
            }
            """, JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix.TokenStoreKey, withRuntime: true);

    [Fact]
    public Task Fix_TokenStore_UsesExistingMember()
    {
        var test = new CSharpCodeFixVerifier<DoNotStoreTokensInBrowserStorageAnalyzer, JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix>.Test
        {
            TestState =
            {
                Sources =
                {
                    """
                    using System.Threading.Tasks;
                    using Blazored.LocalStorage;
                    using JwtAnalyzers.Runtime;
                    class AuthService
                    {
                        private readonly ILocalStorageService _storage;
                        private readonly ISecureTokenStore _tokens;
                        public AuthService(ILocalStorageService storage, ISecureTokenStore tokens) { _storage = storage; _tokens = tokens; }
                        public async Task Save(string jwt)
                        {
                            await {|JWT011:_storage.SetItemAsync("authToken", jwt)|};
                            await {|JWT011:_storage.SetItemAsStringAsync("refreshToken", jwt)|};
                        }
                    }
                    """,
                    Blazored,
                },
            },
            FixedState =
            {
                Sources =
                {
                    """
                    using System.Threading.Tasks;
                    using Blazored.LocalStorage;
                    using JwtAnalyzers.Runtime;
                    class AuthService
                    {
                        private readonly ILocalStorageService _storage;
                        private readonly ISecureTokenStore _tokens;
                        public AuthService(ILocalStorageService storage, ISecureTokenStore tokens) { _storage = storage; _tokens = tokens; }
                        public async Task Save(string jwt)
                        {
                            await _tokens.SetAsync("authToken", jwt);
                            await _tokens.SetAsync("refreshToken", jwt);
                        }
                    }
                    """,
                    Blazored,
                },
            },
            CodeActionEquivalenceKey = JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix.TokenStoreKey,
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
        };
        return test.RunAsync();
    }

    [Fact]
    public Task NoFix_WithoutRuntimeOrOutsideComponent()
        => Verify.VerifyCodeFixAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Service
            {
                async Task Save(IJSRuntime js, string jwt)
                {
                    // Not a component and no ISecureTokenStore member: the fix would have to change the constructor.
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "token", jwt)|};
                }
            }
            """, """
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Service
            {
                async Task Save(IJSRuntime js, string jwt)
                {
                    // Not a component and no ISecureTokenStore member: the fix would have to change the constructor.
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "token", jwt)|};
                }
            }
            """, withRuntime: true);
}
