using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal;

/// <summary>What the token-validation rules (JWT001, JWT003 to JWT006) share: reporting and "is a real validator present".</summary>
internal static class TokenValidationRules
{
    /// <summary>Registers <paramref name="analyze"/> for assignments, only when IdentityModel is referenced.</summary>
    public static void RegisterAssignmentAnalysis(AnalysisContext context, System.Action<OperationAnalysisContext, TokenValidationSymbols> analyze)
    {
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = TokenValidationSymbols.Create(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            start.RegisterOperationAction(ctx => analyze(ctx, symbols), OperationKind.SimpleAssignment);
        });
    }

    public static void ReportSetTrue(OperationAnalysisContext context, DiagnosticDescriptor rule, ISimpleAssignmentOperation assignment, string member, string explanation, bool valuePresent = true)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindSetTrue)
            .Add(DiagnosticPropertyKeys.MemberName, member)
            .Add(DiagnosticPropertyKeys.ValuePresent, valuePresent ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(rule, assignment.Syntax.GetLocation(), properties, member, explanation));
    }

    public static void ReportRemoveAssignment(OperationAnalysisContext context, DiagnosticDescriptor rule, ISimpleAssignmentOperation assignment, string member, string explanation)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindRemoveAssignment)
            .Add(DiagnosticPropertyKeys.MemberName, member);
        context.ReportDiagnostic(Diagnostic.Create(rule, assignment.Syntax.GetLocation(), properties, member, explanation));
    }

    /// <summary>
    /// True when one of <paramref name="delegateNames"/> is assigned, in the same configuration, a delegate that does
    /// real work (not <c>null</c>, not "always succeeds"). IdentityModel runs such a delegate whatever the matching
    /// <c>Validate*</c> flag says, so the flag being false is then harmless.
    /// </summary>
    public static bool HasRealValidator(AssignmentScope scope, params string[] delegateNames)
    {
        foreach (var name in delegateNames)
        {
            foreach (var value in scope.ValuesOf(name))
            {
                if (value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null })
                {
                    continue;
                }

                if (!DelegateAnalysis.AlwaysReturnsTrue(value) && !DelegateAnalysis.AlwaysReturnsParameterOrConstant(value, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the configuration (or the options object that owns it) assigns one of <paramref name="names"/>.</summary>
    public static bool AssignsAny(AssignmentScope scope, ImmutableArray<string> names, ImmutableArray<string> ownerNames)
    {
        if (names.Any(scope.Assigns))
        {
            return true;
        }

        return scope.Owner is { } owner && ownerNames.Any(owner.Assigns);
    }
}
