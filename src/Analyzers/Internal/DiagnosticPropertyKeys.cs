namespace JwtAnalyzers;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> shared by analyzers and code fixes (linked into the fix project).</summary>
internal static class DiagnosticPropertyKeys
{
    /// <summary>What the code fix should do; one of the <c>FixKind*</c> values.</summary>
    public const string FixKind = "JwtFixKind";

    /// <summary>Name of the member the diagnostic is about (for example <c>ValidateAudience</c>).</summary>
    public const string MemberName = "JwtMember";

    /// <summary>"true" when the value a safe setting needs (an audience, an issuer) is present next to the flag.</summary>
    public const string ValuePresent = "JwtValuePresent";

    /// <summary>For JWT009 and JWT010: the configured maximum (clock skew, token lifetime), in seconds.</summary>
    public const string MaximumSeconds = "JwtMaximumSeconds";

    /// <summary>For JWT007/JWT008: the configuration key a fix loads the signing key from (for example <c>Jwt:SigningKey</c>).</summary>
    public const string ConfigurationKey = "JwtConfigurationKey";

    /// <summary>For JWT007/JWT008: the environment variable a fix loads the signing key from when no configuration is in scope.</summary>
    public const string EnvironmentVariable = "JwtEnvironmentVariable";

    /// <summary>For JWT007/JWT008: the <c>SecurityAlgorithms</c> member (<c>HmacSha384</c>, <c>HmacSha512</c>) the key is used with, when not HS256.</summary>
    public const string HmacAlgorithm = "JwtHmacAlgorithm";

    /// <summary>For JWT007/JWT008: "SymmetricSecurityKey" when the key is the argument of <c>new SymmetricSecurityKey(...)</c>, "KeyArgument" otherwise.</summary>
    public const string SinkKind = "JwtSinkKind";

    /// <summary>For JWT010: how the lifetime can be shortened in place (<c>Instant</c>, <c>TimeSpan</c>, <c>Minutes</c>); the node is the first additional location.</summary>
    public const string LifetimeShape = "JwtLifetimeShape";

    /// <summary>For JWT010: the "now" expression the shortened expiry starts from (for example <c>DateTime.UtcNow</c>).</summary>
    public const string NowExpression = "JwtNowExpression";

    public const string FixKindSetTrue = "SetTrue";
    public const string FixKindRemoveAssignment = "RemoveAssignment";
    public const string FixKindClampTimeSpan = "ClampTimeSpan";
    public const string FixKindUseHttps = "UseHttps";
    public const string FixKindLoadSigningKey = "LoadSigningKey";
    public const string FixKindClampLifetime = "ClampLifetime";
    public const string FixKindAddExpiry = "AddExpiry";
    public const string FixKindRemoveClaim = "RemoveClaim";
}
