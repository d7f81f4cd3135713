using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// ASP.NET Core integration: JWT bearer authentication with <see cref="StrictTokenValidation"/> parameters read from
/// configuration, HTTPS-only metadata, no error details in <c>WWW-Authenticate</c>, and a start-up check that fails
/// fast with a clear message when the configuration is missing or insecure (including changes made by later
/// <c>Configure&lt;JwtBearerOptions&gt;</c> calls).
/// </summary>
public static partial class StrictJwtBearerExtensions
{
    /// <summary>
    /// Adds JWT bearer authentication for <paramref name="authenticationScheme"/> configured from the section
    /// <paramref name="sectionName"/> (see <see cref="UseStrictValidation"/> for the keys). The options are validated
    /// when the host starts; a missing or insecure setting throws an <see cref="InsecureJwtConfigurationException"/>
    /// naming the configuration key to set.
    /// </summary>
    /// <param name="builder">The authentication builder from <c>AddAuthentication()</c>.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="sectionName">The configuration section, <c>Jwt</c> by default.</param>
    /// <param name="authenticationScheme">The scheme name, <c>Bearer</c> by default.</param>
    /// <param name="configure">Optional: adds to or adjusts what was read (for example an RSA public key).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication().AddStrictJwtBearer(builder.Configuration);
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddStrictJwtBearer(this AuthenticationBuilder builder, IConfiguration configuration, string sectionName = "Jwt", string authenticationScheme = JwtBearerDefaults.AuthenticationScheme, Action<StrictJwtOptions>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        if (string.IsNullOrWhiteSpace(authenticationScheme))
        {
            throw new ArgumentException("Pass an authentication scheme name, for example JwtBearerDefaults.AuthenticationScheme.", nameof(authenticationScheme));
        }

        builder.AddJwtBearer(authenticationScheme, options => options.UseStrictValidation(configuration, sectionName, configure));
        builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>>(new StrictJwtBearerPostConfigure(authenticationScheme));
        builder.Services.AddOptions<JwtBearerOptions>(authenticationScheme).ValidateOnStart();
        return builder;
    }

    /// <summary>
    /// Replaces <paramref name="options"/>' token validation parameters with strict ones built from the section
    /// <paramref name="sectionName"/>: <c>Issuer</c>/<c>Issuers</c>, <c>Audience</c>/<c>Audiences</c>,
    /// <c>SigningKey</c> (base64), and optionally <c>Algorithm</c>, <c>ClockSkew</c>, <c>ValidTypes</c>. With
    /// <c>Authority</c> (or <c>MetadataAddress</c>), an absolute https URL, issuers and keys come from the OpenID
    /// Connect metadata and <c>Issuer</c>/<c>SigningKey</c> are optional; the accepted algorithms are then the RSA
    /// and EC families. Also sets <c>RequireHttpsMetadata = true</c> and <c>IncludeErrorDetails = false</c>.
    /// </summary>
    /// <param name="options">The JwtBearer options to configure.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="sectionName">The configuration section, <c>Jwt</c> by default.</param>
    /// <param name="configure">Optional: adds to or adjusts what was read.</param>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    /// <exception cref="InsecureJwtConfigurationException">A value is missing or insecure; each issue names the configuration key to set.</exception>
    public static JwtBearerOptions UseStrictValidation(this JwtBearerOptions options, IConfiguration configuration, string sectionName = "Jwt", Action<StrictJwtOptions>? configure = null)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        if (string.IsNullOrWhiteSpace(sectionName))
        {
            throw new ArgumentException("Pass the configuration section that holds the JWT settings, for example \"Jwt\".", nameof(sectionName));
        }

        var issues = new List<JwtConfigurationIssue>();
        var strict = new StrictJwtOptions();
        var names = StrictTokenValidation.OptionNames.ForSection(sectionName);
        StrictTokenValidation.ReadSection(configuration, sectionName, strict, issues, names, out var metadata);
        CheckHttps(metadata.Authority, names.Key("Authority"), issues);
        CheckHttps(metadata.MetadataAddress, names.Key("MetadataAddress"), issues);
        configure?.Invoke(strict);

        var parameters = StrictTokenValidation.Build(strict, metadata.Present, names, issues);

        options.TokenValidationParameters = parameters;
        if (metadata.Authority is not null)
        {
            options.Authority = metadata.Authority;
        }

        if (metadata.MetadataAddress is not null)
        {
            options.MetadataAddress = metadata.MetadataAddress;
        }

        options.RequireHttpsMetadata = true;
        options.IncludeErrorDetails = false;
        return options;
    }

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

            var metadata = !string.IsNullOrEmpty(options.Authority) || !string.IsNullOrEmpty(options.MetadataAddress)
                || options.ConfigurationManager is not null || options.Configuration is not null;
            var issues = StrictTokenValidation.AuditCore(options.TokenValidationParameters, metadata).ToList();
            if (!options.RequireHttpsMetadata)
            {
                issues.Add(new JwtConfigurationIssue(nameof(JwtBearerOptions.RequireHttpsMetadata), "is false, so signing keys may be fetched over plain HTTP and replaced by an attacker.", "Remove the assignment; AddStrictJwtBearer sets it to true."));
            }

            if (issues.Count > 0)
            {
                throw new InsecureJwtConfigurationException($"The JWT bearer scheme '{scheme}' is insecure or incomplete after configuration.", issues);
            }
        }
    }
}
