using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Internal.RuleHost;

/// <summary>
/// What a rule registers in its <see cref="DiagnosticAnalyzer.Initialize"/>, kept so that <see cref="JwtRuleHost"/> can
/// run it per compilation. Every rule of this package registers compilation-start actions only; any other registration
/// would escape the host's per-rule switch and dispatch, so it is refused (a test runs every rule's Initialize).
/// </summary>
internal sealed class RecordingAnalysisContext : AnalysisContext
{
    private readonly List<Action<CompilationStartAnalysisContext>> _compilationStartActions = new();

    public IReadOnlyList<Action<CompilationStartAnalysisContext>> CompilationStartActions => _compilationStartActions;

    public GeneratedCodeAnalysisFlags? GeneratedCodeAnalysis { get; private set; }

    public bool ConcurrentExecution { get; private set; }

    public override void EnableConcurrentExecution() => ConcurrentExecution = true;

    public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeAnalysis = analysisMode;

    public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => _compilationStartActions.Add(action);

    public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => throw Unsupported(nameof(RegisterCompilationAction));

    public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => throw Unsupported(nameof(RegisterSemanticModelAction));

    public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => throw Unsupported(nameof(RegisterSymbolAction));

    public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => throw Unsupported(nameof(RegisterCodeBlockStartAction));

    public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => throw Unsupported(nameof(RegisterCodeBlockAction));

    public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => throw Unsupported(nameof(RegisterSyntaxTreeAction));

    public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => throw Unsupported(nameof(RegisterSyntaxNodeAction));

    public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => throw Unsupported(nameof(RegisterOperationAction));

    public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => throw Unsupported(nameof(RegisterOperationBlockStartAction));

    public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => throw Unsupported(nameof(RegisterOperationBlockAction));

    public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => throw Unsupported(nameof(RegisterSymbolStartAction));

    public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => throw Unsupported(nameof(RegisterAdditionalFileAction));

    private static NotSupportedException Unsupported(string registration)
        => new(registration + " in a rule's Initialize: register it inside a compilation-start action, where JwtRuleHost switches rules and dispatches operations");
}
