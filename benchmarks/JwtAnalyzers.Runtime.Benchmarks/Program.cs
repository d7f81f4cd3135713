using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using JwtAnalyzers.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime.Benchmarks;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bdn")
        {
            // In process: no generated project to rebuild (which times out on a loaded build machine).
            var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            BenchmarkRunner.Run<RevocationValidationBenchmarks>(config, args.Skip(1).ToArray());
            return 0;
        }

        var seconds = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 5;
        var workers = args.Length > 1 && int.TryParse(args[1], out var w) ? w : 16;
        using var redis = RedisProcess.TryStart();
        Console.WriteLine($"Load average before: {LoadAverage()}. Load: {seconds} s per case, {workers} concurrent validators, {Environment.ProcessorCount} cores, HS256 tokens, revoked-token denylist of 10,000 entries.");
        Console.WriteLine(redis is null ? "redis-server not on PATH: Redis cases skipped (apt-get install redis-server)." : $"redis-server {redis.Configuration}");
        Console.WriteLine();
        Console.WriteLine("| Store | Local cache | Validations/s | Mean latency | CPU per validation (this process) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var store in Scenario.All(redis?.Configuration))
        {
            // Unreported warm-up of every case first, so tiered JIT does not favour the cases that run last.
            await using var warm = await Scenario.CreateAsync(store);
            await warm.LoadAsync(TimeSpan.FromSeconds(1), workers);
        }

        foreach (var store in Scenario.All(redis?.Configuration))
        {
            await using var scenario = await Scenario.CreateAsync(store);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (count, elapsed) = await scenario.LoadAsync(TimeSpan.FromSeconds(seconds), workers);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"| {store.Name} | {store.LocalCache} | {count / elapsed.TotalSeconds:N0} | {elapsed.TotalMilliseconds * workers / count:0.000} ms | {cpu.TotalMicroseconds / count:0.0} µs |");
        }

        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}

/// <summary>One configuration: strict parameters, a revocation service (or none), and tokens to validate.</summary>
public sealed class Scenario : IAsyncDisposable
{
    private readonly ServiceProvider? services;
    private readonly TokenValidationParameters parameters;
    private readonly string[] tokens;
    private readonly TokenRevocationService? revocation;

    private Scenario(ServiceProvider? services, TokenValidationParameters parameters, string[] tokens)
    {
        this.services = services;
        this.parameters = parameters;
        this.tokens = tokens;
        revocation = services?.GetRequiredService<TokenRevocationService>();
    }

    public sealed record Store(string Name, string LocalCache, Action<JwtRevocationOptions>? Configure);

    public static IEnumerable<Store> All(string? redis)
    {
        yield return new Store("none (SafeTokenValidation only)", "-", null);
        yield return new Store("in-memory", "-", _ => { });
        if (redis is not null)
        {
            yield return new Store("Redis", "off (bound 0 s)", o => o.UseRedis(redis));
            yield return new Store("Redis", "1 s (bound 1 s)", o => { o.UseRedis(redis); o.LocalCacheDuration = TimeSpan.FromSeconds(1); });
        }
    }

    public static async Task<Scenario> CreateAsync(Store store)
    {
        var key = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var parameters = StrictTokenValidation.Create(o =>
        {
            o.ValidIssuers.Add("https://issuer.bench");
            o.ValidAudiences.Add("bench");
            o.SigningKeys.Add(key);
        });
        var handler = new JsonWebTokenHandler();
        var tokens = Enumerable.Range(0, 1000).Select(i => handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.bench",
            Audience = "bench",
            Subject = new ClaimsIdentity(new[] { new Claim("sub", "user-" + (i % 100)) }),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString("N") },
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        })).ToArray();

        ServiceProvider? services = null;
        if (store.Configure is not null)
        {
            services = new ServiceCollection().AddJwtRevocation(o =>
            {
                o.KeyPrefix = $"bench-{Guid.NewGuid():N}:";
                store.Configure(o);
            }).BuildServiceProvider();
            var revocation = services.GetRequiredService<TokenRevocationService>();
            for (var i = 0; i < 10_000; i++)
            {
                await revocation.RevokeTokenAsync("revoked-" + i, DateTimeOffset.UtcNow.AddMinutes(30));
            }
        }

        var scenario = new Scenario(services, parameters, tokens);
        for (var i = 0; i < 200; i++)
        {
            await scenario.ValidateAsync(i);
        }

        return scenario;
    }

    public Task<ClaimsPrincipal> ValidateAsync(int i) => revocation is null
        ? SafeTokenValidation.ValidateAsync(tokens[i % tokens.Length], parameters)
        : SafeTokenValidation.ValidateAndCheckRevocationAsync(tokens[i % tokens.Length], parameters, revocation);

    public async Task<(long Count, TimeSpan Elapsed)> LoadAsync(TimeSpan duration, int workers)
    {
        long count = 0;
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var i = w * 7919;
            while (stopwatch.Elapsed < duration)
            {
                await ValidateAsync(i++);
                Interlocked.Increment(ref count);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return (count, stopwatch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }
}

/// <summary>Per-validation latency, one caller at a time (BenchmarkDotNet).</summary>
[MemoryDiagnoser]
public class RevocationValidationBenchmarks
{
    private static RedisProcess? redis;
    private Scenario? scenario;
    private int i;

    [Params("none", "in-memory", "redis", "redis+local-1s")]
    public string Store { get; set; } = "none";

    [GlobalSetup]
    public async Task Setup()
    {
        if (Store.StartsWith("redis", StringComparison.Ordinal))
        {
            redis ??= RedisProcess.TryStart() ?? throw new InvalidOperationException("redis-server is not on PATH: apt-get install redis-server.");
        }

        var store = Scenario.All(redis?.Configuration).ElementAt(Store switch { "none" => 0, "in-memory" => 1, "redis" => 2, _ => 3 });
        scenario = await Scenario.CreateAsync(store);
    }

    [Benchmark]
    public Task<ClaimsPrincipal> Validate() => scenario!.ValidateAsync(i++);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await scenario!.DisposeAsync();
        redis?.Dispose();
        redis = null;
    }
}

/// <summary>redis-server from PATH on a free loopback port, without persistence.</summary>
public sealed class RedisProcess : IDisposable
{
    private readonly Process process;

    private RedisProcess(Process process, int port)
    {
        this.process = process;
        Configuration = $"127.0.0.1:{port}";
    }

    public string Configuration { get; }

    public static RedisProcess? TryStart()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);
        if (executable is null)
        {
            return null;
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        process.Kill();
        throw new TimeoutException("redis-server did not start.");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}
