using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IdentityModel.Tokens.Jwt;
using System.Linq;
using JwtAnalyzers.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

// ASP.NET Core convention: Add* extensions live in Microsoft.Extensions.DependencyInjection, so no extra using is needed.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// ASP.NET Core integration: JWT bearer authentication with <see cref="StrictTokenValidation"/> parameters, HTTPS-only
/// metadata, no error details in <c>WWW-Authenticate</c>, and a start-up check that fails fast with a clear message
/// when the configuration is missing or insecure (including changes made by later
/// <c>Configure&lt;JwtBearerOptions&gt;</c> calls). The settings are the named options <see cref="StrictJwtOptions"/>
/// of the scheme (<c>IOptionsMonitor&lt;StrictJwtOptions&gt;.Get(scheme)</c>), read from configuration, then adjusted by
/// the <c>configure</c> delegate and any <c>services.Configure&lt;StrictJwtOptions&gt;(scheme, ...)</c>, and validated on start.
/// </summary>
public static partial class StrictJwtBearerExtensions
{
    /// <summary>
    /// Adds the <c>Bearer</c> scheme, configured from the section <c>Jwt</c> of the application's
    /// <see cref="IConfiguration"/> (the one registered in the services, as <c>WebApplication.CreateBuilder</c> does).
    /// </summary>
    /// <param name="builder">The authentication builder from <c>AddAuthentication()</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddStrictJwtBearer(this AuthenticationBuilder builder) =>
        AddStrictJwtBearer(builder, JwtBearerDefaults.AuthenticationScheme, (Action<StrictJwtOptions>?)null);

    /// <summary>As <see cref="AddStrictJwtBearer(AuthenticationBuilder)"/>; <paramref name="configure"/> runs after the configuration was read.</summary>
    /// <param name="builder">The authentication builder from <c>AddAuthentication()</c>.</param>
    /// <param name="configure">Adds to or adjusts what was read (for example an RSA public key).</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddStrictJwtBearer(this AuthenticationBuilder builder, Action<StrictJwtOptions> configure) =>
        AddStrictJwtBearer(builder, JwtBearerDefaults.AuthenticationScheme, configure);

    /// <summary>
    /// Adds the scheme <paramref name="authenticationScheme"/>, configured from the section <c>Jwt</c> of the
    /// application's <see cref="IConfiguration"/> and then by <paramref name="configure"/>; the same shape as
    /// <c>AddJwtBearer(scheme, configure)</c>.
    /// </summary>
    /// <param name="builder">The authentication builder from <c>AddAuthentication()</c>.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configure">Optional: adds to or adjusts what was read.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddStrictJwtBearer(this AuthenticationBuilder builder, string authenticationScheme, Action<StrictJwtOptions>? configure) =>
        AddCore(builder, authenticationScheme, configuration: null, configure);

    /// <summary>
    /// Adds the <c>Bearer</c> scheme configured from <paramref name="configuration"/>: a section (such as
    /// <c>builder.Configuration.GetSection("Auth")</c>) is read as it is; the root configuration is read at its section
    /// <c>Jwt</c>. Keys: <c>Issuer</c>/<c>Issuers</c>, <c>Audience</c>/<c>Audiences</c>, <c>SigningKey</c> (base64),
    /// and optionally <c>Algorithm</c>, <c>ClockSkew</c>, <c>MaxTokenLifetime</c>, <c>Type</c>/<c>ValidTypes</c>,
    /// <c>Authority</c> or <c>MetadataAddress</c> (an absolute https URL: issuers and keys then come from the OpenID
    /// Connect metadata and <c>Issuer</c>/<c>SigningKey</c> are optional).
    /// </summary>
    /// <param name="builder">The authentication builder from <c>AddAuthentication()</c>.</param>
    /// <param name="configuration">The configuration, or the section that holds the JWT settings.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication().AddStrictJwtBearer(builder.Configuration);
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddStrictJwtBearer(this AuthenticationBuilder builder, IConfiguration configuration) =>
        AddStrictJwtBearer(builder, JwtBearerDefaults.AuthenticationScheme, configuration);

    /// <summary>As <see cref="AddStrictJwtBearer(AuthenticationBuilder, IConfiguration)"/>, for the scheme <paramref name="authenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder from <c>AddAuthentication()</c>.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configuration">The configuration, or the section that holds the JWT settings.</param>
    /// <param name="configure">Optional: adds to or adjusts what was read.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthenticationBuilder AddStrictJwtBearer(this AuthenticationBuilder builder, string authenticationScheme, IConfiguration configuration, Action<StrictJwtOptions>? configure = null)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        return AddCore(builder, authenticationScheme, configuration, configure);
    }

    private static AuthenticationBuilder AddCore(AuthenticationBuilder builder, string authenticationScheme, IConfiguration? configuration, Action<StrictJwtOptions>? configure)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (string.IsNullOrWhiteSpace(authenticationScheme))
        {
            throw new ArgumentException("Pass an authentication scheme name, for example JwtBearerDefaults.AuthenticationScheme.", nameof(authenticationScheme));
        }

        var services = builder.Services;

        // StrictJwtOptions, named after the scheme: configuration first, then code, validated on start.
        services.AddSingleton<IConfigureOptions<StrictJwtOptions>>(provider => new ReadStrictJwtOptions(authenticationScheme, configuration, provider));
        if (configure is not null)
        {
            services.Configure(authenticationScheme, configure);
        }

        services.AddSingleton(new StrictJwtScheme(authenticationScheme));
        services.TryAddSingleton<StrictJwtOptionsValidation>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StrictJwtOptions>, StrictJwtOptionsValidation>(provider => provider.GetRequiredService<StrictJwtOptionsValidation>()));

        // JwtBearerOptions built from the validated StrictJwtOptions; audited after every Configure (start-up check).
        builder.AddJwtBearer(authenticationScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(authenticationScheme)
            .Configure<IOptionsMonitor<StrictJwtOptions>, StrictJwtOptionsValidation>((options, strict, validation) => Apply(options, authenticationScheme, strict, validation))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>>(new StrictJwtBearerPostConfigure(authenticationScheme));
        services.AddOptions<StrictJwtOptions>(authenticationScheme).ValidateOnStart();
        return builder;
    }

    private static void Apply(JwtBearerOptions options, string scheme, IOptionsMonitor<StrictJwtOptions> monitor, StrictJwtOptionsValidation validation)
    {
        StrictJwtOptions strict;
        try
        {
            strict = monitor.Get(scheme);
        }
        catch (OptionsValidationException) when (validation.Failures.TryGetValue(scheme, out var issues))
        {
            throw new InsecureJwtConfigurationException($"The JWT bearer scheme '{scheme}' cannot be configured.", issues);
        }

        options.TokenValidationParameters = StrictTokenValidation.Build(strict, strict.Authority is not null || strict.MetadataAddress is not null, Names(strict), new List<JwtConfigurationIssue>(strict.ReadIssues));
        if (strict.Authority is not null)
        {
            options.Authority = strict.Authority;
        }

        if (strict.MetadataAddress is not null)
        {
            options.MetadataAddress = strict.MetadataAddress;
        }

        options.RequireHttpsMetadata = true;
        options.IncludeErrorDetails = false;
    }

    private static StrictTokenValidation.OptionNames Names(StrictJwtOptions options) =>
        options.SectionPath is null ? StrictTokenValidation.OptionNames.Code : StrictTokenValidation.OptionNames.ForSection(options.SectionPath);

    private static void CheckHttps(string? url, string key, List<JwtConfigurationIssue> issues)
    {
        if (url is null)
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            issues.Add(new JwtConfigurationIssue(
                key,
                "is not an absolute https URL. Signing keys fetched over plain HTTP can be replaced by anyone on the network path.",
                $"Set '{key}' to the https URL of your identity provider, for example \"https://login.example.com/\"."));
        }
    }

    /// <summary>Reads the scheme's section into its <see cref="StrictJwtOptions"/> (runs before the code's configure).</summary>
    private sealed class ReadStrictJwtOptions : IConfigureNamedOptions<StrictJwtOptions>
    {
        private readonly string scheme;
        private readonly IConfiguration? configuration;
        private readonly IServiceProvider provider;

        internal ReadStrictJwtOptions(string scheme, IConfiguration? configuration, IServiceProvider provider)
        {
            this.scheme = scheme;
            this.configuration = configuration;
            this.provider = provider;
        }

        public void Configure(StrictJwtOptions options) => Configure(Microsoft.Extensions.Options.Options.DefaultName, options);

        public void Configure(string? name, StrictJwtOptions options)
        {
            if (!string.Equals(name, scheme, StringComparison.Ordinal))
            {
                return;
            }

            var source = configuration ?? provider.GetService<IConfiguration>();
            if (source is null)
            {
                return;
            }

            var section = source is IConfigurationSection given ? given : source.GetSection("Jwt");
            options.SectionPath = section.Path;
            var names = StrictTokenValidation.OptionNames.ForSection(section.Path);
            StrictTokenValidation.ReadSection(section, options, options.ReadIssues, names, out var metadata);
            CheckHttps(metadata.Authority, names.Key("Authority"), options.ReadIssues);
            CheckHttps(metadata.MetadataAddress, names.Key("MetadataAddress"), options.ReadIssues);
            options.Authority = metadata.Authority;
            options.MetadataAddress = metadata.MetadataAddress;
        }
    }

    /// <summary>Validates each scheme's <see cref="StrictJwtOptions"/> as <see cref="StrictTokenValidation.Create(StrictJwtOptions)"/> would.</summary>
    internal sealed class StrictJwtOptionsValidation : IValidateOptions<StrictJwtOptions>
    {
        private readonly HashSet<string> schemes;

        public StrictJwtOptionsValidation(IEnumerable<StrictJwtScheme> schemes) =>
            this.schemes = new HashSet<string>(schemes.Select(s => s.Name), StringComparer.Ordinal);

        internal ConcurrentDictionary<string, IReadOnlyList<JwtConfigurationIssue>> Failures { get; } = new(StringComparer.Ordinal);

        public ValidateOptionsResult Validate(string? name, StrictJwtOptions options)
        {
            if (!schemes.Contains(name ?? Microsoft.Extensions.Options.Options.DefaultName))
            {
                return ValidateOptionsResult.Skip;
            }

            try
            {
                StrictTokenValidation.Build(options, options.Authority is not null || options.MetadataAddress is not null, Names(options), new List<JwtConfigurationIssue>(options.ReadIssues));
                Failures.TryRemove(name ?? Microsoft.Extensions.Options.Options.DefaultName, out _);
                return ValidateOptionsResult.Success;
            }
            catch (InsecureJwtConfigurationException e)
            {
                Failures[name ?? Microsoft.Extensions.Options.Options.DefaultName] = e.Issues;
                return ValidateOptionsResult.Fail(e.Issues.Select(i => i.ToString()));
            }
        }
    }

    /// <summary>A scheme added by AddStrictJwtBearer: its StrictJwtOptions are validated.</summary>
    internal sealed record StrictJwtScheme(string Name);

    /// <summary>Runs last: audits the final options of one scheme, after every Configure and the JwtBearer post-configure.</summary>
    private sealed class StrictJwtBearerPostConfigure : IPostConfigureOptions<JwtBearerOptions>
    {
        private readonly string scheme;

        internal StrictJwtBearerPostConfigure(string scheme) => this.scheme = scheme;

        public void PostConfigure(string? name, JwtBearerOptions options)
        {
            if (!string.Equals(name, scheme, StringComparison.Ordinal))
            {
                return;
            }

            var issues = Audit(options);
            if (issues.Count > 0)
            {
                throw new InsecureJwtConfigurationException($"The JWT bearer scheme '{scheme}' is insecure or incomplete after configuration.", issues);
            }
        }
    }

    /// <summary>Everything that makes final JwtBearer options insecure: the parameters' audit plus the JwtBearer-only settings.</summary>
    internal static List<JwtConfigurationIssue> Audit(JwtBearerOptions options)
    {
        var metadata = !string.IsNullOrEmpty(options.Authority) || !string.IsNullOrEmpty(options.MetadataAddress)
            || options.ConfigurationManager is not null || options.Configuration is not null;
        var issues = StrictTokenValidation.AuditCore(options.TokenValidationParameters, metadata).ToList();
        if (!options.RequireHttpsMetadata)
        {
            issues.Add(new JwtConfigurationIssue(nameof(JwtBearerOptions.RequireHttpsMetadata), "is false, so signing keys may be fetched over plain HTTP and replaced by an attacker.", "Remove the assignment; AddStrictJwtBearer sets it to true."));
        }

        if (options.Configuration is not null)
        {
            StrictTokenValidation.MetadataKeys(options.Configuration, nameof(JwtBearerOptions.Configuration), issues);
        }

        if (options.ConfigurationManager is not null)
        {
            StrictTokenValidation.StaticMetadataKeys(options.ConfigurationManager, issues);
        }

        foreach (var handler in options.TokenHandlers)
        {
            if (handler is null || (handler.GetType() != typeof(JsonWebTokenHandler) && handler.GetType() != typeof(JwtSecurityTokenHandler)))
            {
                issues.Add(new JwtConfigurationIssue(nameof(JwtBearerOptions.TokenHandlers), $"contains {(handler is null ? "null" : handler.GetType().FullName)}; a custom token handler can skip signature, lifetime or audience validation, and its checks are not audited.", "Keep the default JsonWebTokenHandler; to change claims, use the OnTokenValidated event instead of a custom handler."));
            }
        }

#pragma warning disable CS0618 // SecurityTokenValidators is obsolete but still honoured when UseSecurityTokenValidators is true.
        if (options.UseSecurityTokenValidators)
        {
            foreach (var validator in options.SecurityTokenValidators)
            {
                if (validator is null || validator.GetType() != typeof(JwtSecurityTokenHandler))
                {
                    issues.Add(new JwtConfigurationIssue(nameof(JwtBearerOptions.SecurityTokenValidators), $"contains {(validator is null ? "null" : validator.GetType().FullName)} and UseSecurityTokenValidators is true; a custom validator can skip validation.", "Set UseSecurityTokenValidators to false and keep the default TokenHandlers."));
                }
            }
        }
#pragma warning restore CS0618

        return issues;
    }
}
