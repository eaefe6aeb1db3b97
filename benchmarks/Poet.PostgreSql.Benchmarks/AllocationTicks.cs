using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Poet.PostgreSql.Benchmarks;

/// <summary>
/// What this process allocates on the large object heap, by type: the runtime reports an allocation tick (its
/// <c>GCAllocationTick</c> event) about every 100 KB allocated of each kind, naming the type of the allocation that
/// crossed the mark, so the ticks are a sample of where the large allocations come from. A diagnostic for the ingest
/// runner (a growing queue segment or a buffer allocated per batch shows up here).
/// </summary>
public sealed class AllocationTicks : EventListener
{
    private const int GcKeyword = 0x1;
    private const int LargeKind = 1;
    private readonly ConcurrentDictionary<string, long> _large = new(StringComparer.Ordinal);
    private volatile bool _counting;

    /// <summary>Starts counting the ticks from now.</summary>
    public void Start()
    {
        _large.Clear();
        _counting = true;
    }

    /// <summary>Large object heap ticks (about 100 KB each) by type since <see cref="Start"/>, as "type n" pairs.</summary>
    /// <param name="records">Records written meanwhile (the figure is also given per million).</param>
    /// <returns>The summary.</returns>
    public string Stop(long records)
    {
        _counting = false;
        var total = _large.Values.Sum();
        return total == 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"~{total * 100 / 1024.0 * 1e6 / records:F1} MB per million records: ")
              + string.Join(", ", _large.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var kind = names.IndexOf("AllocationKind");
        var type = names.IndexOf("TypeName");
        if (kind < 0 || Convert.ToInt32(payload[kind], CultureInfo.InvariantCulture) != LargeKind)
        {
            return;
        }

        _large.AddOrUpdate(type >= 0 ? payload[type]?.ToString() ?? "?" : "?", 1, (_, n) => n + 1);
    }
}
