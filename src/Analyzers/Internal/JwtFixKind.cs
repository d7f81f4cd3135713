using Microsoft.CodeAnalysis;

namespace JwtAnalyzers;

/// <summary>
/// Every repair a code fix can make. The analyzers name the repair a finding needs in the
/// <see cref="DiagnosticPropertyKeys.FixKind"/> property (the member name, for example <c>"SetTrue"</c>; the older
/// string constants of <see cref="DiagnosticPropertyKeys"/> and <see cref="SignatureFixKinds"/> are the same names);
/// the fixes derive the remaining kinds (runtime rewrites) themselves. Equivalence keys are <c>JWTnnn.&lt;Kind&gt;</c>.
/// Linked into the code-fix project like <see cref="DiagnosticPropertyKeys"/>. Never rename a member: the names are
/// carried in diagnostic properties and equivalence keys.
/// </summary>
internal enum JwtFixKind
{
    /// <summary>No repair named by the analyzer.</summary>
    None = 0,

    // In-place repairs named by the analyzers.

    /// <summary>A flag assigned <c>false</c> becomes <c>true</c>.</summary>
    SetTrue,

    /// <summary>A bypassing delegate assignment is removed.</summary>
    RemoveAssignment,

    /// <summary><c>ClockSkew</c> is brought within the configured maximum.</summary>
    ClampTimeSpan,

    /// <summary>An <c>http://</c> authority or metadata address becomes <c>https://</c>.</summary>
    UseHttps,

    /// <summary>A hard-coded or weak key is loaded from configuration or the environment (runtime).</summary>
    LoadSigningKey,

    /// <summary>A constant-false verify argument becomes <c>true</c> (Jwt.Net).</summary>
    SetArgumentTrue,

    /// <summary><c>DoNotVerifySignature()</c> becomes <c>MustVerifySignature()</c> (Jwt.Net).</summary>
    UseMustVerifySignature,

    /// <summary><c>.MustVerifySignature()</c> is inserted before <c>.Decode(...)</c> (Jwt.Net).</summary>
    InsertMustVerifySignature,

    /// <summary><c>ValidationParameters.None</c> becomes <c>ValidationParameters.Default</c> (Jwt.Net).</summary>
    UseDefaultValidationParameters,

    /// <summary>The <c>"none"</c> element is removed from the accepted algorithms.</summary>
    RemoveNoneElement,

    /// <summary>An unsigned token gets signing credentials from configuration or the environment (runtime).</summary>
    AddSigningCredentials,

    /// <summary>jose-jwt <c>JWT.Encode(payload, null, JwsAlgorithm.none)</c> is signed with HS256 and the configured key (runtime).</summary>
    SignJoseWithConfiguredKey,

    /// <summary>An <c>IsValid</c> guard is inserted after a validation result is stored.</summary>
    AddIsValidCheck,

    /// <summary>A parse-only read whose claims are trusted becomes a validating read (runtime).</summary>
    ValidateInsteadOfRead,

    /// <summary>A statement (<c>context.Success();</c> in a failure handler) is removed.</summary>
    RemoveStatement,

    /// <summary><c>ValidAlgorithms</c> is pinned to the algorithms of the keys in use.</summary>
    PinValidAlgorithms,

    /// <summary>The expected jose-jwt algorithm is passed to <c>JWT.Decode</c>.</summary>
    AddExpectedAlgorithm,

    // Repairs the fixes derive.

    /// <summary>A whole <c>TokenValidationParameters</c> is rewritten to the runtime's strict, start-up-validated setup.</summary>
    UseHardenedValidation,

    /// <summary>A logged token is redacted (runtime).</summary>
    Redact,

    /// <summary><c>ShowPII</c> / <c>LogCompleteSecurityArtifact</c> is removed.</summary>
    RemovePiiSwitch,

    /// <summary>A browser-storage write (and the matching reads and removes) goes to <c>ISecureTokenStore</c> (runtime).</summary>
    UseSecureTokenStore,

    /// <summary>A token cookie gets HttpOnly, Secure and SameSite=Strict in place; name and lifetime are kept.</summary>
    HardenCookieOptions,

    /// <summary>A token cookie is renamed to a <c>__Host-</c> cookie written by the runtime, and its readers are rewritten.</summary>
    RenameToHostCookie,

    /// <summary>A query-string token accepted outside a hub is no longer accepted (the hub guard is kept).</summary>
    RemoveQueryStringToken,

    /// <summary>A flag is turned on with the value it needs read from configuration, failing at start-up when missing (runtime).</summary>
    RequireFromConfiguration,

    // Token issuing and claims (JWT010, JWT016); appended so the values of the members above stay as they are.

    /// <summary>A token lifetime is shortened in place to the configured maximum (named by JWT010).</summary>
    ClampLifetime,

    /// <summary>A token issued without an expiry gets one of the configured maximum (named by JWT010).</summary>
    AddExpiry,

    /// <summary>A token is issued with <c>SafeTokenIssuer.CreateToken(descriptor, credentials, lifetime)</c> (runtime, derived by the JWT010 fix).</summary>
    UseSafeTokenIssuer,

    /// <summary>A sensitive claim is removed, with a local that only held its value (named by JWT016).</summary>
    RemoveClaim,
}

/// <summary>Reading and writing <see cref="JwtFixKind"/> in diagnostic properties and equivalence keys.</summary>
internal static class JwtFixKinds
{
    /// <summary>The kind the analyzer named, or <see cref="JwtFixKind.None"/>.</summary>
    public static JwtFixKind Of(Diagnostic diagnostic)
        => diagnostic.Properties.TryGetValue(DiagnosticPropertyKeys.FixKind, out var text) && Parse(text) is { } kind ? kind : JwtFixKind.None;

    /// <summary>The property value for <paramref name="kind"/> (its member name).</summary>
    public static string ToProperty(JwtFixKind kind) => kind.ToString();

    /// <summary><c>JWT003.SetTrue</c>.</summary>
    public static string EquivalenceKey(string diagnosticId, JwtFixKind kind) => diagnosticId + "." + kind.ToString();

    /// <summary>The kind of an equivalence key made by <see cref="EquivalenceKey"/>, or null.</summary>
    public static JwtFixKind? FromEquivalenceKey(string? key)
    {
        var dot = key?.IndexOf('.') ?? -1;
        return dot < 0 ? null : Parse(key!.Substring(dot + 1));
    }

    private static JwtFixKind? Parse(string? text)
        => text is { Length: > 0 } && char.IsLetter(text[0]) && System.Enum.TryParse<JwtFixKind>(text, ignoreCase: false, out var kind) && System.Enum.IsDefined(typeof(JwtFixKind), kind) && kind != JwtFixKind.None
            ? kind
            : null;
}
