using System;
using System.Collections.Immutable;
using System.Linq;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Libraries.Jose;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT002: unsigned (<c>alg: none</c>) tokens issued or accepted. IdentityModel issues an unsigned token when the
/// signing credentials are missing (never when asked for <c>none</c>, which throws); Jwt.Net's <c>NoneAlgorithm</c>,
/// jose-jwt's <c>JwsAlgorithm.none</c> and <c>"none"</c> in <c>ValidAlgorithms</c> issue or accept them on purpose.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotUseUnsignedTokensAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotUseUnsignedTokens,
        title: "Do not issue or accept unsigned tokens",
        messageFormat: "'{0}' {1}",
        description: "An unsigned ('alg: none') token carries no proof of who issued it: anyone can write one. IdentityModel silently issues such a token when signing credentials are missing, and Jwt.Net's NoneAlgorithm, jose-jwt's JwsAlgorithm.none and \"none\" in ValidAlgorithms issue or accept them on purpose.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = new Symbols(KnownSymbols.Get(start.Compilation));
            if (!symbols.AnyReferenced)
            {
                return;
            }

            start.RegisterOperationAction(ctx => AnalyzeCall(ctx, symbols), OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(ctx => AnalyzeAssignment(ctx, symbols), OperationKind.SimpleAssignment);
            if (symbols.JwsAlgorithm is not null)
            {
                start.RegisterOperationAction(ctx => AnalyzeJoseNone(ctx, symbols), OperationKind.FieldReference);
            }
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, Symbols symbols)
    {
        IMethodSymbol? method;
        ImmutableArray<IArgumentOperation> arguments;
        switch (context.Operation)
        {
            case IInvocationOperation invocation:
                method = invocation.TargetMethod;
                arguments = invocation.Arguments;
                break;
            case IObjectCreationOperation creation:
                method = creation.Constructor;
                arguments = creation.Arguments;
                if (symbols.NoneAlgorithm is not null && SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, symbols.NoneAlgorithm))
                {
                    Report(context, creation.Syntax.GetLocation(), null, "NoneAlgorithm",
                        "issues unsigned tokens, and on the decoding side (Jwt.Net 9+) silently turns signature verification off");
                    return;
                }

                break;
            default:
                return;
        }

        if (method is null)
        {
            return;
        }

        var container = method.ContainingType?.OriginalDefinition;
        var isIdentityModel = SymbolEqualityComparer.Default.Equals(container, symbols.JwtSecurityToken)
                              || SymbolEqualityComparer.Default.Equals(container, symbols.JwtHeader)
                              || container.IsOrInheritsFrom(symbols.JwtSecurityTokenHandler)
                              || container.IsOrInheritsFrom(symbols.JsonWebTokenHandler);
        if (isIdentityModel)
        {
            AnalyzeIdentityModelCall(context, symbols, method, arguments);
            return;
        }

        if (symbols.JoseJwt is null || !SymbolEqualityComparer.Default.Equals(container, symbols.JoseJwt))
        {
            return;
        }

        var isEncode = JoseCalls.IsEncode(method, symbols.Jose);
        if (isEncode || JoseCalls.IsVerifyingRead(method, symbols.Jose))
        {
            // The string-algorithm overloads: JWT.Encode(payload, null, "none").
            var alg = arguments.FirstOrDefault(a => SymbolGroup.ParameterIn(a.Parameter, symbols.Jose.AlgorithmNameParameters));
            if (alg is not null && alg.ArgumentKind != ArgumentKind.DefaultValue && IsNoneString(alg.Value))
            {
                Report(context, alg.Syntax.GetLocation(), null, "JWT." + method.Name,
                    isEncode ? "issues an unsigned 'alg: none' token" : "accepts unsigned 'alg: none' tokens");
            }
        }
    }

    private static void AnalyzeIdentityModelCall(OperationAnalysisContext context, Symbols symbols, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        var signing = arguments.FirstOrDefault(a => a.Parameter is { } p && p.Type.IsOrInheritsFrom(symbols.SigningCredentials));
        var encrypting = method.Parameters.Any(p => p.Type.IsOrInheritsFrom(symbols.EncryptingCredentials));
        var operation = context.Operation;

        // JsonWebTokenHandler.CreateToken(string payload[, ...]) overloads that take no signing credentials at all.
        if (signing is null && symbols.IsHandlerCreate(method, "CreateToken") && method.Parameters.Length > 0
            && method.Parameters[0].Type.SpecialType == SpecialType.System_String
            && operation.Type?.SpecialType == SpecialType.System_String)
        {
            Report(context, operation.Syntax.GetNameLocation(), null, method.Name, "without signing credentials issues an unsigned 'alg: none' token");
            return;
        }

        if (signing is not null)
        {
            if (IsMissing(signing))
            {
                var location = signing.ArgumentKind == ArgumentKind.DefaultValue ? operation.Syntax.GetNameLocation() : signing.Syntax.GetLocation();
                var name = operation is IObjectCreationOperation ? "new " + method.ContainingType.Name : method.Name;
                Report(context, location, SignatureFixKinds.AddSigningCredentials, name, "without signing credentials issues an unsigned 'alg: none' token");
            }

            return;
        }

        // new JwtHeader(): no credentials at all.
        if (operation is IObjectCreationOperation && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, symbols.JwtHeader)
            && method.Parameters.Length == 0 && !encrypting)
        {
            // _ = new JwtHeader(); (a trimmer keep-alive) heads no token: only a header that goes somewhere can.
            if (IsDiscarded(operation, symbols))
            {
                return;
            }

            Report(context, operation.Syntax.GetLocation(), null, "new JwtHeader()", "has no signing credentials: the token it heads is unsigned");
            return;
        }

        // A SecurityTokenDescriptor without SigningCredentials handed to CreateToken / CreateEncodedJwt / CreateJwtSecurityToken.
        if ((symbols.IsHandlerCreate(method, "CreateToken") || symbols.IsHandlerCreate(method, "CreateEncodedJwt") || symbols.IsHandlerCreate(method, "CreateJwtSecurityToken"))
            && symbols.SecurityTokenDescriptor is not null)
        {
            var descriptor = arguments.FirstOrDefault(a => a.Value.WalkDownConversion().Type.IsOrInheritsFrom(symbols.SecurityTokenDescriptor));
            if (descriptor is not null && DescriptorHasNoSigningCredentials(descriptor.Value, symbols))
            {
                Report(context, operation.Syntax.GetNameLocation(), SignatureFixKinds.AddSigningCredentials, method.Name,
                    "receives a SecurityTokenDescriptor without SigningCredentials: it issues an unsigned 'alg: none' token");
            }
        }
    }

    /// <summary>Omitted (default null) or the constant null.</summary>
    private static bool IsMissing(IArgumentOperation argument)
        => argument.ArgumentKind == ArgumentKind.DefaultValue
            ? argument.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: null }
            : ValueFlow.AllSources(argument.Value, v => v.WalkDownConversion().ConstantValue is { HasValue: true, Value: null });

    /// <summary>
    /// The descriptor is created in view (<c>new SecurityTokenDescriptor { ... }</c>, directly or through a local) and
    /// <c>SigningCredentials</c> is never assigned a non-null value on it.
    /// </summary>
    private static bool DescriptorHasNoSigningCredentials(IOperation value, Symbols symbols)
    {
        var signingCredentials = symbols.Known.IdentityModel.DescriptorSigningCredentials;
        var values = ValueFlow.CompleteSourcesOf(value);
        if (values.IsDefaultOrEmpty)
        {
            return false;
        }

        foreach (var candidate in values)
        {
            if (candidate.WalkDownConversion() is not IObjectCreationOperation creation)
            {
                return false;
            }

            var assigned = creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
                .Where(a => a.Target is IPropertyReferenceOperation target && target.Property.IsOrOverrides(signingCredentials))
                .Select(a => a.Value)
                .ToList() ?? new System.Collections.Generic.List<IOperation>();

            // Later writes on the local: descriptor.SigningCredentials = ...
            if (value.WalkDownConversion() is ILocalReferenceOperation local)
            {
                foreach (var assignment in local.GetRoot().Descendants().OfType<ISimpleAssignmentOperation>())
                {
                    if (assignment.Target is IPropertyReferenceOperation { Instance: { } instance } written
                        && written.Property.IsOrOverrides(signingCredentials)
                        && instance.WalkDownConversion() is ILocalReferenceOperation target
                        && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
                    {
                        assigned.Add(assignment.Value);
                    }
                }
            }

            if (assigned.Any(v => v.WalkDownConversion().ConstantValue is not { HasValue: true, Value: null }))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>ValidAlgorithms = new[] { "none", ... }</c> (any case).</summary>
    private static void AnalyzeAssignment(OperationAnalysisContext context, Symbols symbols)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target
            || !target.Property.IsOrOverrides(symbols.Known.IdentityModel.TokenValidationParametersProperty("ValidAlgorithms")))
        {
            return;
        }

        foreach (var element in assignment.Value.DescendantsAndSelf())
        {
            if (element is ILiteralOperation or IFieldReferenceOperation or ILocalReferenceOperation && IsNoneString(element))
            {
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(DiagnosticPropertyKeys.FixKind, SignatureFixKinds.RemoveNoneElement)
                    .Add(DiagnosticPropertyKeys.MemberName, "ValidAlgorithms");
                context.ReportDiagnostic(Diagnostic.Create(Rule, element.Syntax.GetLocation(), properties, "ValidAlgorithms",
                    "contains \"none\": unsigned tokens are accepted when RequireSignedTokens is off or a custom validator is used"));
            }
        }
    }

    /// <summary><c>JwsAlgorithm.none</c>, except as the argument of <c>DeregisterJws</c> (the hardening call).</summary>
    private static void AnalyzeJoseNone(OperationAnalysisContext context, Symbols symbols)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        if (!reference.Field.Is(symbols.Jose.NoneAlgorithm))
        {
            return;
        }

        IOperation? parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IArgumentOperation { Parent: IInvocationOperation invocation }
            && invocation.TargetMethod.IsMemberOf(symbols.Jose.JwtSettings, "DeregisterJws"))
        {
            return;
        }

        var isEncode = parent is IArgumentOperation { Parent: IInvocationOperation call } && JoseCalls.IsEncode(call.TargetMethod, symbols.Jose);
        var explanation = isEncode
            ? "issues an unsigned token: anyone can write one"
            : "accepts or issues unsigned tokens: anyone can write one";

        // JWT.Encode(payload, null, JwsAlgorithm.none): the fix can sign with the configured key instead.
        var fixKind = isEncode
            && parent is IArgumentOperation { Parent: IInvocationOperation encode }
            && JoseCalls.KeyArgument(encode, symbols.Jose) is { ArgumentKind: ArgumentKind.Explicit } key
            && key.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null }
                ? SignatureFixKinds.SignJoseWithConfiguredKey
                : null;
        Report(context, reference.Syntax.GetLocation(), fixKind, "JwsAlgorithm.none", explanation);
    }

    private static bool IsNoneString(IOperation value)
        => ConstantValues.String(value) is { } text && string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase);

    private static void Report(OperationAnalysisContext context, Location location, string? fixKind, string member, string explanation)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.MemberName, member);
        if (fixKind is not null)
        {
            properties = properties.Add(DiagnosticPropertyKeys.FixKind, fixKind);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, member, explanation));
    }

    private sealed class Symbols
    {
        public Symbols(KnownSymbols known)
        {
            Known = known;
            var identityModel = known.IdentityModel;
            JwtSecurityToken = identityModel.JwtSecurityToken;
            JwtHeader = identityModel.JwtHeader;
            JwtSecurityTokenHandler = identityModel.JwtSecurityTokenHandler;
            JsonWebTokenHandler = identityModel.JsonWebTokenHandler;
            SecurityTokenDescriptor = identityModel.SecurityTokenDescriptor;
            TokenValidationParameters = identityModel.TokenValidationParameters;
            SigningCredentials = identityModel.SigningCredentials;
            EncryptingCredentials = identityModel.EncryptingCredentials;
            NoneAlgorithm = known.JwtNet.NoneAlgorithm;
            JwsAlgorithm = known.Jose.JwsAlgorithm;
            JoseJwt = known.Jose.Jwt;
        }

        public KnownSymbols Known { get; }
        public JoseJwtSymbols Jose => Known.Jose;
        public INamedTypeSymbol? JwtSecurityToken { get; }
        public INamedTypeSymbol? JwtHeader { get; }
        public INamedTypeSymbol? JwtSecurityTokenHandler { get; }
        public INamedTypeSymbol? JsonWebTokenHandler { get; }
        public INamedTypeSymbol? SecurityTokenDescriptor { get; }
        public INamedTypeSymbol? TokenValidationParameters { get; }
        public INamedTypeSymbol? SigningCredentials { get; }
        public INamedTypeSymbol? EncryptingCredentials { get; }
        public INamedTypeSymbol? NoneAlgorithm { get; }
        public INamedTypeSymbol? JwsAlgorithm { get; }
        public INamedTypeSymbol? JoseJwt { get; }

        public bool AnyReferenced => JwtSecurityToken is not null || JsonWebTokenHandler is not null || TokenValidationParameters is not null || NoneAlgorithm is not null || JwsAlgorithm is not null;

        /// <summary>A token-creating method of the IdentityModel handlers (<c>CreateToken</c>, <c>CreateEncodedJwt</c>, <c>CreateJwtSecurityToken</c>), by symbol.</summary>
        public bool IsHandlerCreate(IMethodSymbol method, string name)
            => method.IsOrOverridesMemberOf(JwtSecurityTokenHandler, name) || method.IsOrOverridesMemberOf(JsonWebTokenHandler, name);
    }

    /// <summary>The value is thrown away: <c>_ = new JwtHeader();</c>, <c>new JwtHeader();</c> as a statement, <c>GC.KeepAlive(new JwtHeader())</c>.</summary>
    private static bool IsDiscarded(IOperation operation, Symbols symbols)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            ISimpleAssignmentOperation { Target: IDiscardOperation } => true,
            IExpressionStatementOperation => true,
            IArgumentOperation { Parent: IInvocationOperation call } => call.TargetMethod.ContainingType?.SpecialType == SpecialType.None
                && call.TargetMethod.ReturnsVoid
                && call.TargetMethod.IsMemberOf(symbols.Known.Bcl.GC, "KeepAlive"),
            _ => false,
        };
    }
}
