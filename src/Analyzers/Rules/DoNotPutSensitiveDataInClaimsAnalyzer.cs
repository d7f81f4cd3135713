using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using JwtAnalyzers.Internal;
using JwtAnalyzers.Internal.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace JwtAnalyzers.Rules;

/// <summary>
/// JWT016: a claim whose name (by the shared word list <c>src/Shared/sensitive-claim-words.txt</c>, extended by
/// <c>JWT016.sensitive_claim_pattern</c>) or value (a member named like a secret, a connection string or secret from
/// configuration) is sensitive, in a token that is signed but not encrypted. Policy only: the token sinks are listed
/// here, the claims reaching them come from <see cref="ClaimSources"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoNotPutSensitiveDataInClaimsAnalyzer : DiagnosticAnalyzer
{
    public const string SensitiveClaimPatternOption = "sensitive_claim_pattern";

    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DoNotPutSensitiveDataInClaims,
        title: "Do not put sensitive data in token claims",
        messageFormat: "Claim '{0}' carries sensitive data ({1}) in a token that is signed but not encrypted: anyone who holds the token reads it",
        description: "The payload of a signed JWT is only base64url-encoded: the browser, every proxy and every log that sees the token reads every claim. Keep passwords and their hashes, secrets, keys, connection strings, national ids and payment card data out of tokens; use reference tokens or encrypt the token.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            if (TokenIssuingSymbols.Create(start.Compilation) is not { } symbols)
            {
                return;
            }

            var analysis = new Analysis(symbols, ValueFlow.Get(start.Compilation));
            start.RegisterOperationAction(
                analysis.AnalyzeSite,
                OperationKind.ObjectCreation,
                OperationKind.Invocation,
                OperationKind.SimpleAssignment,
                OperationKind.AnonymousObjectCreation);
        });
    }

    /// <summary>
    /// Claims are found by walking back from every token sink of the compilation once (<see cref="ClaimSources"/>);
    /// each claim is then reported by the action of the operation that writes it, so a diagnostic is always local to
    /// the code it points at (an IDE that analyses one method sees it, and the fix applies).
    /// </summary>
    private sealed class Analysis
    {
        private static readonly string[] SinkInvocationNames = { "CreateEncodedJwt", "CreateJwtSecurityToken", "CreateToken", "AddClaim", "AddClaims", "Encode", "EncodeBytes" };

        /// <summary>Every name <see cref="ComputeTokenClaims(IReadOnlyList{SyntaxTree})"/> looks a sink up by.</summary>
        private static readonly string[] SinkSpellings = SinkInvocationNames.Concat(new[] { "JwtSecurityToken", "JwtPayload", "Subject", "Claims" }).ToArray();

        private readonly TokenIssuingSymbols _symbols;
        private readonly ValueFlow _flow;
        private readonly ClaimSources _sources;
        private readonly Func<ITypeSymbol?, bool> _carriesClaims;
        private readonly Lazy<Dictionary<Location, ClaimItem>> _tokenClaims;
        private readonly ConcurrentDictionary<Location, byte> _reported = new();

        public Analysis(TokenIssuingSymbols symbols, ValueFlow flow)
        {
            _symbols = symbols;
            _flow = flow;
            _sources = new ClaimSources(symbols, flow);
            _carriesClaims = type => CarriesClaims(type);
            _tokenClaims = new Lazy<Dictionary<Location, ClaimItem>>(ComputeTokenClaims, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            _sinkTrees = new Lazy<HashSet<SyntaxTree>>(ComputeSinkTrees, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public void AnalyzeSite(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            switch (operation)
            {
                case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.Claim):
                    // Policy before flow: only a claim whose name or value is sensitive is worth following to a token.
                    if (creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "type") is { } type)
                    {
                        Lookup(context, creation.Syntax.GetLocation(), () => IsSensitive(context, null, type.Value, creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value")?.Value));
                    }

                    return;
                case IAnonymousObjectCreationOperation anonymous:
                    if (IsConsumedOutsideTokens(anonymous))
                    {
                        return;
                    }

                    foreach (var initializer in anonymous.Initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation member } assigned)
                        {
                            Lookup(context, initializer.Syntax.GetLocation(), () => IsSensitive(context, member.Property.Name, null, assigned.Value));
                        }
                    }

                    return;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } target } assignment:
                    if (target.Instance?.Type.IsOrInheritsFrom(_symbols.JwtPayload) == true)
                    {
                        Judge(context, new ClaimItem(target.Arguments[0].Value, assignment.Value, assignment, assignment.Syntax.GetLocation()));
                    }
                    else if (_symbols.IsDictionary(target.Property.ContainingType) && !InitialisesConsumedDictionary(assignment) && !IsLibraryOwned(target.Instance))
                    {
                        Lookup(context, assignment.Syntax.GetLocation(), () => IsSensitive(context, null, target.Arguments[0].Value, assignment.Value));
                    }

                    return;
                case IInvocationOperation invocation:
                    AnalyzeInvocationSite(context, invocation);
                    return;
            }
        }

        private void AnalyzeInvocationSite(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var name = method.Name;
            if (name is not ("Add" or "TryAdd" or "AddClaim"))
            {
                return; // names first: every branch below is about one of these methods.
            }

            if (name is "Add" or "TryAdd" && invocation.Arguments.Length == 2 && invocation.Instance?.Type.IsOrInheritsFrom(_symbols.JwtPayload) == true)
            {
                Judge(context, new ClaimItem(invocation.Arguments[0].Value, invocation.Arguments[1].Value, invocation, invocation.Syntax.GetNameLocation()));
                return;
            }

            if (name == "AddClaim" && _symbols.IsJwtBuilderMethod(method)
                && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name") is { } nameArgument
                && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "value") is { } value)
            {
                Judge(context, new ClaimItem(nameArgument.Value, value.Value, invocation, invocation.Syntax.GetNameLocation()));
                return;
            }

            // dictionary.Add(name, value): only a dictionary keyed by string can hold claims.
            if (name is "Add" or "TryAdd" && invocation.Arguments.Length == 2 && IsStringKey(invocation.Arguments[0].Value)
                && !InitialisesConsumedDictionary(invocation) && !IsLibraryOwned(invocation.Instance))
            {
                bool Sensitive() => IsSensitive(context, null, invocation.Arguments[0].Value, invocation.Arguments[1].Value);
                Lookup(context, invocation.Syntax.GetLocation(), Sensitive);
                Lookup(context, invocation.Syntax.GetNameLocation(), Sensitive);
            }
        }

        /// <summary>
        /// Claims are looked up among the token sinks of their own file first (a file the driver is analysing, already
        /// bound). A body that hands claims out (returns them, stores them in a field or property, passes them to a
        /// project method) is followed to the files that receive them (its callers, the readers of the member, the
        /// called method), through the flow engine's per-compilation summaries, and the sinks of those files are
        /// computed; only when that cannot be bounded (a lambda returning claims, a virtual method, too many hops) are
        /// the sinks of the whole compilation computed (once).
        /// </summary>
        private void Lookup(OperationAnalysisContext context, Location location, Func<bool> sensitive)
        {
            if (location.SourceTree is { } tree && TreeClaims(tree).TryGetValue(location, out var local))
            {
                Judge(context, local);
                return;
            }

            // Policy before the costly part of the flow: only a sensitive claim is followed out of its file.
            if (!sensitive())
            {
                return;
            }

            var reached = _reached.GetValue(context.Operation.GetRoot(), root => new Reach(_flow.ReachOf(root, _carriesClaims, MaxReachHops))).Trees;
            if (reached is null)
            {
                if (_tokenClaims.Value.TryGetValue(location, out var item))
                {
                    Judge(context, item);
                }

                return;
            }

            foreach (var other in reached)
            {
                if (TreeClaims(other).TryGetValue(location, out var item))
                {
                    Judge(context, item);
                    return;
                }
            }
        }

        /// <summary>
        /// A dictionary that a referenced library's object owns, read from one of its properties: response headers, an
        /// HTTP client's default headers, <c>HttpContext.Items</c>. Unless the library issues tokens (a descriptor's
        /// <c>Claims</c>), what is written there goes to that library, not into a token. (Claims written later to any
        /// dictionary that is not held in a local are not collected from a token sink either: see the rule page.)
        /// </summary>
        private bool IsLibraryOwned(IOperation? receiver)
            => receiver?.WalkDownConversion() is IPropertyReferenceOperation { Property: var property }
               && !property.IsInSource()
               && !_symbols.IsIssuingLibrary(property.ContainingAssembly);

        /// <summary>
        /// An entry of a dictionary initialiser (<c>new Dictionary&lt;string, object&gt; { ["k"] = v }</c>) whose dictionary
        /// is handed straight to a method that cannot issue a token (<see cref="IsConsumedOutsideTokens"/>).
        /// </summary>
        private bool InitialisesConsumedDictionary(IOperation entry)
            => entry.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation dictionary } && IsConsumedOutsideTokens(dictionary);

        /// <summary>
        /// True when <paramref name="value"/> (an anonymous object, a dictionary being initialised) is an argument of a
        /// method of a referenced library that is not a token library, hands nothing on and returns nothing that can hold
        /// claims: ASP.NET Core's <c>Ok(new { id })</c>, a logger's <c>BeginScope(new Dictionary...)</c>, an HTTP client's
        /// <c>PostAsJsonAsync</c>. Such a value never reaches a token, so its names and values are not judged (the
        /// judgement, not the flow, is what an ordinary project's many anonymous objects cost). A project method, a
        /// delegate, a collection's <c>Add</c>, a pass-through (serialisation, LINQ, <c>Task.FromResult</c>) and a
        /// generic method that returns its type argument (<c>cache.Set(key, value)</c>) do not qualify: what they receive
        /// can go on to a token.
        /// </summary>
        private bool IsConsumedOutsideTokens(IOperation value)
        {
            var current = value;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            var method = current.Parent switch
            {
                IArgumentOperation { Parent: IInvocationOperation invocation } => invocation.TargetMethod,
                IArgumentOperation { Parent: IObjectCreationOperation creation } => creation.Constructor,
                _ => null,
            };
            return method is { ContainingType: { TypeKind: not TypeKind.Delegate } container }
                && !method.IsInSource()
                && method.OriginalDefinition.ReturnType is not ITypeParameterSymbol
                && !_symbols.IsIssuingLibrary(method.ContainingAssembly)
                && !_symbols.IsPassThrough(method)
                && !_symbols.IsCollection(container)
                && (method.ReturnsVoid || !CarriesClaims(method.ReturnType));
        }

        /// <summary>Only a dictionary keyed by string can hold claims (a claim's name is a string).</summary>
        private static bool IsStringKey(IOperation key) => key.WalkDownConversion().Type?.SpecialType == SpecialType.System_String;

        /// <summary>A key that can spell a claim name: a string, or an object or unknown type that may hold one.</summary>
        private static bool MayBeText(IOperation key)
            => key.WalkDownConversion().Type is not { } type || type.SpecialType is SpecialType.System_String or SpecialType.System_Object || type.TypeKind is TypeKind.Dynamic or TypeKind.TypeParameter or TypeKind.Error;

        /// <summary>
        /// The claims that reach the token sinks of <paramref name="tree"/>. A file that spells no sink name (most of a
        /// project) has none: that is answered from the index's per-name file lists, found once per compilation,
        /// without searching that file's text again for each sink name.
        /// </summary>
        private Dictionary<Location, ClaimItem> TreeClaims(SyntaxTree tree)
        {
            if (_treeClaims.TryGetValue(tree, out var claims))
            {
                return claims;
            }

            return _treeClaims.GetOrAdd(tree, t => _sinkTrees.Value.Contains(t) ? ComputeTokenClaims(new[] { t }) : NoClaims);
        }

        private static readonly Dictionary<Location, ClaimItem> NoClaims = new();

        /// <summary>The files that spell a sink's name: the only ones where <see cref="ComputeTokenClaims(IReadOnlyList{SyntaxTree})"/> finds a sink.</summary>
        private HashSet<SyntaxTree> ComputeSinkTrees()
        {
            var index = _flow.Index;
            var trees = new HashSet<SyntaxTree>();
            foreach (var name in SinkSpellings)
            {
                trees.UnionWith(index.TreesSpelling(name));
            }

            return trees;
        }

        private readonly Lazy<HashSet<SyntaxTree>> _sinkTrees;

        private readonly ConcurrentDictionary<SyntaxTree, Dictionary<Location, ClaimItem>> _treeClaims = new();
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IOperation, Reach> _reached = new();

        /// <summary>The files the claims of a body can reach; null when that is not bounded (every file).</summary>
        private sealed class Reach(SyntaxTree[]? trees)
        {
            public SyntaxTree[]? Trees { get; } = trees;
        }

        /// <summary>How many bodies away from the claims' own body the reach follows before it gives up (every file).</summary>
        private const int MaxReachHops = 3;

        private readonly ConcurrentDictionary<ITypeSymbol, bool> _carriers = new(SymbolEqualityComparer.Default);

        /// <summary>A type that can hold claims: Claim, identities, principals, payloads, descriptors, claim dictionaries, and collections or tasks of them.</summary>
        private bool CarriesClaims(ITypeSymbol? type, int depth = 0)
        {
            if (type is null || depth > 3)
            {
                return false;
            }

            if (depth == 0)
            {
                return _carriers.TryGetValue(type, out var known) ? known : _carriers.GetOrAdd(type, ComputeCarriesClaims(type, 0));
            }

            return ComputeCarriesClaims(type, depth);
        }

        private bool ComputeCarriesClaims(ITypeSymbol type, int depth)
        {
            if (type.SpecialType is not (SpecialType.None or SpecialType.System_Object) || type.TypeKind == TypeKind.Enum)
            {
                return false;
            }

            if (type.SpecialType == SpecialType.System_Object)
            {
                return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                return CarriesClaims(array.ElementType, depth + 1);
            }

            if (type.IsOrInheritsFrom(_symbols.Claim) || type.IsOrInheritsFrom(_symbols.ClaimsIdentity) || type.IsOrInheritsFrom(_symbols.ClaimsPrincipal)
                || type.IsOrInheritsFrom(_symbols.JwtPayload) || type.IsOrInheritsFrom(_symbols.SecurityTokenDescriptor) || _symbols.IsDictionary(type))
            {
                return true;
            }

            if (type is INamedTypeSymbol { IsGenericType: true } generic)
            {
                foreach (var argument in generic.TypeArguments)
                {
                    if (CarriesClaims(argument, depth + 1))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Every claim of the compilation that reaches a token that is signed but not encrypted, by location.</summary>
        private Dictionary<Location, ClaimItem> ComputeTokenClaims() => ComputeTokenClaims(null);

        /// <summary>The claims that reach a token sink written in <paramref name="scope"/> (every file when null), by location.</summary>
        private Dictionary<Location, ClaimItem> ComputeTokenClaims(IReadOnlyList<SyntaxTree>? scope)
        {
            var claims = new Dictionary<Location, ClaimItem>();
            var index = _flow.Index;
            var candidates = new HashSet<SyntaxNode>();
            // Target-typed new(...) is indexed under no name: only those that can pass claims (a 'claims:' argument
            // or at least three arguments, claims being the third parameter) are bound.
            candidates.UnionWith(index.CreationsOf("JwtSecurityToken", scope).Concat(index.CreationsOf("JwtPayload", scope)).Where(MayPassClaims));
            candidates.UnionWith(index.WritesOf("Subject", scope));
            candidates.UnionWith(index.WritesOf("Claims", scope));
            foreach (var name in SinkInvocationNames)
            {
                candidates.UnionWith(index.InvocationsOf(name, scope));
            }

            foreach (var node in candidates)
            {
                var sink = _flow.Models.GetOperation(node);
                var items = sink switch
                {
                    ISimpleAssignmentOperation assignment => FromAssignment(assignment),
                    IObjectCreationOperation creation => FromCreation(creation),
                    IInvocationOperation invocation => FromInvocation(invocation),
                    _ => null,
                };
                if (items is null)
                {
                    continue;
                }

                foreach (var item in items)
                {
                    if (!claims.ContainsKey(item.Location))
                    {
                        claims.Add(item.Location, item);
                    }
                }
            }

            return claims;
        }

        private static bool MayPassClaims(SyntaxNode node) => node switch
        {
            ObjectCreationExpressionSyntax => true,
            ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments: var arguments } => arguments.Count >= 3 || arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == "claims"),
            _ => false,
        };

        private List<ClaimItem>? FromAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target is IPropertyReferenceOperation target
                && (target.Property.IsOrOverrides(_symbols.DescriptorSubject) || target.Property.IsOrOverrides(_symbols.DescriptorClaims))
                && !DescriptorIsEncrypted(assignment, target))
            {
                return _sources.Collect(assignment.Value);
            }

            return null;
        }

        private List<ClaimItem>? FromCreation(IObjectCreationOperation creation)
        {
            if ((SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.JwtSecurityToken) || SymbolEqualityComparer.Default.Equals(creation.Type, _symbols.JwtPayload))
                && creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "claims") is { ArgumentKind: not ArgumentKind.DefaultValue } claims)
            {
                return _sources.Collect(claims.Value);
            }

            return null;
        }

        private List<ClaimItem>? FromInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.ContainingType is null)
            {
                return null;
            }

            if (_symbols.IsTokenHandler(method.ContainingType))
            {
                var encrypted = invocation.Arguments.Any(a => a.Parameter?.Name == "encryptingCredentials" && !IsNull(a));
                if (encrypted)
                {
                    return null;
                }

                if (invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "subject" && a.ArgumentKind != ArgumentKind.DefaultValue) is { } subject)
                {
                    return _sources.Collect(subject.Value);
                }

                if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.JsonWebTokenHandler)
                    && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "payload" && a.Parameter.Type.SpecialType == SpecialType.System_String) is { } json)
                {
                    return _sources.Collect(json.Value);
                }

                return null;
            }

            if (invocation.Instance?.Type.IsOrInheritsFrom(_symbols.JwtPayload) == true && method.Name is "AddClaim" or "AddClaims" && invocation.Arguments.Length == 1)
            {
                return _sources.Collect(invocation.Arguments[0].Value);
            }

            if (_symbols.IsJwtBuilderMethod(method) && method.Name == "AddClaims" && invocation.Arguments.LastOrDefault() is { } claims && claims.Parameter?.IsThis != true)
            {
                return _sources.Collect(claims.Value);
            }

            if ((_symbols.IsJwtNetEncode(method) || (_symbols.IsJoseEncode(method) && !_symbols.IsJoseEncrypting(method)))
                && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "payload") is { } payload)
            {
                return _sources.Collect(payload.Value);
            }

            return null;
        }

        /// <summary>Why a claim with this name and value is sensitive, or null: the policy, applied before and after the flow.</summary>
        private string? SensitivityReason(OperationAnalysisContext context, SyntaxTree tree, string? memberName, IOperation? nameOperation, IOperation? value, out string? name, bool deep = true)
        {
            var pattern = Pattern(context, tree);
            if (!deep && memberName is null && nameOperation is not null)
            {
                // The quick check before the flow leaves the file: a name known inside the method is judged; one that is
                // not (a parameter, a field) may be sensitive, so the claim is followed. A key that is not text (a Guid, an
                // id) names no sensitive claim: only the value is judged (a cache keyed by id is not followed for its keys).
                name = null;
                var names = MayBeText(nameOperation) ? _flow.LocalSourcesOf(nameOperation, followCalls: false).Values : ImmutableArray<IOperation>.Empty;
                foreach (var possibleName in names)
                {
                    if (possibleName.ConstantValue is not { HasValue: true, Value: string constant })
                    {
                        return "its name may be sensitive";
                    }

                    if (SensitiveClaimNames.IsSensitive(constant, pattern))
                    {
                        return "its name";
                    }
                }
            }
            else
            {
                name = memberName ?? (nameOperation is null ? null : ConstantValues.String(_flow, nameOperation));
                if (SensitiveClaimNames.IsSensitive(name, pattern))
                {
                    return "its name";
                }
            }

            return value is not null && SensitiveValue(value, pattern, 0, deep) is { } source ? "its value comes from '" + source + "'" : null;
        }

        private bool IsSensitive(OperationAnalysisContext context, string? memberName, IOperation? nameOperation, IOperation? value)
            => SensitivityReason(context, context.Operation.Syntax.SyntaxTree, memberName, nameOperation, value, out _, deep: false) is not null;

        private void Judge(OperationAnalysisContext context, ClaimItem item)
        {
            var tree = item.Location.SourceTree ?? context.Operation.Syntax.SyntaxTree;
            var reason = SensitivityReason(context, tree, item.MemberName, item.Name, item.Value, out var name);
            if (reason is null || !_reported.TryAdd(item.Location, 0))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticPropertyKeys.FixKind, DiagnosticPropertyKeys.FixKindRemoveClaim);
            context.ReportDiagnostic(Diagnostic.Create(Rule, item.Location, properties, name ?? item.Name?.Syntax.ToString() ?? "?", reason));
        }

        /// <summary>The expression a sensitive value is read from, or null.</summary>
        private string? SensitiveValue(IOperation value, Regex? pattern, int depth, bool deep = true)
        {
            value = value.WalkDownConversion();
            if (depth > 4)
            {
                return null;
            }

            switch (value)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer when IsConfiguration(indexer.Instance?.Type):
                    return SensitiveClaimNames.IsSensitive(ConstantValues.String(_flow, indexer.Arguments[0].Value), pattern) ? value.Syntax.ToString() : null;
                case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                    return SensitiveClaimNames.IsSensitive(property.Property.Name, pattern) ? value.Syntax.ToString() : null;
                case IFieldReferenceOperation field:
                    return SensitiveClaimNames.IsSensitive(field.Field.Name, pattern) ? value.Syntax.ToString() : null;
                case IParameterReferenceOperation parameter:
                    return SensitiveClaimNames.IsSensitive(parameter.Parameter.Name, pattern) ? value.Syntax.ToString() : null;
                case ILocalReferenceOperation local:
                    if (SensitiveClaimNames.IsSensitive(local.Local.Name, pattern))
                    {
                        return value.Syntax.ToString();
                    }

                    var values = (deep ? _flow.SourcesOf(local) : _flow.LocalSourcesOf(local, followCalls: false)).Values;
                    return values.IsDefaultOrEmpty ? null : values.Select(v => v == value ? null : SensitiveValue(v, pattern, depth + 1, deep)).FirstOrDefault(s => s is not null);
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    if (method.Name == "GetConnectionString" && SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.ConfigurationExtensions))
                    {
                        return value.Syntax.ToString();
                    }

                    if (method.Name is "GetValue" or "GetSection" && IsConfigurationMethod(method)
                        && invocation.Arguments.FirstOrDefault(a => a.Parameter?.Type.SpecialType == SpecialType.System_String && a.Parameter.Name is "key") is { } key)
                    {
                        return SensitiveClaimNames.IsSensitive(ConstantValues.String(_flow, key.Value), pattern) ? value.Syntax.ToString() : null;
                    }

                    // user.PasswordHash.ToString(), secret.Trim(), Convert.ToBase64String(user.PinBytes)
                    if (invocation.Instance is { } instance)
                    {
                        return SensitiveValue(instance, pattern, depth + 1, deep);
                    }

                    return invocation.Arguments.Length == 1 ? SensitiveValue(invocation.Arguments[0].Value, pattern, depth + 1, deep) : null;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return SensitiveValue(conditional.WhenTrue, pattern, depth + 1, deep) ?? SensitiveValue(whenFalse, pattern, depth + 1, deep);
                case ICoalesceOperation coalesce:
                    return SensitiveValue(coalesce.Value, pattern, depth + 1, deep) ?? SensitiveValue(coalesce.WhenNull, pattern, depth + 1, deep);
                default:
                    return null;
            }
        }

        private bool IsConfiguration(ITypeSymbol? type)
            => _symbols.Configuration is not null && type is not null
               && (SymbolEqualityComparer.Default.Equals(type, _symbols.Configuration) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, _symbols.Configuration)));

        private bool IsConfigurationMethod(IMethodSymbol method)
            => SymbolEqualityComparer.Default.Equals(method.ContainingType, _symbols.ConfigurationBinder)
               || IsConfiguration(method.ContainingType);

        private bool DescriptorIsEncrypted(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target)
        {
            IEnumerable<IOperation> writes = Enumerable.Empty<IOperation>();
            ISymbol? holder = null;
            if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
            {
                writes = initializer.Initializers;
                if (initializer.Parent is { } creation)
                {
                    holder = RefreshTokenContext.ReceivingSymbol(creation);
                }
            }
            else if (target.Instance is ILocalReferenceOperation local)
            {
                holder = local.Local;
                var values = _flow.SourcesOf(local).Values;
                if (!values.IsDefaultOrEmpty)
                {
                    writes = values.OfType<IObjectCreationOperation>().Where(c => c.Initializer is not null).SelectMany(c => c.Initializer!.Initializers);
                }
            }

            if (writes.Any(IsEncryptingWrite))
            {
                return true;
            }

            return holder is ILocalSymbol holderLocal
                   && assignment.GetRoot().DescendantsAndSelf().Any(o => IsEncryptingWrite(o)
                       && ((ISimpleAssignmentOperation)o).Target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation receiver }
                       && SymbolEqualityComparer.Default.Equals(receiver.Local, holderLocal));
        }

        private bool IsEncryptingWrite(IOperation operation)
            => operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } write
               && target.Property.IsOrOverrides(_symbols.DescriptorEncryptingCredentials)
               && write.Value.WalkDownConversion().ConstantValue is not { HasValue: true, Value: null };

        private static bool IsNull(IArgumentOperation argument)
            => argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Value.WalkDownConversion().ConstantValue is { HasValue: true, Value: null };

        private static Regex? Pattern(OperationAnalysisContext context, SyntaxTree tree)
            => RuleOptions.SensitiveClaimPattern.Get(context.Options, tree);
    }
}
