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

    /// <summary>Runs the analyzer over <paramref name="source"/> plus the Blazored declarations.</summary>
    private static Task VerifyWithBlazored(string source)
    {
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestState = { Sources = { source, Blazored } },
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Wrapper_GenericSetItem_SerialisesIntoLocalStorage()
        => Verify.VerifyAnalyzerAsync("""
            using System.IdentityModel.Tokens.Jwt;
            using System.Text.Json;
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class BrowserStorage
            {
                private readonly IJSRuntime _js;
                public BrowserStorage(IJSRuntime js) => _js = js;
                // Silent here: the key and the value are whatever the caller passes.
                public async Task SetItem<T>(string key, T value)
                {
                    var json = JsonSerializer.Serialize(value);
                    await _js.InvokeVoidAsync("localStorage.setItem", key, json);
                }
                public Task SetString(string name, string data) => _js.InvokeVoidAsync("sessionStorage.setItem", name, data).AsTask();
            }
            class Login
            {
                async Task SignIn(BrowserStorage storage, JwtSecurityToken token, string value, string userName)
                {
                    var jwt = new JwtSecurityTokenHandler().WriteToken(token);
                    await {|JWT011:storage.SetItem("user", jwt)|};
                    await {|JWT011:storage.SetItem("authToken", value)|};
                    await {|JWT011:storage.SetString("refresh_token", value)|};
                    var raw = jwt;
                    await {|JWT011:storage.SetString("s", raw)|};
                    // Non-token keys with non-token values through the same wrapper stay silent.
                    await storage.SetItem("theme", "dark");
                    await storage.SetItem("user", userName);
                    await storage.SetString("culture", value);
                }
            }
            """);

    [Fact]
    public Task Wrapper_JsIdentifierConstantInAnotherFile_AndLocalFunction()
    {
        // The wrapper's own file never spells localStorage: the identifier is a constant of another file. The
        // per-compilation gate on wrapper names must still find the wrapper, its caller two levels up, and a local
        // function that does the write.
        var test = new CSharpAnalyzerVerifier<DoNotStoreTokensInBrowserStorageAnalyzer>.Test
        {
            TestState =
            {
                Sources =
                {
                    """
                    static class JsNames
                    {
                        public const string Store = "localStorage.setItem";
                        public static string Session => "sessionStorage.setItem";
                        public static string Local { get { return "localStorage.setItem"; } }
                    }
                    """,
                    """
                    using System.Threading.Tasks;
                    using Microsoft.JSInterop;
                    class Persist
                    {
                        private readonly IJSRuntime _js;
                        public Persist(IJSRuntime js) => _js = js;
                        public ValueTask Put(string key, string value) => _js.InvokeVoidAsync(JsNames.Store, key, value);
                        public ValueTask Keep(string name, string text) => Put(name, text);
                        public ValueTask PutSession(string key, string value) => _js.InvokeVoidAsync(JsNames.Session, key, value);
                        public ValueTask PutLocal(string key, string value) => _js.InvokeVoidAsync(JsNames.Local, key, value);
                        public async Task Stash(string key, string value)
                        {
                            await Write();
                            async Task Write() => await _js.InvokeVoidAsync(JsNames.Store, key, value);
                        }
                    }
                    """,
                    """
                    using System.Threading.Tasks;
                    class Session
                    {
                        async Task SignIn(Persist persist, string accessToken, string theme)
                        {
                            await {|JWT011:persist.Put("k", accessToken)|};
                            await {|JWT011:persist.Keep("k", accessToken)|};
                            await {|JWT011:persist.Stash("k", accessToken)|};
                            await {|JWT011:persist.PutSession("k", accessToken)|};
                            await {|JWT011:persist.PutLocal("k", accessToken)|};
                            await persist.Put("theme", theme);
                            await persist.Keep("theme", theme);
                        }
                    }
                    """,
                },
            },
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Wrapper_TwoLevels_AndBlazoredInside()
        => VerifyWithBlazored("""
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            class Storage
            {
                private readonly ILocalStorageService _local;
                public Storage(ILocalStorageService local) => _local = local;
                public ValueTask Save<T>(string key, T data) => _local.SetItemAsync(key, data);
                // A wrapper of the wrapper.
                public ValueTask Remember(string what, string text) => Save(what, text);
            }
            class Login
            {
                async Task SignIn(Storage storage, string accessToken, string value)
                {
                    await {|JWT011:storage.Save("k", accessToken)|};
                    await {|JWT011:storage.Remember("jwt", value)|};
                    await storage.Remember("theme", value);
                }
            }
            """);

    [Fact]
    public Task Wrapper_BehindAnInterface()
        => VerifyWithBlazored("""
            using System.Threading.Tasks;
            using Blazored.SessionStorage;
            using Microsoft.JSInterop;
            public interface IStorage
            {
                Task SetAsync(string key, object value);
            }
            sealed class JsStorage : IStorage
            {
                private readonly IJSRuntime _js;
                public JsStorage(IJSRuntime js) => _js = js;
                public async Task SetAsync(string key, object value) => await _js.InvokeVoidAsync("localStorage.setItem", key, System.Text.Json.JsonSerializer.Serialize(value));
            }
            sealed class SessionStorage : IStorage
            {
                private readonly ISessionStorageService _session;
                public SessionStorage(ISessionStorageService session) => _session = session;
                async Task IStorage.SetAsync(string key, object value) => await _session.SetItemAsync(key, value);
            }
            class Login
            {
                private readonly IStorage _storage;
                public Login(IStorage storage) => _storage = storage;
                async Task SignIn(string refreshToken, string culture)
                {
                    await {|JWT011:_storage.SetAsync("refresh", refreshToken)|};
                    await {|JWT011:_storage.SetAsync("token", culture)|};
                    await _storage.SetAsync("culture", culture);
                }
            }
            """);

    [Fact]
    public Task ObjectsWithTokenMembers_Blazored()
        => VerifyWithBlazored("""
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            using Blazored.SessionStorage;
            public sealed record AuthSession(string UserName, string AccessToken, string RefreshToken);
            public sealed class LoginResult { public string? IdToken { get; set; } public string? Name { get; set; } }
            public sealed class TokenPair { public string Token { get; set; } = ""; }
            public sealed class UserState { public string Name { get; set; } = ""; public TokenPair Tokens { get; set; } = new(); }
            class Login
            {
                async Task Save(ILocalStorageService local, ISessionStorageService session, ISyncLocalStorageService sync, AuthSession auth, LoginResult result, UserState state)
                {
                    await {|JWT011:local.SetItemAsync("session", auth)|};
                    await {|JWT011:session.SetItemAsync("login", result)|};
                    {|JWT011:sync.SetItem("pair", new TokenPair { Token = "x" })|};
                    // One member down: the user state holds the token pair.
                    await {|JWT011:local.SetItemAsync("state", state)|};
                }
            }
            """);

    [Fact]
    public Task ObjectsWithTokenMembers_JsInteropSerialised()
        => Verify.VerifyAnalyzerAsync("""
            using System.Text.Json;
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            public sealed record AuthSession(string UserName, string AccessToken);
            class Login
            {
                async Task Save(IJSRuntime js, AuthSession auth)
                {
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "session", JsonSerializer.Serialize(auth))|};
                    var json = JsonSerializer.Serialize(auth);
                    await {|JWT011:js.InvokeVoidAsync("sessionStorage.setItem", "s", json)|};
                    // JS interop serialises its arguments itself.
                    await {|JWT011:js.InvokeVoidAsync("localStorage.setItem", "s", auth)|};
                }
            }
            """);

    [Fact]
    public Task Wrapper_ObjectWithTokenMembers()
        => Verify.VerifyAnalyzerAsync("""
            using System.Text.Json;
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            public sealed record AuthSession(string UserName, string AccessToken);
            public sealed record Preferences(string Theme, string Culture);
            class Storage
            {
                private readonly IJSRuntime _js;
                public Storage(IJSRuntime js) => _js = js;
                public async Task SetItem<T>(string key, T value) => await _js.InvokeVoidAsync("localStorage.setItem", key, JsonSerializer.Serialize(value));
            }
            class Login
            {
                async Task Save(Storage storage, AuthSession auth, Preferences preferences)
                {
                    await {|JWT011:storage.SetItem("session", auth)|};
                    await storage.SetItem("preferences", preferences);
                }
            }
            """);

    /// <summary>
    /// One diagnostic per hole: when the flow engine resolves the wrapper's key to the constant of its only call site,
    /// the write inside the wrapper is reported (as any write with a token key) and its caller is not reported again.
    /// </summary>
    [Fact]
    public Task Wrapper_SingleCallSite_ReportedOnceInsideTheWrapper()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Login
            {
                private readonly IJSRuntime _js;
                public Login(IJSRuntime js) => _js = js;
                private async Task Put(string key, string value) => await {|JWT011:_js.InvokeVoidAsync("localStorage.setItem", key, value)|};
                public Task SignIn(string value) => Put("access_token", value);
            }
            """);

    /// <summary>A wrapper around .NET 10 <c>SetValueAsync("localStorage.x", value)</c>; its identifier is not a stored value.</summary>
    [Fact]
    public Task Wrapper_SetValueAsync()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Storage
            {
                private readonly IJSRuntime _js;
                public Storage(IJSRuntime js) => _js = js;
                public ValueTask Remember(string data) => _js.SetValueAsync("localStorage.data", data);
                // The parameter is the identifier (which property is written), not the value written.
                public ValueTask Clear(string which) => _js.SetValueAsync(which, "");
            }
            class Login
            {
                async Task SignIn(Storage storage, string jwt, string theme)
                {
                    await {|JWT011:storage.Remember(jwt)|};
                    await storage.Remember(theme);
                    await storage.Clear("localStorage.accessToken");
                    await storage.Clear("sessionStorage.theme");
                }
            }
            """);

    /// <summary>A recursive wrapper and a virtual one overridden in the compilation: summarised without looping.</summary>
    [Fact]
    public Task Wrapper_RecursiveAndOverridden()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            class Storage
            {
                protected readonly IJSRuntime Js;
                public Storage(IJSRuntime js) => Js = js;
                public async Task Put(string key, string value, int retries)
                {
                    if (retries > 0)
                    {
                        await Put(key, value, retries - 1);
                    }
                    await Js.InvokeVoidAsync("localStorage.setItem", key, value);
                }
                public virtual Task Save(string key, string value) => Task.CompletedTask;
            }
            sealed class SessionBacked : Storage
            {
                public SessionBacked(IJSRuntime js) : base(js) { }
                public override async Task Save(string key, string value) => await Js.InvokeVoidAsync("sessionStorage.setItem", key, value);
            }
            class Login
            {
                async Task SignIn(Storage storage, string value, string jwt)
                {
                    await {|JWT011:storage.Put("jwt", value, 3)|};
                    await storage.Put("theme", value, 1);
                    await {|JWT011:storage.Save("k", jwt)|};
                    await storage.Save("k", value);
                }
            }
            """);

    /// <summary>Look-alikes of the new shapes: none writes a token to browser storage.</summary>
    [Fact]
    public Task NoDiagnostic_WrapperAndObjectLookAlikes()
        => VerifyWithBlazored("""
            using System.Collections.Generic;
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            using Microsoft.JSInterop;
            public sealed record Preferences(string Theme, string TokenType, string CsrfToken);
            public sealed class Job { public CancellationToken Token { get; set; } }
            public interface IStorage { Task SetAsync(string key, string value); }
            // An implementation that keeps the value in memory, not in the browser.
            sealed class MemoryStorage : IStorage
            {
                private readonly Dictionary<string, string> _values = new();
                public Task SetAsync(string key, string value) { _values[key] = value; return Task.CompletedTask; }
            }
            class Cache
            {
                private readonly Dictionary<string, string> _values = new();
                // A project method with a SetItem-like name that writes no browser storage.
                public void SetItem(string key, string value) => _values[key] = value;
            }
            class Storage
            {
                private readonly IJSRuntime _js;
                private readonly ILocalStorageService _local;
                public Storage(IJSRuntime js, ILocalStorageService local) { _js = js; _local = local; }
                // The parameter goes to the key's length and a log line, never to the stored value or key.
                public Task Touch(string token) => _js.InvokeVoidAsync("localStorage.setItem", "last-touch", token.Length.ToString()).AsTask();
                public ValueTask SaveTheme(string theme) => _local.SetItemAsync("theme", theme);
                // Reads: not a write.
                public ValueTask<string?> Get(string key) => _local.GetItemAsync<string>(key);
            }
            class Login
            {
                async Task Save(IStorage storage, Cache cache, Storage browser, ILocalStorageService local, string accessToken, Preferences preferences, Job job)
                {
                    await storage.SetAsync("access_token", accessToken);
                    cache.SetItem("access_token", accessToken);
                    await browser.Touch(accessToken);
                    await browser.SaveTheme("dark");
                    _ = await browser.Get("token");
                    // Objects without token members: metadata names, a CancellationToken.
                    await local.SetItemAsync("preferences", preferences);
                    await local.SetItemAsync("job", job);
                    await local.SetItemAsStringAsync("preferences", JsonSerializer.Serialize(preferences));
                }
            }
            """);

    /// <summary>The flow stays inside one compilation: a wrapper compiled in another project is not looked into.</summary>
    [Fact]
    public Task KnownLimit_WrapperInAnotherAssembly()
        => Verify.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            class Login
            {
                // System.Net.Http.HttpClient stands for any method compiled elsewhere: its body is not seen.
                Task Save(System.Net.Http.HttpClient http, string accessToken) => http.GetStringAsync(accessToken);
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
