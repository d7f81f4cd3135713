using System.Runtime.CompilerServices;
using JwtAnalyzers.Internal.Libraries.IdentityModel;
using JwtAnalyzers.Internal.Libraries.JwtNet;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Tokens;

/// <summary>
/// Where a token is read without being validated, in every library, by symbol: IdentityModel's <c>ReadJwtToken</c>,
/// <c>ReadJsonWebToken</c>, <c>ReadToken</c>, <c>new JwtSecurityToken(string)</c>, <c>new JsonWebToken(string)</c>;
/// jose-jwt's <c>JWT.Payload</c>/<c>PayloadBytes</c>/<c>Headers</c>; a Jwt.Net decode that does not verify; and
/// <c>TokenValidationResult.TokenOnFailedValidation</c> (the token that failed). Real validation calls (the table in
/// <see cref="ValidationCalls"/>) clear a value; a project method whose name starts with <c>Validate</c> does not.
/// Also a source: the claims of a validation result kept in a field or property whose <c>IsValid</c> nobody checked
/// (<see cref="StoredValidationResults"/>).
/// </summary>
internal sealed class UnvalidatedTokenSources
{
    private static readonly ConditionalWeakTable<Compilation, UnvalidatedTokenSources> s_cache = new();

    private readonly KnownSymbols _symbols;
    private readonly JwtNetDecoding? _jwtNet;
    private readonly ValidationCalls _validation;
    private readonly StoredValidationResults _stored;

    private UnvalidatedTokenSources(Compilation compilation)
    {
        _symbols = KnownSymbols.Get(compilation);
        _jwtNet = JwtNetDecoding.Create(compilation);
        _validation = ValidationCalls.Get(compilation);
        _stored = StoredValidationResults.Get(compilation);
        Flow = ValueFlow.Get(compilation);
    }

    /// <summary>The compilation's flow engine.</summary>
    public ValueFlow Flow { get; }

    /// <summary>True when a library that can read a token is referenced.</summary>
    public bool AnyLibrary => _symbols.IdentityModel.IsPresent || _jwtNet is not null || _symbols.Jose.IsPresent;

    /// <summary>The sources of <paramref name="compilation"/>.</summary>
    public static UnvalidatedTokenSources Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new UnvalidatedTokenSources(c));

    /// <summary>The name of the parse-only API when <paramref name="operation"/> reads a token without validating it; otherwise null.</summary>
    public string? SourceName(IOperation operation)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation when TokenReads.IsUnverifiedRead(_symbols, creation):
                return "new " + creation.Type!.Name;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (TokenReads.IsReadMethod(_symbols.IdentityModel, method))
                {
                    return method.Name;
                }

                var jose = _symbols.Jose.Jwt;
                if (method.IsMemberOf(jose, "Payload") || method.IsMemberOf(jose, "PayloadBytes") || method.IsMemberOf(jose, "Headers"))
                {
                    return "JWT." + method.Name;
                }

                if (_jwtNet is not null)
                {
                    if (_jwtNet.GetUnverifiedDecoderCall(invocation) is not null)
                    {
                        return method.Name;
                    }

                    if (_jwtNet.IsBuilderMethod(method, "Decode") && _jwtNet.GetBuilderVerification(invocation).IsUnverified)
                    {
                        return "JwtBuilder.Decode";
                    }
                }

                return null;
            case IPropertyReferenceOperation property when IsTokenOnFailedValidation(property.Property):
                return "TokenOnFailedValidation";
            case IPropertyReferenceOperation stored when _stored.IsClaimsMember(stored.Property) && _stored.UncheckedHolder(stored) is { } holder:
                return holder.Name + "." + stored.Property.Name;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when <paramref name="source"/> (found by <see cref="FindSource"/>) is a claims member of a validation result
    /// kept in a field or property whose <c>IsValid</c> is not checked (<see cref="StoredValidationResults"/>), not a parse-only read.
    /// </summary>
    public bool IsUncheckedStoredResult(IOperation source)
        => source is IPropertyReferenceOperation stored && _stored.IsClaimsMember(stored.Property);

    /// <summary>True when <paramref name="operation"/> validates a token (a real validation API by symbol): its result is trusted.</summary>
    public bool IsValidation(IOperation operation) => _validation.IsValidationCall(operation);

    /// <summary>The unvalidated read <paramref name="value"/> derives from, across locals, fields, properties, methods and lambdas; null when none.</summary>
    public IOperation? FindSource(IOperation value) => Flow.FindSource(value, o => SourceName(o) is not null, IsValidation);

    private bool IsTokenOnFailedValidation(IPropertySymbol property)
        => property.IsPropertyOf(_symbols.IdentityModel.TokenValidationResult, "TokenOnFailedValidation")
           || property.IsPropertyOf(_symbols.IdentityModel.LegacyTokenValidationResult, "TokenOnFailedValidation");
}
