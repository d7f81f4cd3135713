using System;
using System.Globalization;
using System.Linq;
using System.Security.Claims;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using JwtAnalyzers.Runtime.Internal;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace JwtAnalyzers.Runtime;

/// <summary>
/// Validates a token and returns its principal, or throws a <see cref="JwtValidationException"/> that says why the
/// token was rejected (expired, bad signature, wrong audience...) without repeating the token. The parameters are
/// first checked with <see cref="StrictTokenValidation.EnsureStrict"/>, so a validation that was switched off (for
/// example <c>RequireSignedTokens = false</c>) fails loudly instead of accepting forged tokens.
/// </summary>
public static partial class SafeTokenValidation
{
    private static readonly JsonWebTokenHandler DefaultHandler = new();

    private static readonly Regex IdxCode = new(@"IDX\d{5}", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Validates <paramref name="token"/> with a <see cref="JsonWebTokenHandler"/> and returns its principal.</summary>
    /// <param name="token">The compact JWT, without a <c>Bearer </c> prefix.</param>
    /// <param name="parameters">Strict parameters, typically from <see cref="StrictTokenValidation.Create(StrictJwtOptions)"/>.</param>
    /// <param name="cancellationToken">Cancels before validation starts.</param>
    /// <returns>The principal built from the validated token.</returns>
    /// <exception cref="JwtValidationException">The token is missing, malformed, too large, unsigned, or fails validation.</exception>
    /// <exception cref="InsecureJwtConfigurationException"><paramref name="parameters"/> are not strict.</exception>
    public static Task<ClaimsPrincipal> ValidateAsync(string token, TokenValidationParameters parameters, CancellationToken cancellationToken = default) =>
        ValidateCoreAsync(DefaultHandler, token, parameters, cancellationToken);

    /// <summary>
    /// Validates <paramref name="token"/> with <paramref name="handler"/> (a <see cref="JsonWebTokenHandler"/> or a
    /// <c>JwtSecurityTokenHandler</c>) and returns its principal; unlike <c>ValidateTokenAsync</c>, a rejected token
    /// cannot be mistaken for a valid one because there is no <c>IsValid</c> flag to forget.
    /// </summary>
    /// <param name="handler">The handler to validate with.</param>
    /// <param name="token">The compact JWT, without a <c>Bearer </c> prefix.</param>
    /// <param name="parameters">Strict parameters.</param>
    /// <returns>The principal built from the validated token.</returns>
    /// <exception cref="JwtValidationException">The token is missing, malformed, too large, unsigned, or fails validation.</exception>
    /// <exception cref="InsecureJwtConfigurationException"><paramref name="parameters"/> are not strict.</exception>
    public static Task<ClaimsPrincipal> ValidateOrThrowAsync(this TokenHandler handler, string token, TokenValidationParameters parameters)
    {
        if (handler is null)
        {
            throw new ArgumentNullException(nameof(handler));
        }

        return ValidateCoreAsync(handler, token, parameters, CancellationToken.None);
    }

    /// <summary>
    /// Synchronous <see cref="ValidateAsync"/>. Validation with fixed keys completes synchronously; with an
    /// OpenID Connect configuration manager prefer the asynchronous method.
    /// </summary>
    /// <param name="token">The compact JWT, without a <c>Bearer </c> prefix.</param>
    /// <param name="parameters">Strict parameters.</param>
    /// <returns>The principal built from the validated token.</returns>
    /// <exception cref="JwtValidationException">The token is missing, malformed, too large, unsigned, or fails validation.</exception>
    /// <exception cref="InsecureJwtConfigurationException"><paramref name="parameters"/> are not strict.</exception>
    public static ClaimsPrincipal Validate(string token, TokenValidationParameters parameters) =>
        ValidateCoreAsync(DefaultHandler, token, parameters, CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();

    private static async Task<ClaimsPrincipal> ValidateCoreAsync(TokenHandler handler, string token, TokenValidationParameters parameters, CancellationToken cancellationToken)
    {
        if (parameters is null)
        {
            throw new ArgumentNullException(nameof(parameters));
        }

        CheckInput(token, handler.MaximumTokenSizeInBytes);
        StrictTokenValidation.EnsureStrict(parameters);
        cancellationToken.ThrowIfCancellationRequested();

        TokenValidationResult result;
        try
        {
            result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SecurityTokenException or ArgumentException)
        {
            throw Rejected(e, parameters);
        }

        if (!result.IsValid || result.ClaimsIdentity is null)
        {
            throw Rejected(result.Exception, parameters);
        }

        CheckHandBuilt(result.SecurityToken, parameters);
        return new ClaimsPrincipal(result.ClaimsIdentity);
    }

    /// <summary>
    /// Parameters built by hand lack the checks <see cref="StrictTokenValidation.Create(StrictJwtOptions)"/> plugs in:
    /// apply them here with their defaults (maximum lifetime 24 hours, issued-at not in the future, accepted types).
    /// </summary>
    private static void CheckHandBuilt(SecurityToken? token, TokenValidationParameters parameters)
    {
        if (token is null)
        {
            return;
        }

        var checks = StrictTokenChecks.For(parameters);
        try
        {
            if (!StrictTokenChecks.IsOurs(parameters.LifetimeValidator))
            {
                DateTime? issuedAt = token is JsonWebToken jwt && jwt.IssuedAt != DateTime.MinValue ? jwt.IssuedAt
                    : token is System.IdentityModel.Tokens.Jwt.JwtSecurityToken old && old.IssuedAt != DateTime.MinValue ? old.IssuedAt : null;
                DateTime? expires = token.ValidTo == DateTime.MinValue ? null : token.ValidTo;
                DateTime? notBefore = token.ValidFrom == DateTime.MinValue ? null : token.ValidFrom;
                checks.CheckLifetime(notBefore, expires, issuedAt, parameters.RequireExpirationTime, parameters.ClockSkew, DateTime.UtcNow);
            }

            if (!StrictTokenChecks.IsOurs(parameters.TypeValidator) && parameters.TypeValidator is null)
            {
                checks.CheckType(token is JsonWebToken j ? j.Typ : (token as System.IdentityModel.Tokens.Jwt.JwtSecurityToken)?.Header.Typ);
            }
        }
        catch (SecurityTokenException e)
        {
            throw Rejected(e, parameters);
        }
    }

    private static void CheckInput(string token, int maximumBytes)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new JwtValidationException(JwtValidationReasons.Missing, "No token was supplied: the value is null, empty or whitespace.");
        }

        if (token.Length > maximumBytes)
        {
            throw new JwtValidationException(JwtValidationReasons.TooLarge, $"The token is {token.Length} characters long, more than the maximum of {maximumBytes}; it was not parsed.");
        }

        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new JwtValidationException(JwtValidationReasons.Malformed, "The value starts with 'Bearer '. Pass only the token that follows the scheme in the Authorization header.");
        }

        if (!DefaultHandler.CanReadToken(token))
        {
            throw new JwtValidationException(JwtValidationReasons.Malformed, "The value is not a JWT: expected the compact serialization header.payload.signature (three base64url parts separated by '.').");
        }

        try
        {
            StrictTokenChecks.CheckShape(token);
        }
        catch (StrictTokenException e)
        {
            throw new JwtValidationException(e.Reason, e.Message);
        }

        var parts = token.Split('.');
        if (parts.Length == 3)
        {
            string? algorithm;
            try
            {
                algorithm = new JsonWebToken(token).Alg;
            }
            catch (Exception e) when (e is ArgumentException or SecurityTokenException)
            {
                throw new JwtValidationException(JwtValidationReasons.Malformed, "The value is not a well-formed JWT: its header or payload is not base64url-encoded JSON.", Code(e));
            }

            if (string.IsNullOrEmpty(algorithm) || JwtAlgorithms.IsNone(algorithm) || parts[2].Length == 0)
            {
                throw new JwtValidationException(JwtValidationReasons.Unsigned, "The token is not signed (its header says alg 'none' or its signature is empty); unsigned tokens can be forged by anyone and are always rejected.");
            }
        }
    }

    internal static JwtValidationException Rejected(Exception? e, TokenValidationParameters parameters)
    {
        var code = Code(e);
        var skew = StrictTokenValidation.Format(parameters.ClockSkew);
        return e switch
        {
            StrictTokenException strict => new(strict.Reason, strict.Message, code),
            SecurityTokenExpiredException expired => new(JwtValidationReasons.Expired, $"The token expired at {Utc(expired.Expires)}; the allowed clock skew is {skew}. Obtain a new token.", code),
            SecurityTokenNotYetValidException notYet => new(JwtValidationReasons.NotYetValid, $"The token is not valid before {Utc(notYet.NotBefore)}; the allowed clock skew is {skew}.", code),
            SecurityTokenNoExpirationException => new(JwtValidationReasons.NoExpiration, "The token has no expiration time ('exp' claim); tokens that never expire are refused.", code),
            SecurityTokenInvalidLifetimeException => new(JwtValidationReasons.InvalidLifetime, "The token's lifetime is invalid (its 'nbf' is after its 'exp').", code),
            SecurityTokenInvalidAudienceException => new(JwtValidationReasons.InvalidAudience, $"The token's audience ('aud') is missing or not accepted. Accepted: {Accepted(parameters.ValidAudience, parameters.ValidAudiences)}.", code),
            SecurityTokenInvalidIssuerException => new(JwtValidationReasons.InvalidIssuer, $"The token's issuer ('iss') is missing or not accepted. Accepted: {Accepted(parameters.ValidIssuer, parameters.ValidIssuers)}.", code),
            SecurityTokenInvalidAlgorithmException => new(JwtValidationReasons.InvalidAlgorithm, $"The token's signing algorithm ('alg') is not accepted. Accepted: {Accepted(null, parameters.ValidAlgorithms)}.", code),
            SecurityTokenSignatureKeyNotFoundException => new(JwtValidationReasons.InvalidSignature, "The signature could not be verified with any configured key: the token was altered, signed with another key, or signed with an algorithm the keys do not support.", code),
            SecurityTokenInvalidSignatureException when code == "IDX10504" => new(JwtValidationReasons.Unsigned, "The token is not signed; unsigned tokens are always rejected.", code),
            SecurityTokenInvalidSignatureException => new(JwtValidationReasons.InvalidSignature, "The signature is invalid: the token was altered or signed with another key.", code),
            SecurityTokenInvalidTypeException => new(JwtValidationReasons.InvalidType, $"The token's type ('typ' header) is not accepted. Accepted: {Accepted(null, parameters.ValidTypes)}.", code),
            SecurityTokenInvalidSigningKeyException => new(JwtValidationReasons.InvalidSigningKey, "The key that verified the token's signature was refused (a weak, well-known or public-key-derived HMAC key, a short RSA key, an EC key on another curve, or an expired certificate).", code),
            SecurityTokenReplayDetectedException => new(JwtValidationReasons.Replayed, "The token was already used (replay detected).", code),
            SecurityTokenDecryptionFailedException => new(JwtValidationReasons.DecryptionFailed, "The encrypted token could not be decrypted with the configured keys.", code),
            SecurityTokenMalformedException or ArgumentException => new(JwtValidationReasons.Malformed, "The value is not a well-formed JWT.", code),
            _ => new(JwtValidationReasons.Invalid, "The token was rejected" + (code is null ? "." : $" ({code})."), code),
        };
    }

    private static string? Code(Exception? e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            var match = IdxCode.Match(current.Message);
            if (match.Success)
            {
                return match.Value;
            }
        }

        return null;
    }

    private static string Utc(DateTime value) =>
        value == DateTime.MinValue ? "an unknown time" : value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Accepted(string? single, System.Collections.Generic.IEnumerable<string>? many)
    {
        var all = (many ?? Enumerable.Empty<string>()).Append(single).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().ToList();
        return all.Count == 0 ? "(none configured)" : string.Join(", ", all);
    }
}
