using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>BCL and Microsoft.Extensions.Configuration types the value evaluation (key bytes, durations, booleans) needs.</summary>
internal sealed class BclSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _timeSpan;
    private readonly Lazy<INamedTypeSymbol?> _dateTimeOffset;
    private readonly Lazy<INamedTypeSymbol?> _encoding;
    private readonly Lazy<INamedTypeSymbol?> _convert;
    private readonly Lazy<INamedTypeSymbol?> _randomNumberGenerator;
    private readonly Lazy<INamedTypeSymbol?> _hashAlgorithm;
    private readonly Lazy<INamedTypeSymbol?> _guid;
    private readonly Lazy<INamedTypeSymbol?> _random;
    private readonly Lazy<INamedTypeSymbol?> _environment;
    private readonly Lazy<INamedTypeSymbol?> _configuration;
    private readonly Lazy<INamedTypeSymbol?> _configurationSection;
    private readonly Lazy<INamedTypeSymbol?> _configurationBinder;
    private readonly Lazy<INamedTypeSymbol?> _configurationExtensions;
    private readonly Lazy<IMethodSymbol?> _getSection;
    private readonly Lazy<INamedTypeSymbol?> _webEncoders;
    private readonly Lazy<INamedTypeSymbol?> _task;
    private readonly Lazy<INamedTypeSymbol?> _taskOfT;
    private readonly Lazy<INamedTypeSymbol?> _valueTaskOfT;
    private readonly Lazy<INamedTypeSymbol?> _enumerable;
    private readonly Lazy<INamedTypeSymbol?> _thread;
    private readonly Lazy<INamedTypeSymbol?> _unauthorizedAccessException;
    private readonly Lazy<INamedTypeSymbol?> _jsonSerializer;
    private readonly Lazy<INamedTypeSymbol?> _jsonElement;
    private readonly Lazy<INamedTypeSymbol?> _list;
    private readonly Lazy<INamedTypeSymbol?> _genericCollection;
    private readonly Lazy<INamedTypeSymbol?> _collectionExtensions;
    private readonly Lazy<INamedTypeSymbol?> _valueTask;
    private readonly Lazy<INamedTypeSymbol?> _claim;
    private readonly Lazy<INamedTypeSymbol?> _claimsPrincipal;
    private readonly Lazy<INamedTypeSymbol?> _claimsIdentity;
    private readonly Lazy<INamedTypeSymbol?> _rsa;
    private readonly Lazy<INamedTypeSymbol?> _ecdsa;
    private readonly Lazy<INamedTypeSymbol?> _gc;
    private readonly Lazy<INamedTypeSymbol?> _argumentNullException;
    private readonly Lazy<INamedTypeSymbol?> _exception;
    private readonly Lazy<Dictionary<INamedTypeSymbol, int>> _hashSizes;
    private readonly Lazy<Dictionary<INamedTypeSymbol, string>> _encodingClasses;

    public BclSymbols(Compilation compilation)
        : base(compilation)
    {
        _timeSpan = Type("System.TimeSpan");
        _dateTimeOffset = Type("System.DateTimeOffset");
        _encoding = Type("System.Text.Encoding");
        _convert = Type("System.Convert");
        _randomNumberGenerator = Type("System.Security.Cryptography.RandomNumberGenerator");
        _hashAlgorithm = Type("System.Security.Cryptography.HashAlgorithm");
        _guid = Type("System.Guid");
        _random = Type("System.Random");
        _environment = Type("System.Environment");
        _configuration = Type("Microsoft.Extensions.Configuration.IConfiguration");
        _configurationSection = Type("Microsoft.Extensions.Configuration.IConfigurationSection");
        _configurationBinder = Type("Microsoft.Extensions.Configuration.ConfigurationBinder");
        _configurationExtensions = Type("Microsoft.Extensions.Configuration.ConfigurationExtensions");
        _getSection = Lazy(() => Member<IMethodSymbol>(Configuration, "GetSection"));
        _webEncoders = Type("Microsoft.AspNetCore.WebUtilities.WebEncoders");
        _task = Type("System.Threading.Tasks.Task");
        _taskOfT = Type("System.Threading.Tasks.Task`1");
        _valueTaskOfT = Type("System.Threading.Tasks.ValueTask`1");
        _enumerable = Type("System.Linq.Enumerable");
        _thread = Type("System.Threading.Thread");
        _unauthorizedAccessException = Type("System.UnauthorizedAccessException");
        _jsonSerializer = Type("System.Text.Json.JsonSerializer");
        _jsonElement = Type("System.Text.Json.JsonElement");
        _list = Type("System.Collections.Generic.List`1");
        _genericCollection = Type("System.Collections.Generic.ICollection`1");
        _collectionExtensions = Type("System.Collections.Generic.CollectionExtensions");
        _valueTask = Type("System.Threading.Tasks.ValueTask");
        _claim = Type("System.Security.Claims.Claim");
        _claimsPrincipal = Type("System.Security.Claims.ClaimsPrincipal");
        _claimsIdentity = Type("System.Security.Claims.ClaimsIdentity");
        _rsa = Type("System.Security.Cryptography.RSA");
        _ecdsa = Type("System.Security.Cryptography.ECDsa");
        _gc = Type("System.GC");
        _argumentNullException = Type("System.ArgumentNullException");
        _exception = Type("System.Exception");
        _hashSizes = Lazy(() =>
        {
            var sizes = new Dictionary<INamedTypeSymbol, int>(SymbolEqualityComparer.Default);
            foreach (var (name, size) in new[] { ("SHA1", 20), ("SHA256", 32), ("SHA384", 48), ("SHA512", 64), ("MD5", 16), ("SHA3_256", 32), ("SHA3_384", 48), ("SHA3_512", 64), ("HMACSHA256", 32), ("HMACSHA384", 48), ("HMACSHA512", 64) })
            {
                if (Compilation.GetBestTypeByMetadataName("System.Security.Cryptography." + name) is { } type)
                {
                    sizes[type] = size;
                }
            }

            return sizes;
        });
        _encodingClasses = Lazy(() =>
        {
            var classes = new Dictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            foreach (var name in new[] { "UTF8Encoding", "ASCIIEncoding", "UnicodeEncoding", "UTF32Encoding" })
            {
                if (Compilation.GetBestTypeByMetadataName("System.Text." + name) is { } type)
                {
                    classes[type] = name;
                }
            }

            return classes;
        });
    }

    /// <summary>Always true: the BCL is always there.</summary>
    public override bool IsPresent => true;

    public INamedTypeSymbol String => Compilation.GetSpecialType(SpecialType.System_String);

    public INamedTypeSymbol Boolean => Compilation.GetSpecialType(SpecialType.System_Boolean);

    public INamedTypeSymbol? TimeSpan => _timeSpan.Value;

    public INamedTypeSymbol? DateTimeOffset => _dateTimeOffset.Value;

    public INamedTypeSymbol? Encoding => _encoding.Value;

    public INamedTypeSymbol? Convert => _convert.Value;

    public INamedTypeSymbol? RandomNumberGenerator => _randomNumberGenerator.Value;

    public INamedTypeSymbol? HashAlgorithm => _hashAlgorithm.Value;

    public INamedTypeSymbol? Guid => _guid.Value;

    public INamedTypeSymbol? Random => _random.Value;

    public INamedTypeSymbol? Environment => _environment.Value;

    public INamedTypeSymbol? Configuration => _configuration.Value;

    public INamedTypeSymbol? ConfigurationSection => _configurationSection.Value;

    public INamedTypeSymbol? ConfigurationBinder => _configurationBinder.Value;

    public INamedTypeSymbol? WebEncoders => _webEncoders.Value;

    /// <summary><c>ConfigurationExtensions</c>: <c>GetRequiredSection</c>, <c>GetConnectionString</c>.</summary>
    public INamedTypeSymbol? ConfigurationExtensions => _configurationExtensions.Value;

    /// <summary><c>IConfiguration.GetSection(string)</c>.</summary>
    public IMethodSymbol? ConfigurationGetSection => _getSection.Value;

    public INamedTypeSymbol? Task => _task.Value;

    public INamedTypeSymbol? TaskOfT => _taskOfT.Value;

    public INamedTypeSymbol? ValueTaskOfT => _valueTaskOfT.Value;

    /// <summary>The non-generic <c>ValueTask</c> (<c>ValueTask.FromResult</c>).</summary>
    public INamedTypeSymbol? ValueTask => _valueTask.Value;

    /// <summary><c>List&lt;T&gt;</c> (<c>ToArray</c>, <c>AsReadOnly</c>, <c>AddRange</c>, <c>Insert</c>).</summary>
    public INamedTypeSymbol? List => _list.Value;

    /// <summary><c>ICollection&lt;T&gt;</c>: a collection's <c>Add</c> is one of its implementations.</summary>
    public INamedTypeSymbol? GenericCollection => _genericCollection.Value;

    /// <summary><c>System.Collections.Generic.CollectionExtensions</c> (<c>TryAdd</c> on a dictionary).</summary>
    public INamedTypeSymbol? CollectionExtensions => _collectionExtensions.Value;

    public INamedTypeSymbol? Enumerable => _enumerable.Value;

    public INamedTypeSymbol? Thread => _thread.Value;

    public INamedTypeSymbol? UnauthorizedAccessException => _unauthorizedAccessException.Value;

    public INamedTypeSymbol? JsonSerializer => _jsonSerializer.Value;

    /// <summary><c>System.Text.Json.JsonElement</c> (<c>GetProperty("access_token").GetString()</c>).</summary>
    public INamedTypeSymbol? JsonElement => _jsonElement.Value;

    public INamedTypeSymbol? Claim => _claim.Value;

    public INamedTypeSymbol? ClaimsPrincipal => _claimsPrincipal.Value;

    public INamedTypeSymbol? ClaimsIdentity => _claimsIdentity.Value;

    /// <summary><c>System.Security.Cryptography.RSA</c>.</summary>
    public INamedTypeSymbol? Rsa => _rsa.Value;

    /// <summary><c>System.Security.Cryptography.ECDsa</c>.</summary>
    public INamedTypeSymbol? ECDsa => _ecdsa.Value;

    /// <summary><c>System.ArgumentNullException</c> (a null-argument check rejects nothing a validator decides on).</summary>
    public INamedTypeSymbol? ArgumentNullException => _argumentNullException.Value;

    /// <summary><c>System.Exception</c> (the last parameter of every <c>LoggerMessage.Define</c> delegate).</summary>
    public INamedTypeSymbol? Exception => _exception.Value;

    /// <summary><c>System.GC</c> (<c>GC.KeepAlive</c>).</summary>
    public INamedTypeSymbol? GC => _gc.Value;

    /// <summary>Hash (and HMAC) types and the size in bytes of what they produce.</summary>
    public Dictionary<INamedTypeSymbol, int> HashSizes => _hashSizes.Value;

    /// <summary><c>new UTF8Encoding()</c> and friends, with the name of the encoding they implement.</summary>
    public Dictionary<INamedTypeSymbol, string> EncodingClasses => _encodingClasses.Value;

    /// <summary>True when <paramref name="type"/> is <c>IConfiguration</c> or implements it.</summary>
    public bool IsConfiguration(ITypeSymbol? type) => type.IsOrInheritsFrom(Configuration);
}
