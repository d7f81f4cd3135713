using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Internal.Libraries.Tokens;

/// <summary>A user looked up with a claim of an unvalidated token, and the token-issuing call its result reaches.</summary>
internal readonly struct PickedUser
{
    public PickedUser(IInvocationOperation lookup, IOperation issuing)
    {
        Lookup = lookup;
        Issuing = issuing;
    }

    /// <summary>The lookup (<c>users.FindByIdAsync(sub)</c>).</summary>
    public IInvocationOperation Lookup { get; }

    /// <summary>The call that issues a token from the user looked up (<c>handler.WriteToken(...)</c>).</summary>
    public IOperation Issuing { get; }
}

/// <summary>
/// "The user picked for a refresh": the claims of a token read without validation (<see cref="UnvalidatedTokenSources"/>)
/// are the key of a <b>lookup</b> whose result then reaches a call that issues a token
/// (<see cref="TokenIssuingSymbols.IsIssuingCall"/>): <c>var sub = handler.ReadJwtToken(expired).Subject; var user =
/// await users.FindByIdAsync(sub); ... handler.WriteToken(new JwtSecurityToken(claims: new[] { new Claim("sub", user.Id) }))</c>:
/// whoever the forged token names gets fresh tokens (and a rotated refresh token).
/// <para>A lookup is a call (a repository, <c>UserManager.FindByIdAsync</c>, <c>DbSet.Find</c>, <c>FirstOrDefault(u =&gt;
/// u.Id == sub)</c>, a project method) that is not itself a token read, a validation or an issuing call, to which a value
/// derived from the read is passed as an argument other than the receiver (or is captured by a lambda argument: the
/// predicate; LINQ's <c>Enumerable</c> selects only through predicates), and whose result (awaited) is an object of the
/// application: a class or interface other than <c>string</c>, <c>object</c>, <c>Task</c>, arrays and the claim and token
/// types (<c>Claim</c>, identities, principals, security tokens, payloads, headers, descriptors, validation results,
/// dictionaries, and collections of them). So copying or parsing the token's own claims (<c>jwt.Claims.First(...)</c>,
/// <c>Guid.Parse(sub)</c>, <c>claims.Append(...)</c>) is not a lookup. The user reaches the issuing call through locals,
/// fields, properties, arguments of project methods (an <c>Issue(user)</c> helper), member reads, claims, arrays,
/// object and collection initializers (<see cref="ValueFlow.SinksOf"/>).</para>
/// <para>The principal of the classic refresh helper (<c>GetPrincipalFromExpiredToken</c>: <c>ValidateToken</c> with
/// <c>ValidateLifetime = false</c>) is validated, so a user looked up from it is not reported.</para>
/// <para>Cost: the query starts at the read (one of the rule's APIs, visited by the driver: already bound) and follows
/// it forward; a read whose values reach no lookup (the usual display or refresh-scheduling read) costs one
/// <see cref="ValueFlow.SinksOf"/> walk, and nothing starts from the (frequent) issuing calls.</para>
/// </summary>
internal sealed class UnvalidatedUserLookups
{
    private static readonly ConditionalWeakTable<Compilation, UnvalidatedUserLookups> s_cache = new();

    private readonly UnvalidatedTokenSources _sources;
    private readonly KnownSymbols _symbols;
    private readonly TokenIssuingSymbols _issuing;
    private readonly Func<IOperation, bool> _propagates;

    private UnvalidatedUserLookups(Compilation compilation)
    {
        _sources = UnvalidatedTokenSources.Get(compilation);
        _symbols = KnownSymbols.Get(compilation);
        _issuing = TokenIssuingSymbols.Get(compilation);
        _propagates = Propagates;
    }

    /// <summary>The shared instance of <paramref name="compilation"/>.</summary>
    public static UnvalidatedUserLookups Get(Compilation compilation) => s_cache.GetValue(compilation, static c => new UnvalidatedUserLookups(c));

    /// <summary>
    /// True when <paramref name="operation"/> reads a token without validating it in a way a user can be looked up from
    /// (IdentityModel's reads, <c>new JwtSecurityToken(string)</c>/<c>new JsonWebToken(string)</c>, jose-jwt's
    /// <c>Payload</c>, an unverified Jwt.Net decode). The name (or created type) is tested first: any other call costs
    /// a string comparison.
    /// </summary>
    public bool IsRead(IOperation operation) => operation switch
    {
        IInvocationOperation call => call.TargetMethod.Name is "ReadJwtToken" or "ReadJsonWebToken" or "ReadToken" or "Payload" or "Decode" or "DecodeToObject"
                                     && _sources.SourceName(call) is not null,
        IObjectCreationOperation creation => (SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.IdentityModel.JwtSecurityToken)
                                              || SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.IdentityModel.JsonWebToken))
                                             && _sources.SourceName(creation) is not null,
        _ => false,
    };

    /// <summary>The lookups keyed by a value of <paramref name="read"/> whose result reaches a token-issuing call.</summary>
    public List<PickedUser> FindPickedUsers(IOperation read)
    {
        var picked = new List<PickedUser>();
        var seen = new HashSet<SyntaxNode>();
        foreach (var use in _sources.Flow.SinksOf(read, _propagates))
        {
            var lookup = use is IArgumentOperation { Parent: IInvocationOperation call } argument && IsKey(call, argument)
                ? call
                : LambdaArgumentOf(use, read);
            if (lookup is not null && seen.Add(lookup.Syntax) && IsLookup(lookup) && IssuingReached(lookup) is { } issuing)
            {
                picked.Add(new PickedUser(lookup, issuing));
            }
        }

        return picked;
    }

    /// <summary>The first token-issuing call the result of <paramref name="lookup"/> reaches, or null.</summary>
    private IOperation? IssuingReached(IInvocationOperation lookup)
    {
        foreach (var use in _sources.Flow.SinksOf(lookup, _propagates))
        {
            switch (use)
            {
                case IArgumentOperation { Parent: IInvocationOperation call } when _issuing.IsIssuingCall(call.TargetMethod):
                    return call;
                case IInvocationOperation call when _issuing.IsIssuingCall(call.TargetMethod):
                    return call; // new JwtBuilder()...AddClaim("sub", user.Id).Encode()
            }
        }

        return null;
    }

    /// <summary>
    /// Values derived from the read or the user: a member read, a call on it or with it (<c>Guid.Parse(sub)</c>,
    /// <c>ToString()</c>, a lookup), an operator, a string built from it, a claim, array, object or initializer built
    /// from it. Never through a validation or an issuing call.
    /// </summary>
    private bool Propagates(IOperation use) => use switch
    {
        IArgumentOperation { Parent: IInvocationOperation call } => !_sources.IsValidation(call) && !_issuing.IsIssuingCall(call.TargetMethod),
        IArgumentOperation { Parent: IObjectCreationOperation or IPropertyReferenceOperation } => true,
        IInvocationOperation call => !_sources.IsValidation(call) && !_issuing.IsIssuingCall(call.TargetMethod),
        ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation } => true,
        IPropertyReferenceOperation or IFieldReferenceOperation or IConditionalAccessOperation or IBinaryOperation
            or IInterpolationOperation or IInterpolatedStringOperation or IArrayElementReferenceOperation
            or IObjectCreationOperation or IArrayCreationOperation or IArrayInitializerOperation or IObjectOrCollectionInitializerOperation => true,
        _ => false,
    };

    /// <summary>True when <paramref name="argument"/> can select: not the receiver of an extension method, not an element handed to LINQ (only its predicates select).</summary>
    private bool IsKey(IInvocationOperation call, IArgumentOperation argument)
        => !(call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 && ReferenceEquals(call.Arguments[0], argument))
           && !SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, _symbols.Bcl.Enumerable);

    /// <summary>
    /// For a use inside a lambda passed to a call that captures the value from outside (<c>users.FirstOrDefault(u =&gt;
    /// u.Id == sub)</c>): that call. Null when the lambda contains the read itself (the value is the lambda's own).
    /// </summary>
    private static IInvocationOperation? LambdaArgumentOf(IOperation use, IOperation read)
    {
        for (var current = use.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                if (lambda.Syntax.SyntaxTree == read.Syntax.SyntaxTree && lambda.Syntax.Span.Contains(read.Syntax.Span))
                {
                    return null;
                }

                var holder = lambda.Parent;
                while (holder is IDelegateCreationOperation or IConversionOperation)
                {
                    holder = holder.Parent;
                }

                return holder is IArgumentOperation { Parent: IInvocationOperation call } ? call : null;
            }
        }

        return null;
    }

    /// <summary>A call whose result is an object of the application (see the class summary) and that is not a token read, a validation or an issuing call.</summary>
    private bool IsLookup(IInvocationOperation call)
        => IsApplicationObject(Awaited(call.TargetMethod.ReturnType), 0)
           && _sources.SourceName(call) is null
           && !_sources.IsValidation(call)
           && !_issuing.IsIssuingCall(call.TargetMethod);

    private ITypeSymbol? Awaited(ITypeSymbol? type)
    {
        var bcl = _symbols.Bcl;
        return type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
               && (SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, bcl.TaskOfT) || SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, bcl.ValueTaskOfT))
            ? generic.TypeArguments[0]
            : type;
    }

    /// <summary>A class or interface of the application (an entity, a stored token record, a list of them): not a string, object, task, array, claim, token or dictionary.</summary>
    private bool IsApplicationObject(ITypeSymbol? type, int depth)
    {
        if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None || named.TypeKind is not (TypeKind.Class or TypeKind.Interface))
        {
            return false;
        }

        var identityModel = _symbols.IdentityModel;
        var bcl = _symbols.Bcl;
        if (named.IsOrInheritsFrom(bcl.Task)
            || named.IsOrInheritsFrom(bcl.Claim) || named.IsOrInheritsFrom(bcl.ClaimsIdentity) || named.IsOrInheritsFrom(bcl.ClaimsPrincipal)
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
