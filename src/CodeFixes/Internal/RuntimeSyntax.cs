using System.Linq;
using JwtAnalyzers.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace JwtAnalyzers.CodeFixes.Internal;

/// <summary>
/// The one place that knows the names of JwtAnalyzers.Runtime / JwtAnalyzers.Runtime.Storage the fixes emit: types,
/// methods, configuration keys, and the namespace of the DI extension methods. When the runtime API is renamed, this
/// file (and nothing else in the fixes) changes. Types are emitted as <c>global::</c> names carrying
/// <see cref="Simplifier.Annotation"/> and <see cref="Simplifier.AddImportsAnnotation"/>, so the clean-up of
/// <see cref="JwtCodeFixProvider"/> adds the <c>using</c> and shortens them.
/// </summary>
internal static class RuntimeSyntax
{
    public const string RuntimeNamespace = "JwtAnalyzers.Runtime";

    /// <summary>Where the <c>Add*</c> DI extension methods live after the runtime follows the ASP.NET Core convention.</summary>
    public const string DependencyInjectionNamespace = "Microsoft.Extensions.DependencyInjection";

    public const string SigningKeys = RuntimeNamespace + ".SigningKeys";
    public const string SafeTokenIssuer = RuntimeNamespace + ".SafeTokenIssuer";
    public const string SafeTokenValidation = RuntimeNamespace + ".SafeTokenValidation";
    public const string StrictTokenValidation = RuntimeNamespace + ".StrictTokenValidation";
    public const string TokenRedaction = RuntimeNamespace + ".TokenRedaction";
    public const string SecureTokenCookies = RuntimeNamespace + ".SecureTokenCookies";
    public const string SecureTokenStore = RuntimeNamespace + ".ISecureTokenStore";
    public const string StrictJwtBearerExtensions = "StrictJwtBearerExtensions";
    public const string SecureTokenStoreExtensions = "SecureTokenStoreServiceCollectionExtensions";

    /// <summary>The configuration section every runtime helper reads by default, and its keys.</summary>
    public const string Section = "Jwt";
    public const string SigningKeyPath = "Jwt:SigningKey";
    public const string IssuerPath = "Jwt:Issuer";
    public const string AudiencePath = "Jwt:Audience";
    public const string SigningKeyVariable = "JWT_SIGNING_KEY";

    /// <summary>A runtime type, or null when the runtime is not referenced (or is too old to have it).</summary>
    public static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName, string? member = null)
        => compilation.GetBestTypeByMetadataName(metadataName) is { } type && (member is null || !type.GetMembers(member).IsEmpty) ? type : null;

    /// <summary>A runtime extension class: in the DI namespace (new API) or the runtime namespace (0.1).</summary>
    public static INamedTypeSymbol? ResolveExtensions(Compilation compilation, string simpleName, string member)
        => Resolve(compilation, DependencyInjectionNamespace + "." + simpleName, member) ?? Resolve(compilation, RuntimeNamespace + "." + simpleName, member);

    /// <summary><c>global::Namespace.Type</c>, simplified (and imported) at clean-up.</summary>
    public static ExpressionSyntax Type(string fullName)
        => SyntaxFactory.ParseExpression("global::" + fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>A type name usable in a declaration (<c>ISecureTokenStore tokenStore</c>), simplified and imported at clean-up.</summary>
    public static TypeSyntax TypeName(string fullName)
        => SyntaxFactory.ParseTypeName("global::" + fullName).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary><c>Type.Method(arguments)</c>.</summary>
    public static InvocationExpressionSyntax Call(string type, string method, params ExpressionSyntax[] arguments)
        => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Type(type), SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    public static LiteralExpressionSyntax String(string value)
        => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));

    /// <summary><c>SigningKeys.LoadHmacKey(configuration, "Jwt:SigningKey"[, algorithm])</c>: a root configuration and a full path.</summary>
    public static InvocationExpressionSyntax LoadHmacKey(ExpressionSyntax configuration, string configurationPath, ExpressionSyntax? algorithm = null)
        => algorithm is null
            ? Call(SigningKeys, "LoadHmacKey", configuration, String(configurationPath))
            : Call(SigningKeys, "LoadHmacKey", configuration, String(configurationPath), algorithm);

    /// <summary><c>SigningKeys.FromEnvironment("JWT_SIGNING_KEY"[, algorithm])</c>.</summary>
    public static InvocationExpressionSyntax KeyFromEnvironment(string variable, ExpressionSyntax? algorithm = null)
        => algorithm is null
            ? Call(SigningKeys, "FromEnvironment", String(variable))
            : Call(SigningKeys, "FromEnvironment", String(variable), algorithm);

    /// <summary><c>SigningKeys.LoadHmacKeyBytes(configuration)</c> (section <c>Jwt</c>).</summary>
    public static InvocationExpressionSyntax LoadHmacKeyBytes(ExpressionSyntax configuration) => Call(SigningKeys, "LoadHmacKeyBytes", configuration);

    /// <summary><c>SigningKeys.BytesFromEnvironment("JWT_SIGNING_KEY")</c>.</summary>
    public static InvocationExpressionSyntax KeyBytesFromEnvironment(string variable) => Call(SigningKeys, "BytesFromEnvironment", String(variable));

    /// <summary><c>SafeTokenIssuer.CredentialsFromConfiguration(configuration)</c>: key and algorithm of section <c>Jwt</c>.</summary>
    public static InvocationExpressionSyntax CredentialsFromConfiguration(ExpressionSyntax configuration)
        => Call(SafeTokenIssuer, "CredentialsFromConfiguration", configuration);

    /// <summary><c>SafeTokenValidation.ValidateFromConfiguration[Async](token, configuration)</c>.</summary>
    public static InvocationExpressionSyntax ValidateFromConfiguration(ExpressionSyntax token, ExpressionSyntax configuration, bool isAsync)
        => Call(SafeTokenValidation, isAsync ? "ValidateFromConfigurationAsync" : "ValidateFromConfiguration", token, configuration);

    /// <summary><c>TokenRedaction.Redact(value)</c>.</summary>
    public static InvocationExpressionSyntax Redact(ExpressionSyntax value) => Call(TokenRedaction, "Redact", value);

    /// <summary><c>StrictTokenValidation.Create(configuration, "Jwt", configure)</c> / <c>Create(configure)</c>.</summary>
    public static InvocationExpressionSyntax StrictParameters(ExpressionSyntax? configuration, ExpressionSyntax? configure)
        => (configuration, configure) switch
        {
            (null, { } c) => Call(StrictTokenValidation, "Create", c),
            ({ } conf, null) => Call(StrictTokenValidation, "Create", conf),
            ({ } conf, { } c) => Call(StrictTokenValidation, "Create", conf, String(Section), c),
            _ => Call(StrictTokenValidation, "Create"),
        };

    /// <summary>The <c>StrictTokenValidation.Create</c> overload for a configuration exists.</summary>
    public static bool HasStrictParameters(Compilation compilation) => Resolve(compilation, StrictTokenValidation, "Create") is not null;

    /// <summary><c>ISecureTokenStore</c> member names.</summary>
    public const string StoreSet = "SetAsync";
    public const string StoreGet = "GetAsync";
    public const string StoreRemove = "RemoveAsync";

    /// <summary><c>services.AddSecureTokenStore()</c> and the namespace to import for it (null: runtime too old).</summary>
    public const string AddSecureTokenStore = "AddSecureTokenStore";

    /// <summary><c>Response.Cookies.AppendToken(name, token, lifetime)</c> and its readers.</summary>
    public const string AppendToken = "AppendToken";
    public const string ReadToken = "ReadToken";

    /// <summary>
    /// Adds <c>using <paramref name="namespaceName"/>;</c> when the file lacks it. Only for extension methods (their
    /// namespace cannot be written at the call); types go through <see cref="Type"/> and the import annotation.
    /// </summary>
    public static SyntaxNode EnsureUsing(SyntaxNode root, string namespaceName)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        var all = unit.Usings.Concat(unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings));
        if (all.Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == namespaceName))
        {
            return root;
        }

        var endOfLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName).WithLeadingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed);
        return unit.AddUsings(directive);
    }
}
