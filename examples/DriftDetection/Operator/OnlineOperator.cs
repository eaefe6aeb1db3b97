using System.Globalization;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Operator;

/// <summary>
/// The labels playing an on-call operator who watches the detector work through the stream, chunk by chunk, and says
/// something right after a call (the learned values apply from the next call on). After each call, at most one message,
/// in this order: praise for the first alert inside a labelled window (a real incident caught; at most
/// <see cref="MaxPraise"/>); "you missed this" as soon as the call that covered a labelled window's centre (where NAB puts
/// the labelled anomaly) stayed silent, with no alert in the window so far (about that call); "false alarm" for an alert outside every window, when the call raised no alert
/// inside one. False-alarm complaints stop <see cref="ReservedForIncidents"/> messages before the budget, so incidents
/// can still be reported. The budget caps all messages.
/// </summary>
public sealed class OnlineOperator
{
    /// <summary>The most praise messages.</summary>
    public const int MaxPraise = 4;

    /// <summary>Messages kept for incidents (missed windows, praise): false alarms may use the rest of the budget.</summary>
    public const int ReservedForIncidents = 5;

    private readonly LabelledStream _stream;
    private readonly HashSet<LabelWindow> _caught = [];
    private readonly HashSet<LabelWindow> _reported = [];
    private readonly Dictionary<FeedbackKind, int> _turns = [];
    private int _praise;
    private int _falseAlarms;

    /// <summary>Creates the operator for one stream with a budget of messages.</summary>
    public OnlineOperator(LabelledStream stream, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        _stream = stream;
        Budget = budget;
    }

    /// <summary>The most messages this operator sends.</summary>
    public int Budget { get; }

    /// <summary>Messages sent so far.</summary>
    public int Sent { get; private set; }

    /// <summary>What the operator says after <paramref name="latest"/>, the newest of <paramref name="calls"/> (all calls so far, in order); null for nothing.</summary>
    public OperatorFeedback? Observe(IReadOnlyList<ScoredChunk> calls, ScoredChunk latest)
    {
        var inWindow = latest.Report.Alerts.Where(a => _stream.WindowAt(a.Index) is not null).ToList();
        var firstCatch = inWindow.FirstOrDefault(a => !_caught.Contains(_stream.WindowAt(a.Index)!.Value));
        foreach (var alert in inWindow)
        {
            _caught.Add(_stream.WindowAt(alert.Index)!.Value);
        }

        if (Sent >= Budget)
        {
            return null;
        }

        if (firstCatch is not null && _praise < MaxPraise)
        {
            _praise++;
            return Say(FeedbackKind.Praise, latest.ExecutionId, firstCatch.Index);
        }

        // NAB centres its windows on the labelled anomaly: the operator learns of the incident when it happens and complains
        // right after the call that covered that moment stayed silent (the rest of the window can still alert in time).
        var end = latest.Report.Start + latest.Report.Count;
        var missed = _stream.Windows.FirstOrDefault(w => Anomaly(w) < end && !_caught.Contains(w) && !_reported.Contains(w), new LabelWindow(-1, -1));
        if (missed.Start >= 0)
        {
            _reported.Add(missed);
            var anomaly = Anomaly(missed);
            var call = calls.LastOrDefault(c => c.Covers(anomaly)) ?? latest;
            return Say(FeedbackKind.Missed, call.ExecutionId, anomaly);
        }

        var falseAlarm = latest.Report.Alerts.FirstOrDefault(a => _stream.WindowAt(a.Index) is null);
        if (falseAlarm is not null && inWindow.Count == 0 && _falseAlarms < Budget - ReservedForIncidents)
        {
            _falseAlarms++;
            return Say(FeedbackKind.FalseAlarm, latest.ExecutionId, falseAlarm.Index);
        }

        return null;
    }

    private static int Anomaly(LabelWindow window) => (window.Start + window.End) / 2;

    private OperatorFeedback Say(FeedbackKind kind, string executionId, int index)
    {
        var phrases = kind switch
        {
            FeedbackKind.FalseAlarm => OperatorPhrases.FalseAlarm,
            FeedbackKind.Missed => OperatorPhrases.Missed,
            _ => OperatorPhrases.Praise,
        };
        var turn = _turns.GetValueOrDefault(kind);
        _turns[kind] = turn + 1;
        Sent++;
        var when = index < _stream.Timestamps.Count
            ? _stream.Timestamps[index].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : $"sample {index}";
        return new OperatorFeedback(kind, executionId, index, string.Format(CultureInfo.InvariantCulture, phrases[turn % phrases.Count], when));
    }
}
