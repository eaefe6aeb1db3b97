using DriftDetection.Streams;

namespace DriftDetection.Scoring;

/// <summary>
/// Event-level scoring: a labelled window with any alert inside is a hit; alerts outside every window that lie within
/// <see cref="ClusterGap"/> samples of each other count as one false alarm.
/// </summary>
public static class EventF1
{
    /// <summary>Alerts outside windows at most this many samples apart belong to the same false alarm.</summary>
    public const int ClusterGap = 10;

    /// <summary>Scores alert indices against labelled windows.</summary>
    public static EventScore Score(IEnumerable<int> alertIndices, IReadOnlyList<LabelWindow> windows)
    {
        var alerts = alertIndices.Order().ToList();
        var hits = windows.Count(w => alerts.Any(w.Contains));
        return new EventScore(windows.Count, hits, FalseAlarms(alerts, windows).Count);
    }

    /// <summary>The false alarm events, in order.</summary>
    public static IReadOnlyList<FalseAlarmEvent> FalseAlarms(IEnumerable<int> alertIndices, IReadOnlyList<LabelWindow> windows)
    {
        var events = new List<FalseAlarmEvent>();
        int? first = null;
        var last = 0;
        var count = 0;
        foreach (var index in alertIndices.Order())
        {
            if (windows.Any(w => w.Contains(index)))
            {
                continue;
            }

            if (first is not null && index - last <= ClusterGap)
            {
                last = index;
                count++;
                continue;
            }

            if (first is not null)
            {
                events.Add(new FalseAlarmEvent(first.Value, last, count));
            }

            first = index;
            last = index;
            count = 1;
        }

        if (first is not null)
        {
            events.Add(new FalseAlarmEvent(first.Value, last, count));
        }

        return events;
    }
}
