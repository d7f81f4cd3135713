// Shared test support: linked into the test projects that need a machine service (a browser, redis-server) with
//   <Compile Include="..\Shared\RequiresServiceFactAttribute.cs" Link="Shared\RequiresServiceFactAttribute.cs" />
// xunit 2.9 has no dynamic skip: a FactAttribute whose constructor sets Skip is the supported way to decide at
// discovery time.
using Xunit;

namespace JwtAnalyzers.Tests.Shared;

/// <summary>A program a test needs from the machine, and the Debian packages that provide it.</summary>
public sealed class MachineService
{
    /// <summary>
    /// The environment variable that turns "skip when missing" into "fail when missing". <c>.ci/run</c> sets it to 1,
    /// so a CI machine that lost a service fails instead of passing with fewer tests.
    /// </summary>
    public const string RequireServicesVariable = "JWTANALYZERS_REQUIRE_SERVICES";

    /// <summary>Debian's Chromium and its WebDriver, at the paths the Debian packages install them to.</summary>
    public static readonly MachineService Chromium = new(
        "Chromium and chromedriver", "chromium chromium-driver", "/usr/bin/chromium", "/usr/bin/chromedriver");

    /// <summary>A redis-server executable on PATH (the tests start their own instance on 127.0.0.1).</summary>
    public static readonly MachineService RedisServer = new("redis-server", "redis-server", "redis-server");

    private MachineService(string name, string debianPackages, params string[] executables)
    {
        Name = name;
        DebianPackages = debianPackages;
        Executables = executables;
    }

    public string Name { get; }

    /// <summary>Space-separated, as given to <c>apt-get install</c>.</summary>
    public string DebianPackages { get; }

    /// <summary>Absolute paths, or names looked up on PATH.</summary>
    public IReadOnlyList<string> Executables { get; }

    /// <summary>True when <see cref="RequireServicesVariable"/> is 1 (or true): missing services fail the tests.</summary>
    public static bool Required =>
        Environment.GetEnvironmentVariable(RequireServicesVariable) is "1" or "true" or "True" or "TRUE";

    /// <summary>The executables that cannot be found, empty when the service is installed.</summary>
    public IReadOnlyList<string> Missing() => Executables.Where(e => Find(e) is null).ToArray();

    /// <summary>Full path of an executable: itself when absolute, else the first match on PATH.</summary>
    public static string? Find(string executable)
    {
        if (Path.IsPathRooted(executable))
        {
            return File.Exists(executable) ? executable : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>What is missing and how to install it; null when nothing is missing.</summary>
    public string? MissingMessage()
    {
        var missing = Missing();
        return missing.Count == 0
            ? null
            : $"{Name} not found ({string.Join(", ", missing)}): install the Debian packages with "
              + $"'sudo apt-get update && sudo apt-get install -y {DebianPackages}'. Without them this test skips, "
              + $"unless {RequireServicesVariable}=1 (set by .ci/run) makes it required.";
    }

    /// <summary>Throws with <see cref="MissingMessage"/> when the service is missing (for fixtures and constructors).</summary>
    public void EnsureInstalled()
    {
        if (MissingMessage() is { } message)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>The skip reason for a test that needs the services, or null when it must run.</summary>
    public static string? SkipReason(IEnumerable<MachineService> services)
    {
        if (Required)
        {
            // Run, so that the test (or its fixture, through EnsureInstalled) fails with the missing-service message.
            return null;
        }

        var messages = services.Select(s => s.MissingMessage()).OfType<string>().ToArray();
        return messages.Length == 0 ? null : string.Join(" ", messages);
    }

    public static MachineService Get(Service service) => service switch
    {
        Service.Chromium => Chromium,
        Service.RedisServer => RedisServer,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };
}

/// <summary>The machine services known to <see cref="MachineService"/> (attribute arguments must be constants).</summary>
public enum Service
{
    Chromium,
    RedisServer,
}

/// <summary>
/// A fact that needs programs from the machine: skipped with a message naming the Debian packages to install when
/// one is missing, and run (so it fails) when <c>JWTANALYZERS_REQUIRE_SERVICES=1</c>. The test, or its fixture, calls
/// <see cref="MachineService.EnsureInstalled"/> to fail with the same message.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresServiceFactAttribute : FactAttribute
{
    public RequiresServiceFactAttribute(params Service[] services)
    {
        Services = services;
        if (Skip is null && MachineService.SkipReason(services.Select(MachineService.Get)) is { } reason)
        {
            Skip = reason;
        }
    }

    public IReadOnlyList<Service> Services { get; }
}

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="RequiresServiceFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresServiceTheoryAttribute : TheoryAttribute
{
    public RequiresServiceTheoryAttribute(params Service[] services)
    {
        Services = services;
        if (Skip is null && MachineService.SkipReason(services.Select(MachineService.Get)) is { } reason)
        {
            Skip = reason;
        }
    }

    public IReadOnlyList<Service> Services { get; }
}
