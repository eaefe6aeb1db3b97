using System.Globalization;
using BitFaster.Caching.Lru;
using Poet.Translation;

namespace Poet;

/// <summary>
/// Replayed facts kept per execution and learned values: a function declared replayable gives the same result for the
/// same arguments and values, so each execution (labelled, or a recent unlabelled one) is replayed with given values
/// once, not again at every complaint. The cache starts with room for <see cref="DefaultCapacity"/> replays and grows to
/// what a search needs (<see cref="Reserve"/>: its labels times its candidate values), at most to
/// <see cref="MaxCapacity"/> (about <see cref="BytesPerReplay"/> bytes each: the memory bound); the least recently used
/// are dropped first. A replay that could not run (null) is not kept, so it is tried again. Executions without a record at
/// hand (nothing to replay) are not kept.
/// </summary>
internal sealed class ReplayCache
{
    /// <summary>The number of replays kept before any search asked for more.</summary>
    public const int DefaultCapacity = 16_384;

    /// <summary>About how many bytes one kept replay takes (its key and its facts).</summary>
    public const int BytesPerReplay = 256;

    /// <summary>The memory bound: the cache never grows past this many replays (64 MB at <see cref="BytesPerReplay"/>).</summary>
    public const int MaxCapacity = 64 * 1024 * 1024 / BytesPerReplay;

    private readonly Lock _growing = new();
    private readonly int _maxCapacity;
    private ConcurrentLru<string, ExecutionFacts> _facts;
    private int _replayed;

    /// <summary>Creates the cache.</summary>
    /// <param name="capacity">How many replays to keep before a search asks for more (at least 3).</param>
    /// <param name="maxCapacity">The most replays it may grow to (at least <paramref name="capacity"/>).</param>
    public ReplayCache(int capacity = DefaultCapacity, int maxCapacity = MaxCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCapacity, capacity);
        _facts = new ConcurrentLru<string, ExecutionFacts>(capacity);
        _maxCapacity = maxCapacity;
    }

    /// <summary>How many replays are kept at most now.</summary>
    public int Capacity => _facts.Capacity;

    /// <summary>How many replays are kept now.</summary>
    public int Count => _facts.Count;

    /// <summary>How many replays ran (a diagnostic for tests and benchmarks).</summary>
    public int Replayed => _replayed;

    /// <summary>
    /// Makes room for <paramref name="replays"/> (what one search is about to run), up to the memory bound: a search whose
    /// replays do not all fit replays most of them again at every complaint. The kept replays stay.
    /// </summary>
    /// <param name="replays">How many replays the search runs.</param>
    public void Reserve(int replays)
    {
        if (replays <= _facts.Capacity || _facts.Capacity >= _maxCapacity)
        {
            return;
        }

        lock (_growing)
        {
            var old = _facts;
            if (replays <= old.Capacity)
            {
                return;
            }

            var grown = new ConcurrentLru<string, ExecutionFacts>((int)Math.Min(_maxCapacity, Math.Max(replays, 2L * old.Capacity)));
            foreach (var (key, facts) in old)
            {
                grown.AddOrUpdate(key, facts);
            }

            _facts = grown;
        }
    }

    /// <summary>The replay, answered from what earlier complaints replayed when it can be.</summary>
    /// <param name="replay">The function's replay.</param>
    /// <param name="scope">What else the facts depend on (the domain that reads the result).</param>
    /// <returns>The kept replay.</returns>
    public LabelledReplay Keep(LabelledReplay replay, string scope) => (labelled, values) =>
    {
        var key = labelled.Execution is { } execution ? Key($"{execution.Id.Value}|{scope}", values) : null;
        var facts = _facts;
        if (key is not null && facts.TryGet(key, out var kept))
        {
            return kept;
        }

        Interlocked.Increment(ref _replayed);
        var replayed = replay(labelled, values);
        if (replayed is not null && key is not null)
        {
            facts.AddOrUpdate(key, replayed);
        }

        return replayed;
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
