using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.JwtNet;

/// <summary>
/// Jwt.Net: the version-aware answer to "does this decode verify the signature?". The <c>JWT</c> assembly carries only
/// its major version; the defaults that matter changed by major (see <see cref="Symbols.JwtNetSymbols"/>):
/// <list type="bullet">
/// <item><c>IJwtDecoder.Decode(token)</c> / <c>DecodeToObject(token)</c> (no key, no <c>verify</c>) do not verify up to 9.x;
/// from 10.x the extension <c>Decode(token, bool verify = true)</c> verifies.</item>
/// <item><c>JwtBuilder.Decode</c> without <c>MustVerifySignature()</c> does not verify up to 8.x; from 9.x it verifies.</item>
/// </list>
/// When the version cannot be read (the types are declared in source), the newest behaviour is assumed, so nothing
/// is reported for a default: a rule must not guess towards a finding.
/// </summary>
internal sealed class JwtNetDecoding
{
    private readonly Symbols.JwtNetSymbols _symbols;
    private readonly ValueFlow _flow;

    private JwtNetDecoding(Symbols.JwtNetSymbols symbols, ValueFlow flow)
    {
        _symbols = symbols;
        _flow = flow;
    }

    public INamedTypeSymbol? JwtBuilder => _symbols.JwtBuilder;

    public INamedTypeSymbol? JwtDecoderInterface => _symbols.JwtDecoderInterface;

    public INamedTypeSymbol? JwtDecoderExtensions => _symbols.JwtDecoderExtensions;

    public INamedTypeSymbol? ValidationParameters => _symbols.ValidationParameters;

    public INamedTypeSymbol? JwtAuthenticationOptions => _symbols.JwtAuthenticationOptions;

    public INamedTypeSymbol? NoneAlgorithm => _symbols.NoneAlgorithm;

    public INamedTypeSymbol? JwtAlgorithmInterface => _symbols.JwtAlgorithmInterface;

    public INamedTypeSymbol? AsymmetricAlgorithmInterface => _symbols.AsymmetricAlgorithmInterface;

    public INamedTypeSymbol? DelegateAlgorithmFactory => _symbols.DelegateAlgorithmFactory;

    /// <summary>Major version of the referenced <c>JWT</c> assembly, or <see cref="Symbols.JwtNetSymbols.UnknownMajor"/>.</summary>
    public int Major => _symbols.Major;

    /// <summary><c>decoder.Decode(token)</c> (no key, no <c>verify</c>) skips verification up to 9.x.</summary>
    public bool DecoderDefaultIsUnverified => _symbols.DecoderDefaultIsUnverified;

    /// <summary><c>JwtBuilder.Decode</c> without <c>MustVerifySignature()</c> skips verification up to 8.x.</summary>
    public bool BuilderDefaultIsUnverified => _symbols.BuilderDefaultIsUnverified;

    /// <summary>The Jwt.Net decoding helper of the compilation, or null when Jwt.Net is not referenced.</summary>
    public static JwtNetDecoding? Create(Compilation compilation)
    {
        var symbols = KnownSymbols.Get(compilation).JwtNet;
        return symbols.IsPresent ? new JwtNetDecoding(symbols, ValueFlow.Get(compilation)) : null;
    }

    /// <summary>A <c>Decode</c>/<c>DecodeToObject</c> of <c>IJwtDecoder</c>, a type implementing it, or <c>JwtDecoderExtensions</c>.</summary>
    public bool IsDecoderDecode(IMethodSymbol method)
    {
        if (method.Name is not ("Decode" or "DecodeToObject"))
        {
            return false;
        }

        var reduced = method.ReducedFrom ?? method;
        var container = reduced.ContainingType?.OriginalDefinition;
        if (container is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(container, JwtDecoderExtensions) || SymbolEqualityComparer.Default.Equals(container, JwtDecoderInterface))
        {
            return true;
        }

        return JwtDecoderInterface is not null && container.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, JwtDecoderInterface));
    }

    public bool IsBuilderMethod(IMethodSymbol method, string name)
        => method.Name == name && JwtBuilder is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, JwtBuilder);

    /// <summary>
    /// Why a decoder call does not verify the signature (<c>"verify"</c> is false / <c>"default"</c> overload that never
    /// verifies in this version), or null when it verifies or cannot be known.
    /// </summary>
    public UnverifiedDecode? GetUnverifiedDecoderCall(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsDecoderDecode(method))
        {
            return null;
        }

        var verify = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "verify");
        if (verify is not null)
        {
            if (verify.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return verify.Parameter is { HasExplicitDefaultValue: true, ExplicitDefaultValue: false }
                    ? new UnverifiedDecode(UnverifiedDecodeKind.DefaultOverload, invocation, null)
                    : null;
            }

            return ConstantValues.IsFalse(_flow, verify.Value) ? new UnverifiedDecode(UnverifiedDecodeKind.VerifyFalse, invocation, verify) : null;
        }

        // No verify parameter: the overloads without a key never verify up to 9.x.
        var hasKey = (method.ReducedFrom ?? method).Parameters.Any(p => p.Name is "key" or "keys");
        return !hasKey && DecoderDefaultIsUnverified ? new UnverifiedDecode(UnverifiedDecodeKind.DefaultOverload, invocation, null) : null;
    }

    /// <summary>For <c>builder.Decode(...)</c>: the verification state of the builder it is called on.</summary>
    public BuilderVerification GetBuilderVerification(IInvocationOperation decode)
    {
        var settings = new List<IInvocationOperation>();
        var known = CollectChain(decode.Instance, decode, settings, depth: 0);
        // The last setting call wins (the builder is mutable and fluent).
        var last = settings.OrderBy(s => s.Syntax.SpanStart).LastOrDefault();
        if (last is not null)
        {
            return Classify(last);
        }

        if (!known)
        {
            return new BuilderVerification(BuilderVerificationKind.Unknown, null);
        }

        return BuilderDefaultIsUnverified
            ? new BuilderVerification(BuilderVerificationKind.DefaultUnverified, null)
            : new BuilderVerification(BuilderVerificationKind.Verified, null);
    }

    /// <summary>The setting call disables verification explicitly (<c>DoNotVerifySignature()</c>, <c>WithVerifySignature(false)</c>, <c>ValidationParameters.None</c>).</summary>
    public BuilderVerification Classify(IInvocationOperation setting)
    {
        switch (setting.TargetMethod.Name)
        {
            case "MustVerifySignature":
                return new BuilderVerification(BuilderVerificationKind.Verified, setting);
            case "DoNotVerifySignature":
                return new BuilderVerification(BuilderVerificationKind.ExplicitlyUnverified, setting);
            case "WithVerifySignature":
                return setting.Arguments.Length == 1 && ConstantValues.IsFalse(_flow, setting.Arguments[0].Value)
                    ? new BuilderVerification(BuilderVerificationKind.ExplicitlyUnverified, setting)
                    : new BuilderVerification(BuilderVerificationKind.Verified, setting);
            case "WithValidationParameters":
                return setting.Arguments.Length == 1 && IsValidationParametersNone(setting.Arguments[0].Value)
                    ? new BuilderVerification(BuilderVerificationKind.ExplicitlyUnverified, setting)
                    : new BuilderVerification(BuilderVerificationKind.Verified, setting);
            default:
                return new BuilderVerification(BuilderVerificationKind.Unknown, setting);
        }
    }

    /// <summary>A verification setting of <c>JwtBuilder</c> (by symbol: a project's own extension of the same name is not).</summary>
    public bool IsVerificationSetting(IMethodSymbol method)
        => method.Name is "MustVerifySignature" or "DoNotVerifySignature" or "WithVerifySignature" or "WithValidationParameters"
           && JwtBuilder is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, JwtBuilder);

    public bool IsValidationParametersNone(IOperation value)
        => value.WalkDownConversion() is IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true } property
           && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType?.OriginalDefinition, ValidationParameters);

    /// <summary>
    /// Walks a fluent chain back to where the builder comes from, collecting the verification settings. Returns true
    /// when the origin is a builder created in view (<c>new JwtBuilder()</c>, <c>JwtBuilder.Create()</c>), so that the
    /// library default applies when no setting is found.
    /// </summary>
    private bool CollectChain(IOperation? receiver, IOperation use, List<IInvocationOperation> settings, int depth)
    {
        if (depth > 8 || receiver is null)
        {
            return false;
        }

        receiver = receiver.WalkDownConversion();
        switch (receiver)
        {
            case IObjectCreationOperation creation:
                return SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, JwtBuilder);

            case IInvocationOperation invocation when JwtBuilder is not null
                                                      && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ReturnType.OriginalDefinition, JwtBuilder):
                if (invocation.TargetMethod.IsStatic && invocation.TargetMethod.Name == "Create" && invocation.Instance is null
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType.OriginalDefinition, JwtBuilder))
                {
                    return true;
                }

                if (IsVerificationSetting(invocation.TargetMethod))
                {
                    settings.Add(invocation);
                }

                // Extension methods (JwtBuilderExtensions.Issuer(builder, ...)) take the builder as first argument.
                var next = invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                return CollectChain(next, use, settings, depth + 1);

            case ILocalReferenceOperation local:
                // Statements on the local before the use: builder.MustVerifySignature();
                foreach (var call in local.GetRoot().Descendants().OfType<IInvocationOperation>())
                {
                    if (call.Syntax.SpanStart < use.Syntax.SpanStart
                        && IsVerificationSetting(call.TargetMethod)
                        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, JwtBuilder)
                        && call.Instance?.WalkDownConversion() is ILocalReferenceOperation target
                        && SymbolEqualityComparer.Default.Equals(target.Local, local.Local)
                        && call.Parent is IExpressionStatementOperation)
                    {
                        settings.Add(call);
                    }
                }

                var values = _flow.SourcesOf(local);
                if (!values.IsComplete || values.Values.Length != 1 || ReferenceEquals(values.Values[0], local))
                {
                    return false;
                }

                return CollectChain(values.Values[0], use, settings, depth + 1);

            default:
                return false;
        }
    }
}

internal enum UnverifiedDecodeKind
{
    /// <summary><c>verify: false</c> (or a constant false).</summary>
    VerifyFalse,

    /// <summary>An overload that never verifies in the referenced version.</summary>
    DefaultOverload,
}

internal sealed class UnverifiedDecode
{
    public UnverifiedDecode(UnverifiedDecodeKind kind, IInvocationOperation invocation, IArgumentOperation? verifyArgument)
    {
        Kind = kind;
        Invocation = invocation;
        VerifyArgument = verifyArgument;
    }

    public UnverifiedDecodeKind Kind { get; }

    public IInvocationOperation Invocation { get; }

    public IArgumentOperation? VerifyArgument { get; }
}

internal enum BuilderVerificationKind
{
    Unknown,
    Verified,
    ExplicitlyUnverified,
    DefaultUnverified,
}

internal sealed class BuilderVerification
{
    public BuilderVerification(BuilderVerificationKind kind, IInvocationOperation? setting)
    {
        Kind = kind;
        Setting = setting;
    }

    public BuilderVerificationKind Kind { get; }

    /// <summary>The call that decided it (<c>DoNotVerifySignature()</c>, ...), null for a library default.</summary>
    public IInvocationOperation? Setting { get; }

    public bool IsUnverified => Kind is BuilderVerificationKind.ExplicitlyUnverified or BuilderVerificationKind.DefaultUnverified;
}
