using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Poet.Translation;

namespace Poet;

/// <summary>
/// Replayed facts kept per labelled execution and learned values: a function declared replayable gives the same result
/// for the same arguments and values, so each label is replayed with given values once, not again at every complaint
/// (the labelled executions of a function's recent feedback are kept between complaints). Entries live as long as their
/// labelled execution; a replay that could not run (null) is not kept, so it is tried again.
/// </summary>
internal sealed class ReplayCache
{
    private readonly ConditionalWeakTable<LabelledExecution, ConcurrentDictionary<string, ExecutionFacts>> _facts = [];
    private int _replayed;

    /// <summary>How many replays ran (a diagnostic for tests and benchmarks).</summary>
    public int Replayed => _replayed;

    /// <summary>The replay, answered from what earlier complaints replayed when it can be.</summary>
    /// <param name="replay">The function's replay.</param>
    /// <param name="scope">What else the facts depend on (the domain that reads the result).</param>
    /// <returns>The kept replay.</returns>
    public LabelledReplay Keep(LabelledReplay replay, string scope) => (labelled, values) =>
    {
        var known = _facts.GetValue(labelled, static _ => new ConcurrentDictionary<string, ExecutionFacts>(StringComparer.Ordinal));
        var key = Key(scope, values);
        if (known.TryGetValue(key, out var kept))
        {
            return kept;
        }

        Interlocked.Increment(ref _replayed);
        var facts = replay(labelled, values);
        if (facts is not null)
        {
            known.TryAdd(key, facts);
        }

        return facts;
    };

    /// <summary>The key of <paramref name="values"/> in <paramref name="scope"/>: every name and value, in name order.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="values">The learned values.</param>
    /// <returns>The key.</returns>
    internal static string Key(string scope, IReadOnlyDictionary<string, double> values)
    {
        if (values.Count == 1)
        {
            // The search replays with one value (the candidate persistence): no sorting, one string.
            foreach (var (name, value) in values)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{scope}|{name}={value:R}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{scope}|{string.Join(';', values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value:R}"))}");
    }
}
