using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using JwtAnalyzers.Tests.Shared;

namespace JwtAnalyzers.BrowserTests;

/// <summary>
/// Drives headless Chromium through samples/TokenStoreDemo: signing in stores the token in JwtAnalyzers.Runtime's
/// ISecureTokenStore, the page then calls a JWT-protected API with it, and the browser's localStorage,
/// sessionStorage and script-visible cookies hold no token. A control page that uses localStorage shows the probe
/// finds a token when there is one. Needs Debian's chromium and chromium-driver: without them the tests skip with a
/// message naming the packages, unless JWTANALYZERS_REQUIRE_SERVICES=1 (set by .ci/run, which installs them) makes
/// them fail.
/// </summary>
public sealed class TokenStoreBrowserTests : IClassFixture<DemoApp>, IDisposable
{
    private static readonly string ChromiumPath = MachineService.Chromium.Executables[0];
    private static readonly string ChromeDriverPath = MachineService.Chromium.Executables[1];

    /// <summary>Every key and value of both Web Storage areas, and document.cookie.</summary>
    private const string StorageProbe = """
        const dump = s => Array.from({ length: s.length }, (_, i) => s.key(i) + '=' + s.getItem(s.key(i))).join('\n');
        return 'localStorage:\n' + dump(window.localStorage) + '\nsessionStorage:\n' + dump(window.sessionStorage) + '\ncookie:\n' + document.cookie;
        """;

    private readonly DemoApp _app;
    private readonly string _profile;
    private readonly ChromeDriver _driver;

    public TokenStoreBrowserTests(DemoApp app)
    {
        _app = app;
        MachineService.Chromium.EnsureInstalled();
        _profile = Directory.CreateTempSubdirectory("jwt-browser-profile-").FullName;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + _profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
    }

    [RequiresServiceFact(Service.Chromium)]
    public void SignIn_StoresTokenOutsideWebStorage_AndApiCallSucceeds()
    {
        SignIn("");
        var result = WaitForText("result", text => text.Length > 0);
        Assert.Equal("200: secret data for alice", result);
        var redacted = _driver.FindElement(By.Id("token")).Text;
        Assert.StartsWith("jwt(alg=HS256, kid=demo, exp=", redacted, StringComparison.Ordinal);

        var storage = (string?)((IJavaScriptExecutor)_driver).ExecuteScript(StorageProbe) ?? "";
        Assert.Equal("localStorage:\n\nsessionStorage:\n\ncookie:\n", storage);
        Assert.DoesNotContain("eyJ", storage, StringComparison.Ordinal);
    }

    [RequiresServiceFact(Service.Chromium)]
    public void Control_LocalStorageWrite_IsSeenByTheProbe()
    {
        SignIn("insecure");
        WaitForText("result", text => text == "stored");
        var storage = (string?)((IJavaScriptExecutor)_driver).ExecuteScript(StorageProbe) ?? "";
        Assert.Contains("access_token=eyJ", storage, StringComparison.Ordinal);
    }

    private void SignIn(string path)
    {
        _driver.Navigate().GoToUrl(new Uri(_app.BaseAddress, path));
        // Wait for the circuit: a click on the prerendered button before that would be lost.
        WaitForText("mode", text => text == "interactive");
        _driver.FindElement(By.Id("login")).Click();
    }

    private string WaitForText(string id, Func<string, bool> condition)
    {
        var wait = new WebDriverWait(_driver, TimeSpan.FromSeconds(60));
        // Blazor re-renders the prerendered markup when the circuit starts: elements go stale in between.
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        try
        {
            return wait.Until(d =>
            {
                var text = d.FindElement(By.Id(id)).Text;
                return condition(text) ? text : null;
            })!;
        }
        catch (WebDriverTimeoutException ex)
        {
            throw new TimeoutException($"#{id} never reached the expected state. Page:\n{_driver.PageSource}\nApp output:\n{_app.Output}", ex);
        }
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
