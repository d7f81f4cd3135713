using System.Text;

namespace JwtAnalyzers.Benchmarks;

/// <summary>A generated source file (path and text).</summary>
internal sealed record SourceFile(string Path, string Text);

/// <summary>
/// Generates the source of an ASP.NET Core back end the way real ones are written: repositories, services,
/// controllers, minimal-API endpoints, options classes and their registration, middleware, background workers,
/// Blazor-style JS interop services and cookie handling, with logging on most code paths (structured templates,
/// interpolated messages, scopes, <c>LoggerMessage.Define</c>, exceptions, the odd <c>Console</c>/<c>Debug</c>
/// write) and <c>CancellationToken</c> parameters everywhere. A chosen share of the files uses JWT APIs: token
/// issuing (IdentityModel), JwtBearer/OpenID Connect setup with events, validation and refresh services, claims read
/// from the Authorization header, Jwt.Net and jose-jwt, tokens written to cookies and browser storage; about one JWT
/// file in four carries an insecure shape, so the rules also report. The same generator with JWT turned off writes the
/// same project with every JWT file replaced by an ordinary file of the same size class: "ASP.NET Core referenced, no
/// JWT library". Deterministic: the same arguments give the same text.
/// </summary>
internal static class ProjectGenerator
{
    private static readonly (string Area, string Entity)[] Areas =
    [
        ("Orders", "Order"), ("Customers", "Customer"), ("Billing", "Invoice"), ("Inventory", "StockItem"),
        ("Shipping", "Shipment"), ("Catalog", "Product"), ("Reviews", "Review"), ("Notifications", "Notification"),
        ("Reports", "Report"), ("Payments", "Payment"), ("Accounts", "Account"), ("Search", "SearchQuery"),
        ("Analytics", "Metric"), ("Files", "StoredFile"), ("Audit", "AuditEntry"), ("Pricing", "PriceRule"),
        ("Tenants", "Tenant"), ("Subscriptions", "Subscription"), ("Messaging", "Message"), ("Scheduling", "Appointment"),
    ];

    private const string GlobalUsings = """
        // The implicit usings of the ASP.NET Core (Web) SDK.
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Net.Http.Json;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        global using global::Microsoft.AspNetCore.Builder;
        global using global::Microsoft.AspNetCore.Hosting;
        global using global::Microsoft.AspNetCore.Http;
        global using global::Microsoft.AspNetCore.Routing;
        global using global::Microsoft.Extensions.Configuration;
        global using global::Microsoft.Extensions.DependencyInjection;
        global using global::Microsoft.Extensions.Hosting;
        global using global::Microsoft.Extensions.Logging;
        """;

    /// <summary>Whether file <paramref name="index"/> is one of the JWT files (spread evenly over the project).</summary>
    public static bool IsJwtFile(int index, double jwtShare)
        => jwtShare > 0 && Math.Floor((index + 1) * jwtShare) > Math.Floor(index * jwtShare);

    public static IReadOnlyList<SourceFile> Generate(int files, double jwtShare, bool withJwt)
    {
        var result = new List<SourceFile>(files + 1) { new("GlobalUsings.g.cs", GlobalUsings) };
        for (var i = 0; i < files; i++)
        {
            var (area, entity) = Areas[i % Areas.Length];
            var random = new Random(i * 7919 + 17);
            var jwt = IsJwtFile(i, jwtShare);
            string text;
            if (jwt && withJwt)
            {
                text = JwtFile(i, area, entity, random);
            }
            else
            {
                // A JWT file in the project without JWT becomes an ordinary file; the mix of the other files is the same.
                text = OrdinaryFile(jwt ? (i / 3) : i, i, area, entity, random);
            }

            result.Add(new SourceFile($"{area}/{area}{i}.cs", text));
        }

        return result;
    }

    /// <summary>The appsettings.json of the project (an additional file, as the SDK passes it to analyzers).</summary>
    public static string AppSettings(bool withJwt) => withJwt
        ? """
          {
            "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
            "Auth": { "Authority": "https://login.contoso.example", "Issuer": "https://login.contoso.example", "Audience": "contoso-api" },
            "Jwt": { "Issuer": "https://contoso.example", "Audience": "contoso-api", "LifetimeMinutes": 15 },
            "AllowedHosts": "*"
          }
          """
        : """
          {
            "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
            "AllowedHosts": "*"
          }
          """;

    // ---------------------------------------------------------------------------------------------------------------
    // Ordinary files
    // ---------------------------------------------------------------------------------------------------------------

    private static string OrdinaryFile(int kindSelector, int i, string area, string entity, Random random)
    {
        var body = (kindSelector % 10) switch
        {
            0 => Repository(i, entity, random),
            1 => Service(i, entity, random),
            2 => Controller(i, area, entity, random),
            3 => Service(i, entity, random),
            4 => OptionsSetup(i, area, entity, random),
            5 => Middleware(i, area, random),
            6 => JsInteropService(i, area, random),
            7 => Worker(i, entity, random),
            8 => Endpoints(i, area, entity, random),
            _ => Mapper(i, entity, random),
        };
        return Header(area, "System.Collections.Concurrent", "System.Diagnostics", "System.Text", "Microsoft.AspNetCore.Mvc",
            "Microsoft.Extensions.Options", "Microsoft.JSInterop") + body;
    }

    private static string Header(string area, params string[] usings)
    {
        var sb = new StringBuilder();
        foreach (var u in usings)
        {
            sb.Append("using ").Append(u).Append(";\n");
        }

        sb.Append("\nnamespace Contoso.Shop.").Append(area).Append(";\n\n");
        return sb.ToString();
    }

    private static string Entity(int i, string entity) => $$"""
        public sealed record {{entity}}{{i}}(Guid Id, string Name, decimal Amount, DateTimeOffset CreatedAt, string? Notes)
        {
            public bool IsLarge => Amount > 1000m;
        }

        public sealed record Create{{entity}}{{i}}Request(string Name, decimal Amount, string? Notes);

        """;

    private static string Repository(int i, string entity, Random random)
    {
        var sb = new StringBuilder(Entity(i, entity));
        sb.Append($$"""
            public interface I{{entity}}{{i}}Repository
            {
                Task<{{entity}}{{i}}?> FindAsync(Guid id, CancellationToken cancellationToken);
                Task<IReadOnlyList<{{entity}}{{i}}>> ListAsync(int skip, int take, CancellationToken cancellationToken);
                Task SaveAsync({{entity}}{{i}} item, CancellationToken cancellationToken);
                Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
            }

            public sealed class {{entity}}{{i}}Repository : I{{entity}}{{i}}Repository
            {
                private readonly ConcurrentDictionary<Guid, {{entity}}{{i}}> _items = new();
                private readonly ILogger<{{entity}}{{i}}Repository> _logger;

                public {{entity}}{{i}}Repository(ILogger<{{entity}}{{i}}Repository> logger) => _logger = logger;

                public Task<{{entity}}{{i}}?> FindAsync(Guid id, CancellationToken cancellationToken)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (_items.TryGetValue(id, out var item))
                    {
                        _logger.LogDebug("Found {{entity}} {Id}", id);
                        return Task.FromResult<{{entity}}{{i}}?>(item);
                    }

                    _logger.LogInformation("{{entity}} {Id} not found", id);
                    return Task.FromResult<{{entity}}{{i}}?>(null);
                }

                public Task<IReadOnlyList<{{entity}}{{i}}>> ListAsync(int skip, int take, CancellationToken cancellationToken)
                {
                    if (take <= 0 || take > 500)
                    {
                        _logger.LogWarning("Invalid page size {Take}, using 50", take);
                        take = 50;
                    }

                    var page = _items.Values.OrderBy(x => x.CreatedAt).Skip(skip).Take(take).ToList();
                    _logger.LogDebug("Listed {Count} {{entity}} items from {Skip}", page.Count, skip);
                    return Task.FromResult<IReadOnlyList<{{entity}}{{i}}>>(page);
                }

                public Task SaveAsync({{entity}}{{i}} item, CancellationToken cancellationToken)
                {
                    _items.AddOrUpdate(item.Id, item, (_, _) => item);
                    _logger.LogInformation("Saved {{entity}} {Id} ({Name}, {Amount})", item.Id, item.Name, item.Amount);
                    return Task.CompletedTask;
                }

                public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
                {
                    var removed = _items.TryRemove(id, out _);
                    if (!removed)
                    {
                        _logger.LogWarning("Delete of unknown {{entity}} {Id}", id);
                    }

                    return Task.FromResult(removed);
                }

            """);
        AppendBusinessMethods(sb, i, entity, random, "_logger", 1 + random.Next(3));
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Service(int i, string entity, Random random)
    {
        var sb = new StringBuilder(Entity(i, entity));
        sb.Append($$"""
            public interface I{{entity}}{{i}}Service
            {
                Task<{{entity}}{{i}}?> GetAsync(Guid id, CancellationToken cancellationToken);
                Task<{{entity}}{{i}}> CreateAsync(Create{{entity}}{{i}}Request request, string userId, CancellationToken cancellationToken);
            }

            public sealed class {{entity}}{{i}}Service : I{{entity}}{{i}}Service
            {
                private static readonly Action<ILogger, Guid, string, Exception?> s_created =
                    LoggerMessage.Define<Guid, string>(LogLevel.Information, new EventId({{i}}, "Created"), "Created {{entity}} {Id} for {UserId}");

                private readonly Dictionary<Guid, {{entity}}{{i}}> _cache = new();
                private readonly ILogger<{{entity}}{{i}}Service> _logger;
                private readonly TimeProvider _clock;

                public {{entity}}{{i}}Service(ILogger<{{entity}}{{i}}Service> logger, TimeProvider clock)
                {
                    _logger = logger;
                    _clock = clock;
                }

                public async Task<{{entity}}{{i}}?> GetAsync(Guid id, CancellationToken cancellationToken)
                {
                    using var scope = _logger.BeginScope("{{entity}} {Id}", id);
                    if (_cache.TryGetValue(id, out var cached))
                    {
                        _logger.LogDebug("Cache hit for {Id}", id);
                        return cached;
                    }

                    await Task.Delay(1, cancellationToken);
                    _logger.LogInformation("Cache miss for {Id}", id);
                    return null;
                }

                public async Task<{{entity}}{{i}}> CreateAsync(Create{{entity}}{{i}}Request request, string userId, CancellationToken cancellationToken)
                {
                    if (string.IsNullOrWhiteSpace(request.Name))
                    {
                        _logger.LogWarning("Rejected {{entity}} without a name from {UserId}", userId);
                        throw new ArgumentException("Name is required.", nameof(request));
                    }

                    try
                    {
                        var item = new {{entity}}{{i}}(Guid.NewGuid(), request.Name.Trim(), Math.Round(request.Amount, 2), _clock.GetUtcNow(), request.Notes);
                        _cache[item.Id] = item;
                        await Task.Yield();
                        s_created(_logger, item.Id, userId, null);
                        if (item.IsLarge)
                        {
                            _logger.LogWarning($"Large {{entity}} {item.Id} of {item.Amount} created by {userId}");
                        }

                        return item;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _logger.LogError(ex, "Failed to create {{entity}} {Name} for {UserId}", request.Name, userId);
                        throw;
                    }
                }

            """);
        AppendBusinessMethods(sb, i, entity, random, "_logger", 2 + random.Next(4));
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Controller(int i, string area, string entity, Random random)
    {
        var sb = new StringBuilder(Entity(i, entity));
        sb.Append($$"""
            [ApiController]
            [Route("api/{{area.ToLowerInvariant()}}{{i}}")]
            public sealed class {{area}}{{i}}Controller : ControllerBase
            {
                private readonly ILogger<{{area}}{{i}}Controller> _logger;
                private readonly ConcurrentDictionary<Guid, {{entity}}{{i}}> _store;

                public {{area}}{{i}}Controller(ILogger<{{area}}{{i}}Controller> logger)
                {
                    _logger = logger;
                    _store = new ConcurrentDictionary<Guid, {{entity}}{{i}}>();
                }

                [HttpGet("{id:guid}")]
                public IActionResult Get(Guid id, CancellationToken cancellationToken)
                {
                    _logger.LogInformation("Getting {{entity}} {Id} for {User}", id, User.Identity?.Name ?? "anonymous");
                    if (!_store.TryGetValue(id, out var item))
                    {
                        _logger.LogWarning("{{entity}} {Id} not found", id);
                        return NotFound();
                    }

                    return Ok(item);
                }

                [HttpPost]
                public async Task<IActionResult> Create([FromBody] Create{{entity}}{{i}}Request request, CancellationToken cancellationToken)
                {
                    if (!ModelState.IsValid)
                    {
                        _logger.LogWarning("Invalid {{entity}} request {@Request}", request);
                        return BadRequest(ModelState);
                    }

                    try
                    {
                        var item = new {{entity}}{{i}}(Guid.NewGuid(), request.Name, request.Amount, DateTimeOffset.UtcNow, request.Notes);
                        _store[item.Id] = item;
                        await Task.Yield();
                        _logger.LogInformation("Created {{entity}} {Id}", item.Id);
                        return CreatedAtAction(nameof(Get), new { id = item.Id }, item);
                    }
                    catch (InvalidOperationException ex)
                    {
                        _logger.LogError(ex, "Failed to create {{entity}} {Name}", request.Name);
                        return Problem(ex.Message);
                    }
                }

                [HttpGet("preferences")]
                public IActionResult Preferences([FromQuery] string? culture)
                {
                    var theme = Request.Cookies["theme"] ?? "light";
                    var requestId = Request.Headers["X-Request-Id"].ToString();
                    Response.Cookies.Append("theme", theme, new CookieOptions { HttpOnly = false, Secure = true, SameSite = SameSiteMode.Lax, Expires = DateTimeOffset.UtcNow.AddDays(30) });
                    if (!string.IsNullOrEmpty(culture))
                    {
                        Response.Cookies.Append("culture", culture, new CookieOptions { Secure = true, IsEssential = true });
                        _logger.LogDebug("Culture {Culture} for request {RequestId}", culture, requestId);
                    }

                    _logger.LogDebug("Theme {Theme}", theme);
                    return Ok(new { theme, culture });
                }

                [HttpDelete("{id:guid}")]
                public IActionResult Delete(Guid id)
                {
                    if (_store.TryRemove(id, out var removed))
                    {
                        _logger.LogInformation("Deleted {{entity}} {Id} ({Name})", id, removed.Name);
                        return NoContent();
                    }

                    _logger.LogWarning("Delete: {{entity}} {Id} not found", id);
                    return NotFound();
                }

            """);
        AppendBusinessMethods(sb, i, entity, random, "_logger", random.Next(3), isPrivate: true);
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string OptionsSetup(int i, string area, string entity, Random random)
    {
        var sb = new StringBuilder($$"""
            public sealed class {{area}}{{i}}Options
            {
                public const string Section = "{{area}}{{i}}";

                public string Endpoint { get; set; } = "https://{{area.ToLowerInvariant()}}.contoso.example";

                public int PageSize { get; set; } = 50;

                public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

                public bool EnableCaching { get; set; } = true;

                public string? ApiKeyName { get; set; }
            }

            public sealed class {{area}}{{i}}Client
            {
                private readonly HttpClient _http;
                private readonly ILogger<{{area}}{{i}}Client> _logger;

                public {{area}}{{i}}Client(HttpClient http, ILogger<{{area}}{{i}}Client> logger)
                {
                    _http = http;
                    _logger = logger;
                }

                public async Task<string?> FetchAsync(string path, CancellationToken cancellationToken)
                {
                    _logger.LogDebug("GET {Path}", path);
                    using var response = await _http.GetAsync(path, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        _logger.LogWarning("GET {Path} returned {Status}", path, (int)response.StatusCode);
                        return null;
                    }

                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    _logger.LogDebug("GET {Path} returned {Length} characters", path, body.Length);
                    return body;
                }
            }

            public static class {{area}}{{i}}ServiceCollectionExtensions
            {
                public static IServiceCollection Add{{area}}{{i}}(this IServiceCollection services, IConfiguration configuration)
                {
                    services.AddOptions<{{area}}{{i}}Options>()
                        .Bind(configuration.GetSection({{area}}{{i}}Options.Section))
                        .Validate(o => o.PageSize is > 0 and <= 500, "PageSize must be between 1 and 500.")
                        .Validate(o => Uri.IsWellFormedUriString(o.Endpoint, UriKind.Absolute), "Endpoint must be an absolute URI.")
                        .ValidateOnStart();
                    services.AddHttpClient<{{area}}{{i}}Client>((sp, client) =>
                    {
                        var options = sp.GetRequiredService<IOptions<{{area}}{{i}}Options>>().Value;
                        client.BaseAddress = new Uri(options.Endpoint);
                        client.Timeout = options.Timeout;
                        if (options.ApiKeyName is { Length: > 0 } name)
                        {
                            client.DefaultRequestHeaders.Add("X-Api-Key-Name", name);
                        }
                    });
                    services.AddSingleton(TimeProvider.System);
                    return services;
                }
            }

            """);
        return sb.ToString();
    }

    private static string Middleware(int i, string area, Random random)
    {
        var sb = new StringBuilder($$"""
            public sealed class {{area}}{{i}}Middleware
            {
                private readonly RequestDelegate _next;
                private readonly ILogger<{{area}}{{i}}Middleware> _logger;

                public {{area}}{{i}}Middleware(RequestDelegate next, ILogger<{{area}}{{i}}Middleware> logger)
                {
                    _next = next;
                    _logger = logger;
                }

                public async Task InvokeAsync(HttpContext context)
                {
                    var correlationId = context.Request.Headers["X-Correlation-Id"].FirstOrDefault() ?? Guid.NewGuid().ToString("N");
                    var userAgent = context.Request.Headers.UserAgent.ToString();
                    using (_logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId, ["Area"] = "{{area}}" }))
                    {
                        _logger.LogInformation("Request {Method} {Path} from {UserAgent}", context.Request.Method, context.Request.Path, userAgent);
                        context.Response.Headers["X-Correlation-Id"] = correlationId;
                        if (!context.Request.Cookies.ContainsKey("visitor"))
                        {
                            context.Response.Cookies.Append("visitor", Guid.NewGuid().ToString("N"), new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
                            _logger.LogDebug("New visitor cookie for {CorrelationId}", correlationId);
                        }

                        var stopwatch = Stopwatch.StartNew();
                        try
                        {
                            await _next(context);
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
                            throw;
                        }
                        finally
                        {
                            stopwatch.Stop();
                            if (stopwatch.ElapsedMilliseconds > 500)
                            {
                                _logger.LogWarning("Slow request {Path}: {Elapsed} ms", context.Request.Path, stopwatch.ElapsedMilliseconds);
                            }
                            else
                            {
                                _logger.LogInformation("Completed {StatusCode} in {Elapsed} ms", context.Response.StatusCode, stopwatch.ElapsedMilliseconds);
                            }
                        }
                    }
                }
            }

            public static class {{area}}{{i}}MiddlewareExtensions
            {
                public static IApplicationBuilder Use{{area}}{{i}}(this IApplicationBuilder app) => app.UseMiddleware<{{area}}{{i}}Middleware>();
            }

            """);
        return sb.ToString();
    }

    private static string JsInteropService(int i, string area, Random random)
    {
        var sb = new StringBuilder($$"""
            public sealed class {{area}}{{i}}BrowserService : IAsyncDisposable
            {
                private readonly IJSRuntime _js;
                private readonly ILogger<{{area}}{{i}}BrowserService> _logger;
                private IJSObjectReference? _module;

                public {{area}}{{i}}BrowserService(IJSRuntime js, ILogger<{{area}}{{i}}BrowserService> logger)
                {
                    _js = js;
                    _logger = logger;
                }

                public async ValueTask SaveThemeAsync(string theme)
                {
                    await _js.InvokeVoidAsync("localStorage.setItem", "theme", theme);
                    _logger.LogDebug("Saved theme {Theme}", theme);
                }

                public ValueTask<string?> LoadThemeAsync() => _js.InvokeAsync<string?>("localStorage.getItem", "theme");

                public async ValueTask SaveFiltersAsync(IReadOnlyDictionary<string, string> filters, CancellationToken cancellationToken)
                {
                    var json = System.Text.Json.JsonSerializer.Serialize(filters);
                    await _js.InvokeVoidAsync("sessionStorage.setItem", cancellationToken, "{{area.ToLowerInvariant()}}-filters", json);
                    _logger.LogDebug("Saved {Count} filters", filters.Count);
                }

                public async ValueTask ScrollToAsync(string elementId)
                {
                    _module ??= await _js.InvokeAsync<IJSObjectReference>("import", "./js/{{area.ToLowerInvariant()}}.js");
                    await _module.InvokeVoidAsync("scrollTo", elementId);
                }

                public async ValueTask<int> GetViewportWidthAsync()
                {
                    try
                    {
                        return await _js.InvokeAsync<int>("app.viewportWidth");
                    }
                    catch (JSException ex)
                    {
                        _logger.LogWarning(ex, "Could not read the viewport width");
                        return 1024;
                    }
                }

                public async ValueTask DisposeAsync()
                {
                    if (_module is not null)
                    {
                        await _module.DisposeAsync();
                    }
                }
            }

            """);
        return sb.ToString();
    }

    private static string Worker(int i, string entity, Random random)
    {
        var sb = new StringBuilder(Entity(i, entity));
        sb.Append($$"""
            public sealed class {{entity}}{{i}}CleanupWorker : BackgroundService
            {
                private readonly ILogger<{{entity}}{{i}}CleanupWorker> _logger;
                private readonly ConcurrentQueue<{{entity}}{{i}}> _pending = new();

                public {{entity}}{{i}}CleanupWorker(ILogger<{{entity}}{{i}}CleanupWorker> logger) => _logger = logger;

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _logger.LogInformation("{{entity}} cleanup worker started");
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        try
                        {
                            var removed = Sweep(DateTimeOffset.UtcNow.AddDays(-30));
                            if (removed > 0)
                            {
                                _logger.LogInformation("Removed {Count} expired {{entity}} items", removed);
                            }
                            else
                            {
                                _logger.LogDebug("Nothing to remove");
                            }
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "{{entity}} cleanup failed");
                        }

                        await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                    }

                    _logger.LogInformation("{{entity}} cleanup worker stopping");
                }

                private int Sweep(DateTimeOffset cutoff)
                {
                    var removed = 0;
                    var count = _pending.Count;
                    for (var n = 0; n < count && _pending.TryDequeue(out var item); n++)
                    {
                        if (item.CreatedAt < cutoff)
                        {
                            removed++;
                            _logger.LogTrace("Expired {Id}", item.Id);
                        }
                        else
                        {
                            _pending.Enqueue(item);
                        }
                    }

                    return removed;
                }

            """);
        AppendBusinessMethods(sb, i, entity, random, "_logger", 1 + random.Next(2), isPrivate: true);
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Endpoints(int i, string area, string entity, Random random)
    {
        var sb = new StringBuilder(Entity(i, entity));
        sb.Append($$"""
            public sealed class {{area}}{{i}}Endpoints
            {
            }

            public static class {{area}}{{i}}EndpointRouteBuilderExtensions
            {
                public static IEndpointRouteBuilder Map{{area}}{{i}}(this IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("/{{area.ToLowerInvariant()}}{{i}}");
                    group.MapGet("/{id:int}", (int id, ILogger<{{area}}{{i}}Endpoints> logger) =>
                    {
                        logger.LogInformation("Get {{entity}} {Id}", id);
                        return id > 0 ? Results.Ok(new { id, name = "{{entity}} " + id }) : Results.NotFound();
                    });
                    group.MapPost("/", async (Create{{entity}}{{i}}Request request, ILogger<{{area}}{{i}}Endpoints> logger, CancellationToken cancellationToken) =>
                    {
                        if (request.Amount < 0)
                        {
                            logger.LogWarning("Negative amount {Amount} for {Name}", request.Amount, request.Name);
                            return Results.BadRequest();
                        }

                        await Task.Delay(1, cancellationToken);
                        var id = Guid.NewGuid();
                        logger.LogInformation("Created {{entity}} {Id} named {Name}", id, request.Name);
                        return Results.Created($"/{{area.ToLowerInvariant()}}{{i}}/{id}", new { id });
                    });
                    group.MapGet("/search", (string? q, int? page, HttpContext context, ILogger<{{area}}{{i}}Endpoints> logger) =>
                    {
                        var culture = context.Request.Cookies["culture"] ?? "en";
                        logger.LogDebug("Search {Query} page {Page} culture {Culture}", q, page ?? 1, culture);
                        Console.WriteLine($"search: {q}");
                        return Results.Ok(Array.Empty<object>());
                    });
                    return app;
                }
            }

            """);
        return sb.ToString();
    }

    private static string Mapper(int i, string entity, Random random)
    {
        var sb = new StringBuilder(Entity(i, entity));
        sb.Append($$"""
            public sealed record {{entity}}{{i}}Dto(string Id, string Name, string Amount, string Created);

            public sealed class {{entity}}{{i}}Mapper
            {
                private readonly ILogger<{{entity}}{{i}}Mapper> _logger;

                public {{entity}}{{i}}Mapper(ILogger<{{entity}}{{i}}Mapper> logger) => _logger = logger;

                public {{entity}}{{i}}Dto ToDto({{entity}}{{i}} item)
                {
                    var dto = new {{entity}}{{i}}Dto(item.Id.ToString("N"), item.Name, item.Amount.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), item.CreatedAt.ToString("O"));
                    _logger.LogTrace("Mapped {Id}", item.Id);
                    return dto;
                }

                public IReadOnlyList<{{entity}}{{i}}Dto> ToDtos(IEnumerable<{{entity}}{{i}}> items)
                {
                    var list = items.Where(x => x.Amount >= 0).Select(ToDto).ToList();
                    _logger.LogDebug("Mapped {Count} items", list.Count);
                    return list;
                }

                public static string Describe({{entity}}{{i}} item)
                {
                    var sb = new StringBuilder();
                    sb.Append(item.Name).Append(" (").Append(item.Amount).Append(')');
                    if (item.Notes is { Length: > 0 } notes)
                    {
                        sb.Append(": ").Append(notes);
                    }

                    Debug.WriteLine("Describe " + item.Id);
                    return sb.ToString();
                }

            """);
        AppendBusinessMethods(sb, i, entity, random, "_logger", 1 + random.Next(3));
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Business methods with branches, loops, LINQ and logging on most paths.</summary>
    private static void AppendBusinessMethods(StringBuilder sb, int i, string entity, Random random, string logger, int count, bool isPrivate = false)
    {
        var visibility = isPrivate ? "private" : "public";
        for (var m = 0; m < count; m++)
        {
            switch (random.Next(4))
            {
                case 0:
                    sb.Append($$"""
                            {{visibility}} async Task<int> Process{{m}}Async(IReadOnlyList<{{entity}}{{i}}> items, CancellationToken cancellationToken)
                            {
                                var processed = 0;
                                foreach (var item in items)
                                {
                                    cancellationToken.ThrowIfCancellationRequested();
                                    if (item.Amount <= 0)
                                    {
                                        {{logger}}.LogWarning("Skipping {Id} with amount {Amount}", item.Id, item.Amount);
                                        continue;
                                    }

                                    processed++;
                                    {{logger}}.LogDebug("Processing {Id} ({Name})", item.Id, item.Name);
                                }

                                await Task.Yield();
                                {{logger}}.LogInformation("Processed {Count} of {Total} {{entity}} items", processed, items.Count);
                                return processed;
                            }


                        """);
                    break;
                case 1:
                    sb.Append($$"""
                            {{visibility}} decimal Total{{m}}(IEnumerable<{{entity}}{{i}}> items, string? currency)
                            {
                                var total = items.Where(x => x.Notes != "void").Sum(x => x.Amount);
                                if (currency is null)
                                {
                                    {{logger}}.LogWarning("No currency given, assuming EUR for total {Total}", total);
                                    currency = "EUR";
                                }

                                var rounded = Math.Round(total, 2, MidpointRounding.ToEven);
                                {{logger}}.LogInformation("Total {Total} {Currency}", rounded, currency);
                                return rounded;
                            }


                        """);
                    break;
                case 2:
                    sb.Append($$"""
                            {{visibility}} string Summarize{{m}}({{entity}}{{i}} item, int maxLength, CancellationToken cancellationToken)
                            {
                                var text = $"{item.Name} / {item.Amount:F2} / {item.CreatedAt:yyyy-MM-dd}";
                                if (text.Length > maxLength)
                                {
                                    {{logger}}.LogDebug("Truncating summary of {Id} from {Length} to {Max}", item.Id, text.Length, maxLength);
                                    text = text[..maxLength];
                                }

                                switch (item.Amount)
                                {
                                    case > 10000m:
                                        {{logger}}.LogWarning("Very large {{entity}} {Id}: {Amount}", item.Id, item.Amount);
                                        break;
                                    case < 0m:
                                        {{logger}}.LogError("Negative {{entity}} {Id}: {Amount}", item.Id, item.Amount);
                                        break;
                                    default:
                                        {{logger}}.LogTrace("Summary {Summary}", text);
                                        break;
                                }

                                return text;
                            }


                        """);
                    break;
                default:
                    sb.Append($$"""
                            {{visibility}} async Task<bool> TryRefresh{{m}}Async(Guid id, int attempts, CancellationToken cancellationToken)
                            {
                                for (var attempt = 1; attempt <= attempts; attempt++)
                                {
                                    try
                                    {
                                        await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken);
                                        {{logger}}.LogDebug("Refreshed {Id} on attempt {Attempt}", id, attempt);
                                        return true;
                                    }
                                    catch (TimeoutException ex)
                                    {
                                        {{logger}}.LogWarning(ex, "Refresh of {Id} timed out on attempt {Attempt} of {Attempts}", id, attempt, attempts);
                                    }
                                }

                                {{logger}}.LogError("Giving up refreshing {Id} after {Attempts} attempts", id, attempts);
                                return false;
                            }


                        """);
                    break;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // JWT files
    // ---------------------------------------------------------------------------------------------------------------

    private static string JwtFile(int i, string area, string entity, Random random)
    {
        // Which JWT file this is among the JWT files decides its kind; about one in four carries an insecure shape.
        var insecure = random.Next(4) == 0;
        var variant = random.Next(4);
        return (random.Next(6)) switch
        {
            0 => TokenIssuer(i, area, insecure, variant),
            1 => AuthSetup(i, area, insecure, variant),
            2 => TokenValidator(i, area, insecure, variant),
            3 => ProfileController(i, area, insecure, variant),
            4 => LegacyLibraries(i, area, insecure, variant),
            _ => TokenStorage(i, area, insecure, variant),
        };
    }

    private static string TokenIssuer(int i, string area, bool insecure, int variant)
    {
        var keyExpression = insecure && variant < 2
            ? "Encoding.UTF8.GetBytes(\"contoso-development-signing-key-2024\")"
            : "Encoding.UTF8.GetBytes(_options.SigningKey)";
        var logIssued = insecure && variant >= 2
            ? "_logger.LogDebug(\"Issued token {Token} for {UserId}\", token, userId);"
            : "_logger.LogInformation(\"Issued access token for {UserId}, valid {Minutes} minutes\", userId, _options.LifetimeMinutes);";
        return Header(area, "System.IdentityModel.Tokens.Jwt", "System.Security.Claims", "System.Security.Cryptography", "System.Text",
            "Microsoft.Extensions.Options", "Microsoft.IdentityModel.Tokens") + $$"""
            public sealed class JwtIssuer{{i}}Options
            {
                public string Issuer { get; set; } = "";

                public string Audience { get; set; } = "";

                public string SigningKey { get; set; } = "";

                public int LifetimeMinutes { get; set; } = 15;
            }

            public sealed record IssuedTokens{{i}}(string AccessToken, string RefreshToken, DateTime ExpiresAt);

            public sealed class TokenIssuer{{i}}
            {
                private readonly JwtIssuer{{i}}Options _options;
                private readonly ILogger<TokenIssuer{{i}}> _logger;

                public TokenIssuer{{i}}(IOptions<JwtIssuer{{i}}Options> options, ILogger<TokenIssuer{{i}}> logger)
                {
                    _options = options.Value;
                    _logger = logger;
                }

                public IssuedTokens{{i}} Issue(string userId, IEnumerable<string> roles, CancellationToken cancellationToken)
                {
                    if (string.IsNullOrEmpty(userId))
                    {
                        _logger.LogWarning("Refusing to issue a token without a user id");
                        throw new ArgumentException("A user id is required.", nameof(userId));
                    }

                    var claims = new List<Claim>
                    {
                        new(JwtRegisteredClaimNames.Sub, userId),
                        new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
                    };
                    claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
                    var key = new SymmetricSecurityKey({{keyExpression}});
                    var expires = DateTime.UtcNow.AddMinutes(_options.LifetimeMinutes);
                    var descriptor = new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity(claims),
                        Issuer = _options.Issuer,
                        Audience = _options.Audience,
                        Expires = expires,
                        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
                    };
                    var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
                    var token = handler.CreateToken(descriptor);
                    {{logIssued}}
                    return new IssuedTokens{{i}}(token, CreateRefreshToken(), expires);
                }

                public string IssueLegacy(string userId, string role)
                {
                    var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.SigningKey));
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = handler.CreateJwtSecurityToken(
                        issuer: _options.Issuer,
                        audience: _options.Audience,
                        subject: new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, userId), new Claim(ClaimTypes.Role, role) }),
                        notBefore: DateTime.UtcNow,
                        expires: DateTime.UtcNow.AddMinutes(_options.LifetimeMinutes),
                        issuedAt: DateTime.UtcNow,
                        signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
                    _logger.LogInformation("Issued legacy token {Jti} for {UserId}", jwt.Id, userId);
                    return handler.WriteToken(jwt);
                }

                private string CreateRefreshToken()
                {
                    var bytes = RandomNumberGenerator.GetBytes(64);
                    _logger.LogDebug("Created a refresh token of {Length} bytes", bytes.Length);
                    return Convert.ToBase64String(bytes);
                }
            }

            """;
    }

    private static string AuthSetup(int i, string area, bool insecure, int variant)
    {
        var lifetime = insecure && variant == 0 ? "false" : "true";
        var audience = insecure && variant == 1 ? "false" : "true";
        var skew = insecure && variant == 2 ? "TimeSpan.FromHours(1)" : "TimeSpan.FromMinutes(1)";
        var https = insecure && variant == 3 ? "false" : "!environment.IsDevelopment()";
        return Header(area, "System.Security.Claims", "System.Text", "Microsoft.AspNetCore.Authentication.Cookies",
            "Microsoft.AspNetCore.Authentication.JwtBearer", "Microsoft.AspNetCore.Authentication.OpenIdConnect",
            "Microsoft.IdentityModel.Tokens") + $$"""
            public static class Auth{{i}}ServiceCollectionExtensions
            {
                public static IServiceCollection AddAuth{{i}}(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
                {
                    services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                        .AddJwtBearer(options =>
                        {
                            options.Authority = configuration["Auth:Authority"];
                            options.Audience = configuration["Auth:Audience"];
                            options.RequireHttpsMetadata = {{https}};
                            options.MapInboundClaims = false;
                            options.TokenValidationParameters = new TokenValidationParameters
                            {
                                ValidateIssuer = true,
                                ValidIssuer = configuration["Auth:Issuer"],
                                ValidateAudience = {{audience}},
                                ValidAudience = configuration["Auth:Audience"],
                                ValidateLifetime = {{lifetime}},
                                ClockSkew = {{skew}},
                                ValidateIssuerSigningKey = true,
                                ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
                                NameClaimType = "name",
                                RoleClaimType = "role",
                            };
                            options.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    var accessToken = context.Request.Query["access_token"];
                                    var path = context.HttpContext.Request.Path;
                                    if (!string.IsNullOrEmpty(accessToken) && path.StartsWithSegments("/hubs/{{area.ToLowerInvariant()}}"))
                                    {
                                        context.Token = accessToken;
                                    }

                                    return Task.CompletedTask;
                                },
                                OnAuthenticationFailed = context =>
                                {
                                    var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Auth{{i}}");
                                    logger.LogWarning(context.Exception, "Authentication failed for {Path}", context.Request.Path);
                                    return Task.CompletedTask;
                                },
                                OnTokenValidated = context =>
                                {
                                    var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Auth{{i}}");
                                    var subject = context.Principal?.FindFirstValue("sub");
                                    logger.LogInformation("Token validated for {Subject}", subject);
                                    return Task.CompletedTask;
                                },
                            };
                        })
                        .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
                        {
                            options.Cookie.HttpOnly = true;
                            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                            options.Cookie.SameSite = SameSiteMode.Lax;
                            options.ExpireTimeSpan = TimeSpan.FromHours(8);
                        })
                        .AddOpenIdConnect("oidc{{i}}", options =>
                        {
                            options.Authority = configuration["Auth:Authority"];
                            options.ClientId = configuration["Auth:ClientId"];
                            options.ClientSecret = configuration["Auth:ClientSecret"];
                            options.ResponseType = "code";
                            options.SaveTokens = true;
                            options.GetClaimsFromUserInfoEndpoint = true;
                            options.RequireHttpsMetadata = !environment.IsDevelopment();
                            options.Scope.Add("api");
                            options.Scope.Add("offline_access");
                            options.Events.OnRemoteFailure = context =>
                            {
                                var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Oidc{{i}}");
                                logger.LogError(context.Failure, "Remote sign-in failed");
                                context.HandleResponse();
                                context.Response.Redirect("/error");
                                return Task.CompletedTask;
                            };
                        });
                    services.AddAuthorization(options =>
                    {
                        options.AddPolicy("{{area}}{{i}}.Admin", policy => policy.RequireRole("admin").RequireClaim("scope", "{{area.ToLowerInvariant()}}.write"));
                    });
                    return services;
                }
            }

            """;
    }

    private static string TokenValidator(int i, string area, bool insecure, int variant)
    {
        var failedCheck = insecure && variant < 2
            ? "_logger.LogWarning(result.Exception, \"Token validation failed\");"
            : "_logger.LogWarning(result.Exception, \"Token validation failed\");\n            return null;";
        return Header(area, "System.IdentityModel.Tokens.Jwt", "System.Security.Claims", "System.Text",
            "Microsoft.Extensions.Options", "Microsoft.IdentityModel.JsonWebTokens", "Microsoft.IdentityModel.Tokens") + $$"""
            public sealed class TokenValidator{{i}}
            {
                private readonly TokenValidationParameters _parameters;
                private readonly ILogger<TokenValidator{{i}}> _logger;

                public TokenValidator{{i}}(IConfiguration configuration, ILogger<TokenValidator{{i}}> logger)
                {
                    _logger = logger;
                    _parameters = new TokenValidationParameters
                    {
                        ValidIssuer = configuration["Jwt:Issuer"],
                        ValidAudience = configuration["Jwt:Audience"],
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:SigningKey"] ?? throw new InvalidOperationException("Jwt:SigningKey is missing."))),
                        ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
                        ClockSkew = TimeSpan.FromSeconds(30),
                    };
                }

                public async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken cancellationToken)
                {
                    var handler = new JsonWebTokenHandler();
                    var result = await handler.ValidateTokenAsync(token, _parameters);
                    if (!result.IsValid)
                    {
                        {{failedCheck}}
                    }

                    var principal = new ClaimsPrincipal(result.ClaimsIdentity);
                    _logger.LogInformation("Validated token for {Subject}", principal.FindFirst("sub")?.Value);
                    return principal;
                }

                public ClaimsPrincipal GetPrincipalFromExpiredToken(string token)
                {
                    var parameters = _parameters.Clone();
                    parameters.ValidateLifetime = false;
                    var handler = new JwtSecurityTokenHandler();
                    var principal = handler.ValidateToken(token, parameters, out var securityToken);
                    if (securityToken is not JwtSecurityToken jwt || !jwt.Header.Alg.Equals(SecurityAlgorithms.HmacSha256, StringComparison.OrdinalIgnoreCase))
                    {
                        _logger.LogWarning("Refresh attempted with a token of the wrong algorithm");
                        throw new SecurityTokenException("Invalid token.");
                    }

                    return principal;
                }

                public bool IsAdmin(ClaimsPrincipal principal)
                {
                    var isAdmin = principal.IsInRole("admin") || principal.HasClaim("scope", "admin");
                    _logger.LogDebug("Admin check for {Name}: {IsAdmin}", principal.Identity?.Name, isAdmin);
                    return isAdmin;
                }
            }

            """;
    }

    private static string ProfileController(int i, string area, bool insecure, int variant)
    {
        var roleCheck = insecure
            ? "if (jwt.Claims.Any(c => c.Type == \"role\" && c.Value == \"admin\"))\n        {\n            _logger.LogInformation(\"Admin profile for {Name}\", name);\n            return Ok(new { name, admin = true });\n        }"
            : "if (User.IsInRole(\"admin\"))\n        {\n            _logger.LogInformation(\"Admin profile for {Name}\", name);\n            return Ok(new { name, admin = true });\n        }";
        var logHeader = insecure && variant >= 2
            ? "_logger.LogDebug(\"Authorization header {Header}\", header);"
            : "_logger.LogDebug(\"Authorization scheme {Scheme}\", header.Split(' ')[0]);";
        return Header(area, "System.IdentityModel.Tokens.Jwt", "System.Security.Claims", "Microsoft.AspNetCore.Authorization",
            "Microsoft.AspNetCore.Mvc") + $$"""
            [ApiController]
            [Authorize]
            [Route("api/{{area.ToLowerInvariant()}}{{i}}/profile")]
            public sealed class Profile{{i}}Controller : ControllerBase
            {
                private readonly ILogger<Profile{{i}}Controller> _logger;

                public Profile{{i}}Controller(ILogger<Profile{{i}}Controller> logger) => _logger = logger;

                [HttpGet]
                public IActionResult Get(CancellationToken cancellationToken)
                {
                    var header = Request.Headers.Authorization.ToString();
                    {{logHeader}}
                    var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..] : header;
                    var handler = new JwtSecurityTokenHandler();
                    if (!handler.CanReadToken(token))
                    {
                        _logger.LogWarning("Unreadable bearer token for {Path}", Request.Path);
                        return BadRequest();
                    }

                    var jwt = handler.ReadJwtToken(token);
                    var name = User.Identity?.Name ?? User.FindFirstValue(ClaimTypes.NameIdentifier);
                    {{roleCheck}}

                    _logger.LogInformation("Profile for {Name}, token expires {Expires}", name, jwt.ValidTo);
                    return Ok(new { name, expires = jwt.ValidTo, scopes = User.FindAll("scope").Select(c => c.Value).ToArray() });
                }

                [HttpGet("claims")]
                public IActionResult Claims()
                {
                    var claims = User.Claims.Select(c => new { c.Type, c.Value }).ToList();
                    _logger.LogDebug("Returning {Count} claims for {Name}", claims.Count, User.Identity?.Name);
                    return Ok(claims);
                }
            }

            """;
    }

    private static string LegacyLibraries(int i, string area, bool insecure, int variant)
    {
        var verify = insecure && variant < 2 ? "DoNotVerifySignature()" : "MustVerifySignature()";
        var joseKey = insecure && variant >= 2 ? "Encoding.UTF8.GetBytes(\"jose-secret\")" : "Convert.FromBase64String(configuration[\"Legacy:JoseKey\"] ?? \"\")";
        return Header(area, "System.Text", "JWT.Algorithms", "JWT.Builder") + $$"""
            public sealed class LegacyTokens{{i}}
            {
                private readonly string _secret;
                private readonly byte[] _joseKey;
                private readonly ILogger<LegacyTokens{{i}}> _logger;

                public LegacyTokens{{i}}(IConfiguration configuration, ILogger<LegacyTokens{{i}}> logger)
                {
                    _secret = configuration["Legacy:Secret"] ?? throw new InvalidOperationException("Legacy:Secret is missing.");
                    _joseKey = {{joseKey}};
                    _logger = logger;
                }

                public string Create(string userId)
                {
                    var token = new JwtBuilder()
                        .WithAlgorithm(new HMACSHA256Algorithm())
                        .WithSecret(_secret)
                        .AddClaim("exp", DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds())
                        .AddClaim("sub", userId)
                        .Encode();
                    _logger.LogInformation("Issued legacy token for {UserId}", userId);
                    return token;
                }

                public IDictionary<string, object> Read(string token)
                {
                    var claims = new JwtBuilder()
                        .WithAlgorithm(new HMACSHA256Algorithm())
                        .WithSecret(_secret)
                        .{{verify}}
                        .Decode<IDictionary<string, object>>(token);
                    _logger.LogDebug("Decoded legacy token with {Count} claims", claims.Count);
                    return claims;
                }

                public string CreateJose(string userId)
                {
                    var payload = new Dictionary<string, object>
                    {
                        ["sub"] = userId,
                        ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
                    };
                    var token = Jose.JWT.Encode(payload, _joseKey, Jose.JwsAlgorithm.HS256);
                    _logger.LogInformation("Issued jose token for {UserId}", userId);
                    return token;
                }

                public string ReadJose(string token)
                {
                    var json = Jose.JWT.Decode(token, _joseKey, Jose.JwsAlgorithm.HS256);
                    _logger.LogDebug("Decoded jose token of {Length} characters", json.Length);
                    return json;
                }
            }

            """;
    }

    private static string TokenStorage(int i, string area, bool insecure, int variant)
    {
        var httpOnly = insecure && variant < 2 ? "false" : "true";
        var storage = insecure && variant >= 2
            ? "await _js.InvokeVoidAsync(\"localStorage.setItem\", \"access_token\", accessToken);"
            : "await _js.InvokeVoidAsync(\"sessionStorage.setItem\", \"user\", userName);";
        return Header(area, "Microsoft.JSInterop") + $$"""
            public sealed class TokenCookies{{i}}
            {
                private readonly ILogger<TokenCookies{{i}}> _logger;

                public TokenCookies{{i}}(ILogger<TokenCookies{{i}}> logger) => _logger = logger;

                public void Write(HttpResponse response, string accessToken, DateTimeOffset expiresAt)
                {
                    response.Cookies.Append("access_token", accessToken, new CookieOptions
                    {
                        HttpOnly = {{httpOnly}},
                        Secure = true,
                        SameSite = SameSiteMode.Strict,
                        Expires = expiresAt,
                        Path = "/api",
                    });
                    _logger.LogInformation("Wrote access token cookie expiring {ExpiresAt}", expiresAt);
                }

                public string? Read(HttpRequest request)
                {
                    if (!request.Cookies.TryGetValue("access_token", out var token))
                    {
                        _logger.LogDebug("No access token cookie on {Path}", request.Path);
                        return null;
                    }

                    return token;
                }

                public void Clear(HttpResponse response)
                {
                    response.Cookies.Delete("access_token", new CookieOptions { Path = "/api", Secure = true });
                    _logger.LogInformation("Cleared access token cookie");
                }
            }

            public sealed class ClientSession{{i}}
            {
                private readonly IJSRuntime _js;
                private readonly ILogger<ClientSession{{i}}> _logger;

                public ClientSession{{i}}(IJSRuntime js, ILogger<ClientSession{{i}}> logger)
                {
                    _js = js;
                    _logger = logger;
                }

                public async Task RememberAsync(string userName, string accessToken, CancellationToken cancellationToken)
                {
                    {{storage}}
                    _logger.LogInformation("Remembered session for {UserName}", userName);
                }

                public async Task ForgetAsync()
                {
                    await _js.InvokeVoidAsync("sessionStorage.removeItem", "user");
                    _logger.LogInformation("Forgot session");
                }
            }

            """;
    }
}
