using System;
using Microsoft.CodeAnalysis;

namespace JwtAnalyzers.Internal.Symbols;

/// <summary>
/// Where text goes to a log: Microsoft.Extensions.Logging (<c>ILogger</c>, <c>LoggerExtensions</c>, <c>LoggerMessage</c>
/// and <c>[LoggerMessage]</c>), <c>Console</c>, <c>Debug</c>, <c>Trace</c>, <c>TextWriter</c>, IdentityModel's event
/// source, Serilog and NLog.
/// </summary>
internal sealed class LoggingSymbols : SymbolGroup
{
    private readonly Lazy<INamedTypeSymbol?> _logger;
    private readonly Lazy<INamedTypeSymbol?> _loggerExtensions;
    private readonly Lazy<INamedTypeSymbol?> _loggerMessage;
    private readonly Lazy<INamedTypeSymbol?> _loggerMessageAttribute;
    private readonly Lazy<INamedTypeSymbol?> _logLevel;
    private readonly Lazy<INamedTypeSymbol?> _eventId;
    private readonly Lazy<INamedTypeSymbol?> _console;
    private readonly Lazy<INamedTypeSymbol?> _debug;
    private readonly Lazy<INamedTypeSymbol?> _trace;
    private readonly Lazy<INamedTypeSymbol?> _textWriter;
    private readonly Lazy<INamedTypeSymbol?> _identityModelEventSource;
    private readonly Lazy<INamedTypeSymbol?> _serilogLogger;
    private readonly Lazy<INamedTypeSymbol?> _serilogLog;
    private readonly Lazy<INamedTypeSymbol?> _nlogLogger;
    private readonly Lazy<INamedTypeSymbol?> _nlogLoggerInterface;
    private readonly Lazy<INamedTypeSymbol?> _nlogLoggerBase;

    public LoggingSymbols(Compilation compilation)
        : base(compilation)
    {
        _logger = Type("Microsoft.Extensions.Logging.ILogger");
        _loggerExtensions = Type("Microsoft.Extensions.Logging.LoggerExtensions");
        _loggerMessage = Type("Microsoft.Extensions.Logging.LoggerMessage");
        _loggerMessageAttribute = Type("Microsoft.Extensions.Logging.LoggerMessageAttribute");
        _logLevel = Type("Microsoft.Extensions.Logging.LogLevel");
        _eventId = Type("Microsoft.Extensions.Logging.EventId");
        _console = Type("System.Console");
        _debug = Type("System.Diagnostics.Debug");
        _trace = Type("System.Diagnostics.Trace");
        _textWriter = Type("System.IO.TextWriter");
        _identityModelEventSource = Type("Microsoft.IdentityModel.Logging.IdentityModelEventSource");
        _serilogLogger = Type("Serilog.ILogger");
        _serilogLog = Type("Serilog.Log");
        _nlogLogger = Type("NLog.Logger");
        _nlogLoggerInterface = Type("NLog.ILogger");
        _nlogLoggerBase = Type("NLog.ILoggerBase");
    }

    /// <summary>True when a logging library is referenced (Console, Debug and Trace alone do not count).</summary>
    public override bool IsPresent => Logger is not null || SerilogLogger is not null || NLogLogger is not null || IdentityModelEventSource is not null;

    public INamedTypeSymbol? Logger => _logger.Value;

    public INamedTypeSymbol? LoggerExtensions => _loggerExtensions.Value;

    /// <summary><c>LoggerMessage</c>: <c>Define</c>/<c>DefineScope</c> create logging delegates.</summary>
    public INamedTypeSymbol? LoggerMessage => _loggerMessage.Value;

    public INamedTypeSymbol? LoggerMessageAttribute => _loggerMessageAttribute.Value;

    public INamedTypeSymbol? LogLevel => _logLevel.Value;

    public INamedTypeSymbol? EventId => _eventId.Value;

    public INamedTypeSymbol? Console => _console.Value;

    public INamedTypeSymbol? Debug => _debug.Value;

    public INamedTypeSymbol? Trace => _trace.Value;

    public INamedTypeSymbol? TextWriter => _textWriter.Value;

    public INamedTypeSymbol? IdentityModelEventSource => _identityModelEventSource.Value;

    public INamedTypeSymbol? SerilogLogger => _serilogLogger.Value;

    /// <summary>Serilog's static <c>Log</c> class.</summary>
    public INamedTypeSymbol? SerilogLog => _serilogLog.Value;

    public INamedTypeSymbol? NLogLogger => _nlogLogger.Value;

    public INamedTypeSymbol? NLogLoggerInterface => _nlogLoggerInterface.Value;

    public INamedTypeSymbol? NLogLoggerBase => _nlogLoggerBase.Value;
}
