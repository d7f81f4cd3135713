namespace JwtAnalyzers;

/// <summary>Diagnostic ids of every rule. Ids are fixed: never renumber or reuse one.</summary>
internal static class RuleIdentifiers
{
    public const string DoNotDisableSignatureValidation = "JWT001";
    public const string DoNotUseUnsignedTokens = "JWT002";
    public const string DoNotDisableLifetimeValidation = "JWT003";
    public const string DoNotDisableAudienceValidation = "JWT004";
    public const string DoNotDisableIssuerValidation = "JWT005";
    public const string DoNotBypassSigningKeyValidation = "JWT006";
    public const string UseStrongHmacKey = "JWT007";
    public const string DoNotHardCodeSigningKeys = "JWT008";
    public const string KeepClockSkewSmall = "JWT009";
    public const string KeepTokenLifetimesShort = "JWT010";
    public const string DoNotStoreTokensInBrowserStorage = "JWT011";
    public const string ProtectTokenCookies = "JWT012";
    public const string RequireHttpsMetadata = "JWT013";
    public const string DoNotTrustUnvalidatedClaims = "JWT014";
    public const string PinAcceptedAlgorithms = "JWT015";
    public const string DoNotPutSensitiveDataInClaims = "JWT016";
    public const string DoNotLogRawTokens = "JWT017";

    /// <summary>JWT9xx: diagnostics about the analyzers' own configuration.</summary>
    public const string InvalidOptionValue = "JWT900";
}
