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

    /// <summary>For JWT009: the configured maximum clock skew, in seconds.</summary>
    public const string MaximumSeconds = "JwtMaximumSeconds";

    public const string FixKindSetTrue = "SetTrue";
    public const string FixKindRemoveAssignment = "RemoveAssignment";
    public const string FixKindClampTimeSpan = "ClampTimeSpan";
    public const string FixKindUseHttps = "UseHttps";
}
