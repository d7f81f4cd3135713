using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Keys;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT007: an HMAC key whose length is known at compile time and is shorter than its algorithm needs (32/48/64 bytes
/// for HS256/384/512; <c>JWT007.minimum_key_bits</c> raises the floor), or a well-known published secret.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UseStrongHmacKeyAnalyzer : DiagnosticAnalyzer
{
    public const string MinimumKeyBitsOption = "minimum_key_bits";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.UseStrongHmacKey,
        title: "Use an HMAC key that is long enough and not well known",
        messageFormat: "The HMAC key passed to '{0}' {1}",
        description: "An HMAC-signed token can be brute-forced offline from any captured token when its key is short or guessable. RFC 7518 requires a key at least as long as the hash output: 32 bytes for HS256, 48 for HS384 and 64 for HS512; Microsoft.IdentityModel 6.30.1 and later throw IDX10720 for shorter keys, while older versions, Jwt.Net and jose-jwt accept them silently. Secrets from tutorials, documentation and published word lists are tried first by attackers whatever their length. Generate a random key of the right size and load it from a secret store.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            // appsettings*.json: judged whenever the project passes such a file (the package props do), whether or not a
            // JWT library is referenced: the configuration may serve another project.
            if (AppSettingsSecrets.HasAppSettings(start.Options))
            {
                start.RegisterAdditionalFileAction(AnalyzeAppSettings);
            }

            if (SigningKeySinks.Create(start.Compilation) is not { } sinks)
            {
                return;
            }

            var symbols = KnownSymbols.Get(start.Compilation);
            start.RegisterOperationAction(ctx => Analyze(ctx, sinks, symbols), OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, SigningKeySinks sinks, KnownSymbols symbols)
    {
        foreach (var sink in sinks.GetSinks(context.Operation))
        {
            var material = KeyEvaluator.Evaluate(sink.Key, symbols, sink.Kind == SigningKeySinkKind.JsonWebKeyValue);
            if (material.Candidates.IsDefaultOrEmpty)
            {
                continue;
            }

            var wellKnown = material.Candidates.FirstOrDefault(c => c.Source == KeySource.Literal && c.IsWellKnown);
            if (wellKnown.Source == KeySource.Literal)
            {
                Report(context, sink, material, wellKnown, "is a well-known published secret: attackers try it first; use a random key from a secret store");
                continue;
            }

            if (IsFilledBySystemRandom(sink.Key, symbols))
            {
                Report(context, sink, material, KeyCandidate.Unknown, "is filled by System.Random, which is predictable: use RandomNumberGenerator");
                continue;
            }

            if (sink.RequiredBytes == 0)
            {
                continue;
            }

            // A literal that may be used (a fallback) is reported; a generated length only when nothing else can flow in.
            var required = GetRequiredBytes(context, sink);
            var allKnown = material.Candidates.All(c => c.Source != KeySource.Unknown);
            var shortest = material.Candidates
                .Where(c => (c.Source == KeySource.Literal || (allKnown && c.Source == KeySource.Generated)) && c.Length is { } length && length > 0 && length < required)
                .OrderBy(c => c.Length)
                .FirstOrDefault();
            if (shortest.Length is not { } shortLength)
            {
                continue;
            }

            var algorithm = sink.Algorithm ?? "HS256";
            var reason = string.Format(
                CultureInfo.InvariantCulture,
                "is {0} byte{1} ({2} bits), but {3} needs at least {4} bytes ({5} bits); use a random key of {4} bytes or more",
                shortLength,
                shortLength == 1 ? string.Empty : "s",
                shortLength * 8,
                required > sink.RequiredBytes ? "the configured minimum" : algorithm,
                required,
                required * 8);
            Report(context, sink, material, shortest, reason);
        }
    }

    /// <summary>
    /// A secret in <c>appsettings*.json</c> that is well known (a tutorial's sample, a placeholder sentence) or shorter
    /// than HS256 needs (32 bytes of UTF-8, or <c>JWT007.minimum_key_bits</c>): the algorithm is not visible from the
    /// file, so the smallest HMAC size applies.
    /// </summary>
    private static void AnalyzeAppSettings(AdditionalFileAnalysisContext context)
    {
        var required = SigningKeySinks.DefaultRequiredBytes;
        var bits = RuleOptions.MinimumKeyBits.Get(context.Options, context.AdditionalFile);
        if ((bits + 7) / 8 > required)
        {
            required = (bits + 7) / 8;
        }

        foreach (var secret in AppSettingsSecrets.Scan(context.AdditionalFile, context.Options, context.CancellationToken))
        {
            var api = secret.Path + " (" + secret.FileName + ")";
            if (WellKnownSecrets.Contains(secret.Value))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, secret.Location, api, "is a well-known published secret: attackers try it first; use a random key from a secret store"));
                continue;
            }

            var length = System.Text.Encoding.UTF8.GetByteCount(secret.Value);
            if (length < required)
            {
                var reason = string.Format(
                    CultureInfo.InvariantCulture,
                    "is {0} byte{1} ({2} bits), but {3} needs at least {4} bytes ({5} bits); use a random key of {4} bytes or more",
                    length,
                    length == 1 ? string.Empty : "s",
                    length * 8,
                    required > SigningKeySinks.DefaultRequiredBytes ? "the configured minimum" : "HS256",
                    required,
                    required * 8);
                context.ReportDiagnostic(Diagnostic.Create(Rule, secret.Location, api, reason));
            }
        }
    }

    /// <summary><c>var key = new byte[64]; new Random().NextBytes(key);</c>: a key from a non-cryptographic generator.</summary>
    private static bool IsFilledBySystemRandom(IOperation key, KnownSymbols symbols)
    {
        if (symbols.Bcl.Random is null || key.WalkDownConversion() is not ILocalReferenceOperation local)
        {
            return false;
        }

        return key.GetRoot().DescendantsAndSelf().OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.IsOrOverridesMemberOf(symbols.Bcl.Random, "NextBytes")
            && call.Arguments.Length == 1
            && call.Arguments[0].Value.WalkDownConversion() is ILocalReferenceOperation filled
            && SymbolEqualityComparer.Default.Equals(filled.Local, local.Local));
    }

    private static int GetRequiredBytes(OperationAnalysisContext context, SigningKeySink sink)
    {
        var required = sink.RequiredBytes;
        if (RuleOptions.MinimumKeyBits.TryGet(context.Options, context.Operation.Syntax.SyntaxTree, out var bits))
        {
            // The option can raise the floor, never lower it below 256 bits or below what the algorithm needs.
            var bytes = (bits + 7) / 8;
            if (bytes > required)
            {
                required = bytes;
            }
        }

        return required;
    }

    private static void Report(OperationAnalysisContext context, SigningKeySink sink, KeyMaterial material, KeyCandidate candidate, string reason)
    {
        // Only a hard-coded key can be moved to configuration; a computed short key (RandomNumberGenerator.GetBytes(16))
        // needs a different length, which a fix cannot choose for the user.
        var properties = candidate.Source == KeySource.Literal
            ? SigningKeyNames.CreateFixProperties(material, sink)
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Rule, sink.Key.Syntax.GetLocation(), properties, sink.ApiName, reason));
    }
}
