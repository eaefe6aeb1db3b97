using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Poet.Benchmarks;

/// <summary>
/// Counts this process's garbage collections by generation and reason (the runtime's <c>GCStart</c> events, read
/// in-process), to tell which allocations make the collector run: "AllocLarge" means large object heap allocations.
/// </summary>
internal sealed class GcReasons : EventListener
{
    private static readonly string[] Reasons =
    [
        "AllocSmall", "Induced", "LowMemory", "Empty", "AllocLarge", "OutOfSpaceSOH", "OutOfSpaceLOH", "InducedNotForced",
        "Internal", "InducedLowMemory", "InducedCompacting", "LowMemoryHost", "PMFullGC", "LowMemoryHostBlocking",
    ];

    private readonly ConcurrentDictionary<string, int> _counts = new();
    private volatile bool _counting;
    private long _promoted0;
    private long _promoted1;

    /// <summary>Starts counting.</summary>
    public void Start() => _counting = true;

    /// <summary>Forgets the counts so far.</summary>
    public void Clear()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _promoted0, 0);
        Interlocked.Exchange(ref _promoted1, 0);
    }

    /// <summary>The counts so far, e.g. "gen2 AllocLarge 12, gen0 AllocSmall 40".</summary>
    public string Describe()
    {
        _counting = false;
        return _counts.IsEmpty
            ? "no GC"
            : string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}")))
                + string.Create(CultureInfo.InvariantCulture,
                    $"; promoted {Interlocked.Read(ref _promoted0) / 1e6:F1} MB gen0->gen1, {Interlocked.Read(ref _promoted1) / 1e6:F1} MB gen1->gen2");
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC, with allocation ticks
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_counting || eventData.EventName is null || eventData.Payload is null)
        {
            return;
        }

        if (eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            // About one per 100 KB allocated; the large object heap's by type (what makes "AllocLarge" collections).
            var kind = Convert.ToInt32(eventData.Payload[eventData.PayloadNames!.IndexOf("AllocationKind")], CultureInfo.InvariantCulture);
            if (kind == 1)
            {
                var type = eventData.Payload[eventData.PayloadNames.IndexOf("TypeName")]?.ToString() ?? "?";
                _counts.AddOrUpdate($"large object heap ~100 KB of {type}", 1, (_, n) => n + 1);
            }

            return;
        }

        if (eventData.EventName.StartsWith("GCHeapStats", StringComparison.Ordinal))
        {
            // What survived the collection, by the generation it survived (bytes the collector copied or kept).
            Interlocked.Add(ref _promoted0, Convert.ToInt64(eventData.Payload[eventData.PayloadNames!.IndexOf("TotalPromotedSize0")], CultureInfo.InvariantCulture));
            Interlocked.Add(ref _promoted1, Convert.ToInt64(eventData.Payload[eventData.PayloadNames.IndexOf("TotalPromotedSize1")], CultureInfo.InvariantCulture));
            return;
        }

        if (!eventData.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            return;
        }

        var depth = Convert.ToInt32(eventData.Payload[eventData.PayloadNames!.IndexOf("Depth")], CultureInfo.InvariantCulture);
        var reason = Convert.ToInt32(eventData.Payload[eventData.PayloadNames.IndexOf("Reason")], CultureInfo.InvariantCulture);
        var key = $"gen{depth} {(reason >= 0 && reason < Reasons.Length ? Reasons[reason] : reason.ToString(CultureInfo.InvariantCulture))}";
        _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
    }
}
