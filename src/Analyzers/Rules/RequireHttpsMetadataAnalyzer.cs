using System;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
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
            var jwtBearer = start.Compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions");
            var openIdConnect = start.Compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions");
            if (jwtBearer is null && openIdConnect is null)
            {
                return;
            }

            var optionTypes = new[] { jwtBearer, openIdConnect }.Where(t => t is not null).Cast<INamedTypeSymbol>().ToImmutableArray();
            start.RegisterOperationAction(ctx => Analyze(ctx, optionTypes), OperationKind.SimpleAssignment);
        });
    }

    private static void Analyze(OperationAnalysisContext context, ImmutableArray<INamedTypeSymbol> optionTypes)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target
            || target.Property.Name is not ("RequireHttpsMetadata" or "Authority" or "MetadataAddress")
            || !optionTypes.Any(t => target.Property.ContainingType.IsOrInheritsFrom(t) || target.Instance?.Type.IsOrInheritsFrom(t) == true))
        {
            return;
        }

        if (target.Property.Name == "RequireHttpsMetadata")
        {
            if (!ConstantEvaluator.IsConstantFalse(assignment.Value) || IsInsideDevelopmentGuard(assignment))
            {
                return;
            }

            var scope = AssignmentScope.For(assignment);
            var hasMetadataSource = scope.Assigns("Authority") || scope.Assigns("MetadataAddress") || scope.Assigns("Configuration") || scope.Assigns("ConfigurationManager");
            if (!hasMetadataSource && UsesOnlyLocalKeys(assignment))
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

        if (ConstantEvaluator.TryGetString(assignment.Value) is { } address && IsInsecureAddress(address))
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindUseHttps)
                .Add(DiagnosticPropertyKeys.MemberName, target.Property.Name);
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), properties, target.Property.Name,
                "uses http://: signing metadata fetched from it can be replaced in transit; use https://"));
        }
    }

    /// <summary>
    /// The code that configures these options gives the token validation its keys directly (IssuerSigningKey(s) or a
    /// key resolver), so no metadata is ever fetched.
    /// </summary>
    private static bool UsesOnlyLocalKeys(IOperation assignment)
    {
        return assignment.GetRoot().Descendants().OfType<ISimpleAssignmentOperation>().Any(a =>
            a.Target is IPropertyReferenceOperation { Property: { Name: "IssuerSigningKey" or "IssuerSigningKeys" or "IssuerSigningKeyResolver" } property }
            && property.ContainingType.Name == "TokenValidationParameters");
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

    /// <summary>Inside the true branch of <c>if (env.IsDevelopment())</c>: a development-only relaxation.</summary>
    private static bool IsInsideDevelopmentGuard(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation conditional
                && ReferenceEquals(conditional.WhenTrue, current)
                && conditional.Condition.WalkDownConversion() is IInvocationOperation { TargetMethod.Name: "IsDevelopment" })
            {
                return true;
            }
        }

        return false;
    }
}
