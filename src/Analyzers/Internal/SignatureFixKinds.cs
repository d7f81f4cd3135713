namespace JwtAnalyzers;

/// <summary>
/// <see cref="DiagnosticPropertyKeys.FixKind"/> values of the signature and algorithm rules (JWT001 for Jwt.Net and
/// jose-jwt, JWT002, JWT014, JWT015). Linked into the code-fix project like <see cref="DiagnosticPropertyKeys"/>.
/// </summary>
internal static class SignatureFixKinds
{
    /// <summary>A constant-false argument (<c>verify: false</c>, <c>WithVerifySignature(false)</c>) becomes <c>true</c>.</summary>
    public const string SetArgumentTrue = "SetArgumentTrue";

    /// <summary><c>DoNotVerifySignature()</c> becomes <c>MustVerifySignature()</c>.</summary>
    public const string UseMustVerifySignature = "UseMustVerifySignature";

    /// <summary><c>.MustVerifySignature()</c> is inserted before <c>.Decode(...)</c>.</summary>
    public const string InsertMustVerifySignature = "InsertMustVerifySignature";

    /// <summary><c>ValidationParameters.None</c> becomes <c>ValidationParameters.Default</c>.</summary>
    public const string UseDefaultValidationParameters = "UseDefaultValidationParameters";

    /// <summary>The <c>"none"</c> element is removed from a <c>ValidAlgorithms</c> collection.</summary>
    public const string RemoveNoneElement = "RemoveNoneElement";

    /// <summary>Signing credentials from the runtime's <c>SigningKeys.LoadHmacKey</c> are added.</summary>
    public const string AddSigningCredentials = "AddSigningCredentials";

    /// <summary>jose-jwt <c>JWT.Encode(payload, null, JwsAlgorithm.none)</c>: sign with HS256 and the configured key instead.</summary>
    public const string SignJoseWithConfiguredKey = "SignJoseWithConfiguredKey";

    /// <summary>An <c>IsValid</c> check is inserted after the validation result is stored.</summary>
    public const string AddIsValidCheck = "AddIsValidCheck";

    /// <summary>JWT014: the parse-only read (additional location 0) becomes SafeTokenValidation.ValidateFromConfiguration.</summary>
    public const string ValidateInsteadOfRead = "ValidateInsteadOfRead";

    /// <summary>The statement (<c>context.Success();</c> in a failure handler) is removed.</summary>
    public const string RemoveStatement = "RemoveStatement";

    /// <summary><c>ValidAlgorithms</c> is pinned to <see cref="AlgorithmsKey"/>.</summary>
    public const string PinValidAlgorithms = "PinValidAlgorithms";

    /// <summary>The expected jose-jwt algorithm (<see cref="AlgorithmsKey"/>) is passed to <c>JWT.Decode</c>.</summary>
    public const string AddExpectedAlgorithm = "AddExpectedAlgorithm";

    /// <summary>Comma-separated algorithm member names (<c>HmacSha256</c> of <c>SecurityAlgorithms</c>, <c>HS256</c> of <c>JwsAlgorithm</c>).</summary>
    public const string AlgorithmsKey = "JwtAlgorithms";
}
