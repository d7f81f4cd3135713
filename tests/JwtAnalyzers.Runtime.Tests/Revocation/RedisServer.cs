using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace JwtAnalyzers.Runtime.Tests.Revocation;

/// <summary>
/// A real <c>redis-server</c> from PATH on a free loopback port, without persistence, stopped on dispose. Tests that
/// need it use <see cref="RedisFactAttribute"/>: they skip when redis-server is missing, unless
/// <c>JWTANALYZERS_REQUIRE_SERVICES=1</c> (set by .ci/run), where they fail.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string RequireServicesVariable = "JWTANALYZERS_REQUIRE_SERVICES";
    public const string InstallHint = "redis-server is not on PATH: install it with 'apt-get install redis-server' (Debian/Ubuntu) to run the Redis tests.";

    private Process? process;

    public RedisServer()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static string? Executable { get; } = FindOnPath("redis-server");

    public static bool Required => Environment.GetEnvironmentVariable(RequireServicesVariable) == "1";

    public void Start()
    {
        if (Executable is null)
        {
            throw new InvalidOperationException(InstallHint + $" ({RequireServicesVariable}=1 turns the skip into this failure.)");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilReady();
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process?.Dispose();
        process = null;
    }

    public void Dispose() => Stop();

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} before accepting connections on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                var read = stream.Read(buffer);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"redis-server did not answer PING on 127.0.0.1:{Port} within 10 seconds.");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs redis-server: skipped with an install hint when it is missing, failed instead when JWTANALYZERS_REQUIRE_SERVICES=1.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null && !RedisServer.Required)
        {
            Skip = RedisServer.InstallHint + $" CI sets {RedisServer.RequireServicesVariable}=1, which makes this a failure instead of a skip.";
        }
    }
}

/// <summary>One redis-server shared by the tests of <see cref="RedisCollection"/>; each test uses its own key prefix.</summary>
public sealed class SharedRedis : IDisposable
{
    private readonly Lazy<RedisServer> server = new(() => new RedisServer());

    public RedisServer Server => server.Value;

    public void Dispose()
    {
        if (server.IsValueCreated)
        {
            server.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<SharedRedis>
{
    public const string Name = "redis";
}
