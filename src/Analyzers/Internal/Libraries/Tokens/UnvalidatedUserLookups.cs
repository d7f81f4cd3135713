using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Tokens;

/// <summary>
/// "The user picked for a refresh": a new token is issued (a call of <see cref="TokenIssuingSymbols.IsIssuingCall"/>)
/// from a value that derives from a <b>lookup</b> whose key comes from a token read without validation
/// (<see cref="UnvalidatedTokenSources"/>): <c>var sub = handler.ReadJwtToken(expired).Subject; var user = await
/// users.FindByIdAsync(sub); ... handler.WriteToken(new JwtSecurityToken(claims: new[] { new Claim("sub", user.Id) }))</c>.
/// A lookup is a call (a repository, <c>UserManager.FindByIdAsync</c>, <c>DbSet.Find</c>, <c>FirstOrDefault(u =&gt;
/// u.Id == sub)</c>, a project method) that is not itself a token read, a validation or an issuing call, whose
/// arguments other than the receiver (or the values captured by a lambda argument: the predicate) derive from the
/// unvalidated read, and whose result (awaited) is an object of the application: a class or interface other than
/// <c>string</c>, <c>object</c>, arrays and the claim and token types (<c>Claim</c>, identities, principals, security
/// tokens, payloads, descriptors, validation results, dictionaries, and collections of them), so copying or parsing the
/// token's own claims (<c>jwt.Claims.First(...)</c>, <c>Guid.Parse(sub)</c>, <c>claims.Append(...)</c>) is not a
/// lookup. The principal of the classic refresh helper (<c>GetPrincipalFromExpiredToken</c>: <c>ValidateToken</c>
/// with <c>ValidateLifetime = false</c>) is validated, so a user looked up from it is not reported.
/// </summary>
internal sealed class UnvalidatedUserLookups
{
    private static readonly ConditionalWeakTable<Compilation, UnvalidatedUserLookups> s_cache = new();

    private readonly UnvalidatedTokenSources _sources;
    private readonly KnownSymbols _symbols;
    private readonly TokenIssuingSymbols _issuing;

    private UnvalidatedUserLookups(Compilation compilation)
    {
        _sources = UnvalidatedTokenSources.Get(compilation);
        _symbols = KnownSymbols.Get(compilation);
        _issuing = TokenIssuingSymbols.Get(compilation);
    }

    /// <summary>The shared instance of <paramref name="compilation"/>.</summary>
    public static UnvalidatedUserLookups Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new UnvalidatedUserLookups(c));

    /// <summary>True when <paramref name="method"/> issues a token (a symbol test: no flow).</summary>
    public bool IsIssuingCall(IMethodSymbol method) => _issuing.IsIssuingCall(method);

    /// <summary>
    /// The lookup <paramref name="value"/> (an argument of an issuing call) derives from whose key is read from a token
    /// without validation, and that read; null when there is none.
    /// </summary>
    public (IOperation Lookup, IOperation Source)? FindPickedUser(IOperation value)
    {
        IOperation? source = null;
        var lookup = _sources.Flow.FindSource(value, operation => (source = KeySource(operation)) is not null, _sources.IsValidation);
        return lookup is not null && source is not null ? (lookup, source) : null;
    }

    /// <summary>For a lookup (see the class summary): the unvalidated read its key derives from; otherwise null.</summary>
    private IOperation? KeySource(IOperation operation)
    {
        if (operation is not IInvocationOperation call || !IsApplicationObject(Awaited(call.TargetMethod.ReturnType), 0))
        {
            return null;
        }

        var method = call.TargetMethod;
        if (_sources.SourceName(call) is not null || _sources.IsValidation(call) || _issuing.IsIssuingCall(method))
        {
            return null;
        }

        // LINQ over a collection: only the predicate selects (Append(claims, x) copies); an extension's receiver is the collection.
        var linq = SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.Bcl.Enumerable);
        var first = method.IsExtensionMethod ? 1 : 0;
        for (var i = first; i < call.Arguments.Length; i++)
        {
            var argument = ValueFlow.Unwrap(call.Arguments[i].Value);
            if (argument is IDelegateCreationOperation creation)
            {
                argument = ValueFlow.Unwrap(creation.Target);
            }

            if (argument is IAnonymousFunctionOperation lambda)
            {
                if (CapturedSource(lambda) is { } captured)
                {
                    return captured;
                }
            }
            else if (!linq && _sources.FindSource(argument) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The unvalidated read a value captured by <paramref name="lambda"/> (a local or parameter of the enclosing code) derives from.</summary>
    private IOperation? CapturedSource(IAnonymousFunctionOperation lambda)
    {
        foreach (var operation in lambda.Body.Descendants())
        {
            var captured = operation switch
            {
                ILocalReferenceOperation local when !lambda.Syntax.Span.Contains(local.Local.Locations.Length > 0 ? local.Local.Locations[0].SourceSpan : default) => operation,
                IParameterReferenceOperation parameter when parameter.Parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } => operation,
                _ => null,
            };
            if (captured is not null && _sources.FindSource(captured) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private ITypeSymbol? Awaited(ITypeSymbol? type)
    {
        var bcl = _symbols.Bcl;
        return type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
               && (SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, bcl.TaskOfT) || SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, bcl.ValueTaskOfT))
            ? generic.TypeArguments[0]
            : type;
    }

    /// <summary>A class or interface of the application (an entity, a stored token record, a list of them): not a string, object, array, claim, token or dictionary.</summary>
    private bool IsApplicationObject(ITypeSymbol? type, int depth)
    {
        if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None || named.TypeKind is not (TypeKind.Class or TypeKind.Interface))
        {
            return false;
        }

        var identityModel = _symbols.IdentityModel;
        var bcl = _symbols.Bcl;
        if (named.IsOrInheritsFrom(bcl.Task))
        {
            return false; // a Task that carries no value (Task<T> is awaited by the caller of this method)
        }

        if (named.IsOrInheritsFrom(bcl.Claim) || named.IsOrInheritsFrom(bcl.ClaimsIdentity) || named.IsOrInheritsFrom(bcl.ClaimsPrincipal)
            || named.IsOrInheritsFrom(identityModel.SecurityToken) || named.IsOrInheritsFrom(identityModel.JwtPayload) || named.IsOrInheritsFrom(identityModel.JwtHeader)
            || named.IsOrInheritsFrom(identityModel.SecurityTokenDescriptor) || identityModel.IsTokenValidationResult(named) || _issuing.IsDictionary(named))
        {
            return false;
        }

        // A collection is an application object when its elements are (a list of users, not a list of claims or strings).
        if (named.IsGenericType && depth < 2)
        {
            foreach (var argument in named.TypeArguments)
            {
                if (!IsApplicationObject(argument, depth + 1))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
