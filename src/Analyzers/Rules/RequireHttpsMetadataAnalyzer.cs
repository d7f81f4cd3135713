using System;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Hosting;
using JwtAnalyzers.Internal.Libraries.Tokens;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT013: <c>RequireHttpsMetadata = false</c> on JwtBearer or OpenID Connect options, or an <c>Authority</c> /
/// <c>MetadataAddress</c> constant that starts with <c>http://</c> (loopback hosts excepted).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RequireHttpsMetadataAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.RequireHttpsMetadata,
        title: "Fetch signing metadata over HTTPS only",
        messageFormat: "'{0}' {1}",
        description: "Signing keys are downloaded from the authority's metadata document: over plain HTTP anyone on the network path can replace them with their own and forge tokens.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = KnownSymbols.Get(start.Compilation);
            var optionTypes = new[] { symbols.Authentication.JwtBearerOptions, symbols.Authentication.OpenIdConnectOptions }.WhereNotNull().ToImmutableArray();
            if (optionTypes.IsEmpty)
            {
                return;
            }

            start.RegisterOperationAction(ctx => Analyze(ctx, symbols, optionTypes), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownSymbols symbols, ImmutableArray<INamedTypeSymbol> optionTypes)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var property = target.Property;
        var name = optionTypes.Any(t => property.IsPropertyOf(t, "RequireHttpsMetadata")) ? "RequireHttpsMetadata"
            : optionTypes.Any(t => property.IsPropertyOf(t, "Authority")) ? "Authority"
            : optionTypes.Any(t => property.IsPropertyOf(t, "MetadataAddress")) ? "MetadataAddress"
            : null;
        if (name is null)
        {
            return;
        }

        var flow = ValueFlow.Get(context.Compilation);
        if (name == "RequireHttpsMetadata")
        {
            if (!ConstantValues.IsFalse(flow, assignment.Value) || DevelopmentGuards.IsGuarded(assignment, symbols))
            {
                return;
            }

            var scope = ObjectWrites.For(assignment);
            var hasMetadataSource = optionTypes.Any(t => new[] { "Authority", "MetadataAddress", "Configuration", "ConfigurationManager" }
                .Any(member => t.GetMembers(member).OfType<IPropertySymbol>().Any(scope.Assigns)));
            if (!hasMetadataSource && UsesOnlyLocalKeys(assignment, symbols))
            {
                // Symmetric-key setups never fetch metadata: the flag is never read (JwtBearerPostConfigureOptions).
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindSetTrue)
                .Add(DiagnosticPropertyKeys.MemberName, "RequireHttpsMetadata")
                .Add(DiagnosticPropertyKeys.ValuePresent, "true");
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, "RequireHttpsMetadata",
                "is false: signing keys may be fetched over plain HTTP and replaced in transit; set it to true outside development"));
            return;
        }

        if ((ConstantValues.String(flow, assignment.Value) is { } address && IsInsecureAddress(address)) || HasInsecureConstantPrefix(flow, assignment.Value))
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindUseHttps)
                .Add(DiagnosticPropertyKeys.MemberName, name);
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, name,
                "uses http://: signing metadata fetched from it can be replaced in transit; use https://"));
        }
    }

    /// <summary>
    /// The code that configures these options gives the token validation its keys directly (IssuerSigningKey(s) or a
    /// key resolver), so no metadata is ever fetched.
    /// </summary>
    private static bool UsesOnlyLocalKeys(IOperation assignment, KnownSymbols symbols)
    {
        var keyProperties = new[] { "IssuerSigningKey", "IssuerSigningKeys", "IssuerSigningKeyResolver" }
            .Select(symbols.IdentityModel.TokenValidationParametersProperty)
            .WhereNotNull()
            .ToArray();
        return assignment.GetRoot().Descendants().OfType<ISimpleAssignmentOperation>().Any(a =>
            a.Target is IPropertyReferenceOperation target && keyProperties.Any(p => target.Property.IsOrOverrides(p)));
    }

    /// <summary>
    /// Every value that reaches the address is known and starts with <c>http://</c> and a constant, non-loopback host:
    /// a constant, or an interpolated string whose first text part holds the scheme and the whole host
    /// (<c>$"http://idp.example.com/realms/{realm}"</c>); a host that is itself interpolated is not guessed about.
    /// </summary>
    private static bool HasInsecureConstantPrefix(ValueFlow flow, IOperation value)
    {
        var sources = flow.SourcesOf(value);
        if (!sources.IsComplete || sources.Values.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources.Values)
        {
            var unwrapped = ValueFlow.Unwrap(source);
            if (unwrapped.ConstantValue is { HasValue: true, Value: string text })
            {
                if (!IsInsecureAddress(text))
                {
                    return false;
                }

                continue;
            }

            if (unwrapped is not IInterpolatedStringOperation interpolated
                || ConstantPrefix(interpolated) is not { } prefix
                || !prefix.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var end = prefix.IndexOfAny(new[] { '/', '?', '#', ':' }, "http://".Length);
            if (end < 0 || !IsInsecureAddress(prefix.Substring(0, end)))
            {
                return false; // the host (or its end) is interpolated: unknown.
            }
        }

        return true;
    }

    /// <summary>The leading text of an interpolated string up to its first non-constant hole (<c>$"http://{Host}/{realm}"</c> with a constant <c>Host</c>).</summary>
    private static string? ConstantPrefix(IInterpolatedStringOperation interpolated)
    {
        var prefix = new System.Text.StringBuilder();
        foreach (var part in interpolated.Parts)
        {
            var constant = part switch
            {
                IInterpolatedStringTextOperation text => text.Text.ConstantValue,
                IInterpolationOperation { Alignment: null, FormatString: null } hole => hole.Expression.ConstantValue,
                _ => default,
            };
            if (constant is not { HasValue: true, Value: string value })
            {
                break;
            }

            prefix.Append(value);
        }

        return prefix.Length == 0 ? null : prefix.ToString();
    }

    internal static bool IsInsecureAddress(string address)
    {
        if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return true;
        }

        return !uri.IsLoopback && !string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
    }
}
