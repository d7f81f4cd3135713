using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.IdentityModel;

/// <summary>
/// What the token-validation rules (JWT001, JWT003 to JWT006, JWT009) share: the IdentityModel symbols, the flow
/// engine, "is this an assignment to that <c>TokenValidationParameters</c> property" (by symbol), "is a real validator
/// configured next to it", and reporting with the properties the fixes read.
/// </summary>
internal sealed class TokenValidationContext
{
    private TokenValidationContext(KnownSymbols symbols)
    {
        Symbols = symbols;
        IdentityModel = symbols.IdentityModel;
        Flow = ValueFlow.Get(symbols.Compilation);
    }

    /// <summary>All known symbols of the compilation.</summary>
    public KnownSymbols Symbols { get; }

    /// <summary>The IdentityModel group.</summary>
    public IdentityModelSymbols IdentityModel { get; }

    /// <summary>The compilation's value-flow engine.</summary>
    public ValueFlow Flow { get; }

    /// <summary>The context of <paramref name="compilation"/>, or null when <c>TokenValidationParameters</c> is not referenced.</summary>
    public static TokenValidationContext? Create(Compilation compilation)
    {
        var symbols = KnownSymbols.Get(compilation);
        return symbols.IdentityModel.TokenValidationParameters is null ? null : new TokenValidationContext(symbols);
    }

    /// <summary>Registers <paramref name="analyze"/> for assignments, only when IdentityModel is referenced.</summary>
    public static void RegisterAssignmentAnalysis(AnalysisContext context, Action<OperationAnalysisContext, TokenValidationContext> analyze)
    {
        context.RegisterCompilationStartAction(start =>
        {
            if (Create(start.Compilation) is not { } validation)
            {
                return;
            }

            start.RegisterOperationAction(ctx => analyze(ctx, validation), OperationKind.SimpleAssignment);
        });
    }

    /// <summary>
    /// When <paramref name="assignment"/> writes one of the <c>TokenValidationParameters</c> properties named in
    /// <paramref name="propertyNames"/> (the library's property, or an override of it), that name; otherwise null.
    /// </summary>
    public string? MatchProperty(ISimpleAssignmentOperation assignment, ImmutableArray<string> propertyNames)
    {
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return null;
        }

        foreach (var name in propertyNames)
        {
            if (target.Property.IsOrOverrides(IdentityModel.TokenValidationParametersProperty(name)))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The <c>TokenValidationParameters</c> property named <paramref name="name"/>.</summary>
    public IPropertySymbol? Property(string name) => IdentityModel.TokenValidationParametersProperty(name);

    /// <summary>True when every value that may reach <paramref name="value"/> is false (fields, helpers, switch arms, records included).</summary>
    public bool IsFalse(IOperation value) => ConstantValues.IsFalse(Flow, value);

    /// <summary>
    /// True when the flag can be off: every value that may reach it is false, or one arm of a <c>?:</c> or a
    /// <c>switch</c> expression that produces it (directly, through a local or a helper's return) is false and is not
    /// chosen only in development (<c>env.IsDevelopment() ? false : true</c> is a development relaxation).
    /// </summary>
    public bool IsDisabled(IOperation value) => IsFalse(value) || HasFalseArm(value, 0);

    private bool HasFalseArm(IOperation value, int depth)
    {
        if (depth > 3)
        {
            return false;
        }

        value = ValueFlow.Unwrap(value);
        switch (value)
        {
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                var guard = Libraries.Hosting.DevelopmentGuards.Evaluate(conditional.Condition, Symbols, Flow, 0);
                return (guard != true && (IsFalse(conditional.WhenTrue) || HasFalseArm(conditional.WhenTrue, depth + 1)))
                    || (guard != false && (IsFalse(whenFalse) || HasFalseArm(whenFalse, depth + 1)));
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    if (IsFalse(arm.Value) || HasFalseArm(arm.Value, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case ILocalReferenceOperation or IInvocationOperation:
                var sources = Flow.SourcesOf(value);
                foreach (var source in sources.Values)
                {
                    if (!ReferenceEquals(source, value) && source is IConditionalOperation or ISwitchExpressionOperation && HasFalseArm(source, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True when every value that may reach <paramref name="value"/> is true.</summary>
    public bool IsTrue(IOperation value) => ConstantValues.IsTrue(Flow, value);

    /// <summary>
    /// True when one of the delegates <paramref name="delegateNames"/> is assigned, on the same configuration object,
    /// a delegate that does real work (not <c>null</c>, not "always succeeds"). IdentityModel runs such a delegate
    /// whatever the matching <c>Validate*</c> flag says, so the flag being false is then harmless.
    /// </summary>
    public bool HasRealValidator(ObjectWrites scope, params string[] delegateNames)
    {
        foreach (var name in delegateNames)
        {
            foreach (var value in scope.ValuesOf(Property(name)))
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

    /// <summary>
    /// True when the configuration assigns one of the <c>TokenValidationParameters</c> properties <paramref name="names"/>,
    /// or the JwtBearer / OpenID Connect options that own it assign one of <paramref name="ownerNames"/>.
    /// </summary>
    public bool AssignsAny(ObjectWrites scope, ImmutableArray<string> names, ImmutableArray<string> ownerNames)
    {
        foreach (var name in names)
        {
            if (scope.Assigns(Property(name)))
            {
                return true;
            }
        }

        if (scope.Owner is not { } owner)
        {
            return false;
        }

        var authentication = Symbols.Authentication;
        foreach (var name in ownerNames)
        {
            foreach (var optionsType in new[] { authentication.JwtBearerOptions, authentication.OpenIdConnectOptions })
            {
                foreach (var member in optionsType?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty)
                {
                    if (member is IPropertySymbol property && owner.Assigns(property))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="value"/> is a token parsed from a string without any signature check (by symbol).</summary>
    public bool IsUnverifiedTokenRead(IOperation value) => TokenReads.IsUnverifiedRead(Symbols, value);

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
}
