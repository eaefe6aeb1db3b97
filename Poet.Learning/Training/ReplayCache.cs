using System.Globalization;
using BitFaster.Caching.Lru;
using Poet.Translation;

namespace Poet;

/// <summary>
/// Replayed facts kept per execution and learned values: a function declared replayable gives the same result for the
/// same arguments and values, so each execution (labelled, or a recent unlabelled one) is replayed with given values
/// once, not again at every complaint. At most <see cref="Capacity"/> replays are kept (the least recently used are
/// dropped first; about 200 bytes each, so 16,384 take about 3 MB); a replay that could not run (null) is not kept, so
/// it is tried again. Executions without a record at hand (nothing to replay) are not kept.
/// </summary>
internal sealed class ReplayCache
{
    /// <summary>The default number of replays kept.</summary>
    public const int DefaultCapacity = 16_384;

    private readonly ConcurrentLru<string, ExecutionFacts> _facts;
    private int _replayed;

    /// <summary>Creates the cache.</summary>
    /// <param name="capacity">How many replays to keep at most (at least 3).</param>
    public ReplayCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 3);
        _facts = new ConcurrentLru<string, ExecutionFacts>(capacity);
        Capacity = capacity;
    }

    /// <summary>How many replays are kept at most.</summary>
    public int Capacity { get; }

    /// <summary>How many replays are kept now.</summary>
    public int Count => _facts.Count;

    /// <summary>How many replays ran (a diagnostic for tests and benchmarks).</summary>
    public int Replayed => _replayed;

    /// <summary>The replay, answered from what earlier complaints replayed when it can be.</summary>
    /// <param name="replay">The function's replay.</param>
    /// <param name="scope">What else the facts depend on (the domain that reads the result).</param>
    /// <returns>The kept replay.</returns>
    public LabelledReplay Keep(LabelledReplay replay, string scope) => (labelled, values) =>
    {
        var key = labelled.Execution is { } execution ? Key($"{execution.Id.Value}|{scope}", values) : null;
        if (key is not null && _facts.TryGet(key, out var kept))
        {
            return kept;
        }

        Interlocked.Increment(ref _replayed);
        var facts = replay(labelled, values);
        if (facts is not null && key is not null)
        {
            _facts.AddOrUpdate(key, facts);
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
