using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Tokens;

/// <summary>
/// The one table of real validation calls, by symbol: IdentityModel's <c>ValidateToken</c>/<c>ValidateTokenAsync</c>
/// (every handler and <c>ISecurityTokenValidator</c>), Jwt.Net's verifying decodes and <c>IJwtValidator</c>, jose-jwt's
/// <c>JWT.Decode</c>/<c>Verify</c> with a key, and the BCL's signature and constant-time checks. A project method named
/// <c>Validate…</c> that only parses is not in the table, whatever its name; a source method that calls one of these
/// is (it is a validation wrapper).
/// </summary>
internal sealed class ValidationCalls
{
    private static readonly ConditionalWeakTable<Compilation, ValidationCalls> s_cache = new();

    private readonly KnownSymbols _symbols;
    private readonly Lazy<ImmutableHashSet<IMethodSymbol>> _methods;
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _validatorTypes;

    private ValidationCalls(Compilation compilation)
    {
        _symbols = KnownSymbols.Get(compilation);
        _methods = new Lazy<ImmutableHashSet<IMethodSymbol>>(Build, System.Threading.LazyThreadSafetyMode.PublicationOnly);
        _validatorTypes = new Lazy<ImmutableArray<INamedTypeSymbol>>(
            () => ImmutableArray.CreateRange(new[] { _symbols.IdentityModel.TokenHandler, _symbols.IdentityModel.SecurityTokenHandler, _symbols.IdentityModel.SecurityTokenValidator, _symbols.IdentityModel.JwtSecurityTokenHandler, _symbols.IdentityModel.JsonWebTokenHandler }.WhereNotNull()),
            System.Threading.LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The table of <paramref name="compilation"/>.</summary>
    public static ValidationCalls Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new ValidationCalls(c));

    /// <summary>True when <paramref name="method"/> is (or overrides, or implements) a library call that validates a token or checks a signature.</summary>
    public bool IsValidation(IMethodSymbol method)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        var methods = _methods.Value;
        for (var current = original; current is not null; current = current.OverriddenMethod)
        {
            if (methods.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        // A handler deriving from or implementing a validator type: its ValidateToken implements the interface member.
        if (original.ContainingType is { } type)
        {
            foreach (var validator in _validatorTypes.Value)
            {
                if (validator.TypeKind != TypeKind.Interface || !type.IsOrInheritsFrom(validator))
                {
                    continue;
                }

                foreach (var member in validator.GetMembers())
                {
                    if (member is IMethodSymbol contract && methods.Contains(contract)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(contract)?.OriginalDefinition, original))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="operation"/> is an invocation of a real validation call.</summary>
    public bool IsValidationCall(IOperation operation) => operation is IInvocationOperation invocation && IsValidation(invocation.TargetMethod);

    /// <summary>True when <paramref name="body"/> calls a real validation API somewhere.</summary>
    public bool ContainsValidationCall(IOperation body)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (IsValidationCall(operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first real validation call in <paramref name="body"/>, looking into the project's own methods it calls
    /// (depth-limited, through the flow engine's method bodies): a <c>ValidateJwt</c> helper that calls
    /// <c>ValidateToken</c> validates, one that only calls <c>ReadJwtToken</c> does not.
    /// </summary>
    public IOperation? FindValidation(ValueFlow flow, IOperation body, int depth = 0)
    {
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (operation is not IInvocationOperation invocation)
            {
                continue;
            }

            if (IsValidation(invocation.TargetMethod))
            {
                return invocation;
            }

            if (depth < 3 && invocation.TargetMethod.IsInSource() && flow.BodyOf(invocation.TargetMethod) is { } callee
                && !ReferenceEquals(callee, body) && FindValidation(flow, callee, depth + 1) is not null)
            {
                return invocation;
            }
        }

        return null;
    }

    private ImmutableHashSet<IMethodSymbol> Build()
    {
        var builder = ImmutableHashSet.CreateBuilder<IMethodSymbol>(SymbolEqualityComparer.Default);
        var identityModel = _symbols.IdentityModel;
        foreach (var type in new[] { identityModel.JwtSecurityTokenHandler, identityModel.JsonWebTokenHandler, identityModel.TokenHandler, identityModel.SecurityTokenHandler, identityModel.SecurityTokenValidator })
        {
            Add(builder, type, "ValidateToken", "ValidateTokenAsync");
        }

        var jwtNet = _symbols.JwtNet;
        Add(builder, _symbols.Compilation.GetBestTypeByMetadataName("JWT.IJwtValidator"), "Validate", "TryValidate");

        var jose = _symbols.Jose;
        Add(builder, jose.Jwt, "Decode", "DecodeBytes", "Verify", "VerifyBytes");

        var bcl = _symbols.Compilation;
        Add(builder, bcl.GetBestTypeByMetadataName("System.Security.Cryptography.CryptographicOperations"), "FixedTimeEquals");
        Add(builder, bcl.GetBestTypeByMetadataName("System.Security.Cryptography.RSA"), "VerifyData", "VerifyHash");
        Add(builder, bcl.GetBestTypeByMetadataName("System.Security.Cryptography.ECDsa"), "VerifyData", "VerifyHash");
        Add(builder, bcl.GetBestTypeByMetadataName("System.Security.Cryptography.AsymmetricSignatureDeformatter"), "VerifySignature");
        Add(builder, identityModel.Compilation.GetBestTypeByMetadataName("Microsoft.IdentityModel.Tokens.SignatureProvider"), "Verify");
        _ = jwtNet;
        return builder.ToImmutable();
    }

    private static void Add(ImmutableHashSet<IMethodSymbol>.Builder builder, INamedTypeSymbol? type, params string[] names)
    {
        if (type is null)
        {
            return;
        }

        foreach (var name in names)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IMethodSymbol method)
                {
                    builder.Add(method.OriginalDefinition);
                }
            }
        }
    }
}

internal static class EnumerableExtensions
{
    /// <summary>The non-null elements.</summary>
    public static IEnumerable<T> WhereNotNull<T>(this IEnumerable<T?> source)
        where T : class
    {
        foreach (var item in source)
        {
            if (item is not null)
            {
                yield return item;
            }
        }
    }
}
