using JwtAnalyzers.CodeFixes.Rules;
using JwtAnalyzers.Tests.Verifiers;
using Verify = JwtAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    JwtAnalyzers.Rules.DoNotStoreTokensInBrowserStorageAnalyzer,
    JwtAnalyzers.CodeFixes.Rules.DoNotStoreTokensInBrowserStorageCodeFix>;

namespace JwtAnalyzers.Tests.Rules;

/// <summary>JWT011 fix: ISecureTokenStore injected the way the class already receives services; reads and removes of the key follow; the store is registered.</summary>
public class DoNotStoreTokensInBrowserStorageCodeFixTests
{
    private static Task VerifyAsync(string source, string fixedSource, string? registrationBefore = null, string? registrationAfter = null)
    {
        var test = new Verify.Test
        {
            References = TestReferences.Default.AddRange(TestReferences.Runtime),
            CodeActionEquivalenceKey = DoNotStoreTokensInBrowserStorageCodeFix.TokenStoreKey,
        };
        test.TestState.Sources.Add(("/0/Service.cs", source));
        test.TestState.Sources.Add(("/0/Blazored.cs", DoNotStoreTokensInBrowserStorageTests.Blazored));
        test.FixedState.Sources.Add(("/0/Service.cs", fixedSource));
        test.FixedState.Sources.Add(("/0/Blazored.cs", DoNotStoreTokensInBrowserStorageTests.Blazored));
        if (registrationBefore is not null)
        {
            test.TestState.Sources.Add(("/0/Program.cs", registrationBefore));
            test.FixedState.Sources.Add(("/0/Program.cs", registrationAfter!));
        }

        return test.RunAsync();
    }

    [Fact]
    public Task ConstructorInjection_ReadsAndRemovesFollow_StoreIsRegistered()
        => VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            public class AuthService
            {
                private readonly IJSRuntime _js;
                public AuthService(IJSRuntime js)
                {
                    _js = js;
                }

                public async Task SaveAsync(string accessToken)
                {
                    await {|JWT011:_js.InvokeVoidAsync("localStorage.setItem", "access_token", accessToken)|};
                }

                public async Task<string?> LoadAsync()
                {
                    var token = await _js.InvokeAsync<string?>("localStorage.getItem", "access_token");
                    return token;
                }

                public ValueTask SignOutAsync() => _js.InvokeVoidAsync("localStorage.removeItem", "access_token");
            }
            """, """
            using System.Threading.Tasks;
            using JwtAnalyzers.Runtime;
            using Microsoft.JSInterop;
            public class AuthService
            {
                private readonly ISecureTokenStore _tokenStore;
                private readonly IJSRuntime _js;
                public AuthService(IJSRuntime js, ISecureTokenStore tokenStore)
                {
                    _js = js;
                    _tokenStore = tokenStore;
                }

                public async Task SaveAsync(string accessToken)
                {
                    await _tokenStore.SetAsync("access_token", accessToken);
                }

                public async Task<string?> LoadAsync()
                {
                    var token = await _tokenStore.GetAsync("access_token");
                    return token;
                }

                public ValueTask SignOutAsync() => _tokenStore.RemoveAsync("access_token");
            }
            """, """
            using Microsoft.Extensions.DependencyInjection;
            public static class Registrations
            {
                public static void AddApp(IServiceCollection services)
                {
                    services.AddScoped<AuthService>();
                }
            }
            """, """
            using Microsoft.Extensions.DependencyInjection;
            public static class Registrations
            {
                public static void AddApp(IServiceCollection services)
                {
                    services.AddScoped<AuthService>();
                    services.AddSecureTokenStore();
                }
            }
            """);

    /// <summary>
    /// The fix classifies calls with the analyzer's own <c>StorageCalls</c>: every identifier JWT011 reports
    /// (<c>globalThis.</c>/<c>self.</c> prefixes, a constant) is fixed, and its reads/removes follow; a read of another
    /// storage or a project's own look-alike <c>GetItemAsStringAsync</c> is left alone.
    /// </summary>
    [Fact]
    public Task SameClassificationAsTheAnalyzer_PrefixesAndConstants()
        => VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.JSInterop;
            public class Cache
            {
                public ValueTask<string?> GetItemAsStringAsync(string key) => ValueTask.FromResult<string?>(null);
            }

            public class AuthService(IJSRuntime js, Cache cache)
            {
                private const string SetItem = "globalThis.localStorage.setItem";

                public async Task SaveAsync(string accessToken)
                {
                    await {|JWT011:js.InvokeVoidAsync(SetItem, "access_token", accessToken)|};
                }

                public async Task<string?> LoadAsync()
                {
                    var token = await js.InvokeAsync<string?>("self.localStorage.getItem", "access_token");
                    var other = await js.InvokeAsync<string?>("sessionStorage.getItem", "access_token");
                    var cached = await cache.GetItemAsStringAsync("access_token");
                    return token ?? other ?? cached;
                }
            }
            """, """
            using System.Threading.Tasks;
            using JwtAnalyzers.Runtime;
            using Microsoft.JSInterop;
            public class Cache
            {
                public ValueTask<string?> GetItemAsStringAsync(string key) => ValueTask.FromResult<string?>(null);
            }

            public class AuthService(IJSRuntime js, Cache cache, ISecureTokenStore tokenStore)
            {
                private const string SetItem = "globalThis.localStorage.setItem";

                public async Task SaveAsync(string accessToken)
                {
                    await tokenStore.SetAsync("access_token", accessToken);
                }

                public async Task<string?> LoadAsync()
                {
                    var token = await tokenStore.GetAsync("access_token");
                    var other = await js.InvokeAsync<string?>("sessionStorage.getItem", "access_token");
                    var cached = await cache.GetItemAsStringAsync("access_token");
                    return token ?? other ?? cached;
                }
            }
            """);

    [Fact]
    public Task PrimaryConstructor_Blazored()
        => VerifyAsync("""
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            public class AuthService(ILocalStorageService storage)
            {
                public async Task SaveAsync(string jwt)
                {
                    await {|JWT011:storage.SetItemAsStringAsync("authToken", jwt)|};
                }
            }
            """, """
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            using JwtAnalyzers.Runtime;
            public class AuthService(ILocalStorageService storage, ISecureTokenStore tokenStore)
            {
                public async Task SaveAsync(string jwt)
                {
                    await tokenStore.SetAsync("authToken", jwt);
                }
            }
            """);

    [Fact]
    public Task ComponentClass_InjectProperty_AssignedReadAndRemoveFollow()
        => VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Components;
            using Microsoft.JSInterop;
            public partial class SignIn : ComponentBase
            {
                private const string TokenKey = "auth_token";

                [Inject] private IJSRuntime JS { get; set; } = default!;

                private string? _token;

                protected override async Task OnInitializedAsync()
                {
                    _token = await JS.InvokeAsync<string?>("localStorage.getItem", TokenKey);
                }

                public async Task OnTokenReceivedAsync(string token)
                {
                    _token = token;
                    await {|JWT011:JS.InvokeVoidAsync("localStorage.setItem", TokenKey, token)|};
                }

                public async Task SignOutAsync()
                {
                    _token = null;
                    await JS.InvokeVoidAsync("localStorage.removeItem", TokenKey);
                }

                // FP guard: a read of another key stays as it is.
                public ValueTask<string?> ThemeAsync() => JS.InvokeAsync<string?>("localStorage.getItem", "theme");
            }
            """, """
            using System.Threading.Tasks;
            using JwtAnalyzers.Runtime;
            using Microsoft.AspNetCore.Components;
            using Microsoft.JSInterop;
            public partial class SignIn : ComponentBase
            {
                [Inject] private ISecureTokenStore TokenStore { get; set; } = default!;
                private const string TokenKey = "auth_token";

                [Inject] private IJSRuntime JS { get; set; } = default!;

                private string? _token;

                protected override async Task OnInitializedAsync()
                {
                    _token = await TokenStore.GetAsync(TokenKey);
                }

                public async Task OnTokenReceivedAsync(string token)
                {
                    _token = token;
                    await TokenStore.SetAsync(TokenKey, token);
                }

                public async Task SignOutAsync()
                {
                    _token = null;
                    await TokenStore.RemoveAsync(TokenKey);
                }

                // FP guard: a read of another key stays as it is.
                public ValueTask<string?> ThemeAsync() => JS.InvokeAsync<string?>("localStorage.getItem", "theme");
            }
            """);

    [Fact]
    public Task NotOffered_ForANonStringValue()
    {
        const string source = """
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            public class Session { public string AccessToken { get; set; } = ""; }
            public class AuthService(ILocalStorageService storage)
            {
                public async Task SaveAsync(Session session)
                {
                    await {|JWT011:storage.SetItemAsync("access_token", session)|};
                }
            }
            """;
        return VerifyAsync(source, source);
    }

    /// <summary>
    /// The new shapes get no fix: a wrapper's call site (the wrapper also stores other things, and its other callers
    /// would keep writing browser storage) and an object with token members (ISecureTokenStore holds strings).
    /// </summary>
    [Fact]
    public Task NoFix_WrapperCallAndObjectWithTokenMembers()
    {
        const string Source = """
            using System.Text.Json;
            using System.Threading.Tasks;
            using Blazored.LocalStorage;
            using JwtAnalyzers.Runtime;
            using Microsoft.JSInterop;
            public sealed record AuthSession(string UserName, string AccessToken);
            public class AuthService
            {
                private readonly IJSRuntime _js;
                private readonly ILocalStorageService _local;
                private readonly ISecureTokenStore _tokens;
                public AuthService(IJSRuntime js, ILocalStorageService local, ISecureTokenStore tokens) { _js = js; _local = local; _tokens = tokens; }
                public async Task SetItem<T>(string key, T value) => await _js.InvokeVoidAsync("localStorage.setItem", key, JsonSerializer.Serialize(value));
                public async Task SignIn(string accessToken, AuthSession session)
                {
                    await {|JWT011:SetItem("auth", accessToken)|};
                    await {|JWT011:_local.SetItemAsync("session", session)|};
                    await SetItem("theme", "dark");
                }
            }
            """;
        return VerifyAsync(Source, Source);
    }
}
