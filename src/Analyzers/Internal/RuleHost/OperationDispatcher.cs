using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace JwtAnalyzers.Internal.RuleHost;

/// <summary>
/// The operation actions of every hosted rule of one compilation, by operation kind. The host registers one driver
/// action for the union of the kinds; each operation then costs the driver one callback, and the rules that asked for
/// its kind are called in turn (an array lookup and a delegate call each), instead of one driver callback per rule.
/// </summary>
internal sealed class OperationDispatcher
{
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> _building = new();
    private Action<OperationAnalysisContext>[]?[]? _byKind;

    public void Add(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> kinds)
    {
        if (_byKind is not null)
        {
            throw new InvalidOperationException("Operation actions are registered during compilation start only.");
        }

        foreach (var kind in kinds.Distinct())
        {
            if (!_building.TryGetValue(kind, out var actions))
            {
                _building[kind] = actions = new List<Action<OperationAnalysisContext>>();
            }

            actions.Add(action);
        }
    }

    /// <summary>Registers the one driver action; nothing when no rule asked for an operation.</summary>
    public void RegisterWith(CompilationStartAnalysisContext start)
    {
        if (_building.Count == 0)
        {
            _byKind = Array.Empty<Action<OperationAnalysisContext>[]?>();
            return;
        }

        var table = new Action<OperationAnalysisContext>[]?[(int)_building.Keys.Max() + 1];
        foreach (var pair in _building)
        {
            table[(int)pair.Key] = pair.Value.ToArray();
        }

        _byKind = table;
        start.RegisterOperationAction(Dispatch, _building.Keys.ToImmutableArray());
    }

    private void Dispatch(OperationAnalysisContext context)
    {
        var actions = _byKind![(int)context.Operation.Kind];
        if (actions is null)
        {
            return;
        }

        foreach (var action in actions)
        {
            action(context);
        }
    }
}
