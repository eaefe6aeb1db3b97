using System.Globalization;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Operator;

/// <summary>
/// The labels playing the operator. After each look at the stream (scored with the current version) the operator sends
/// at most one message, about the problem that hurts most: fixing one false alarm or catching one missed window,
/// whichever would raise event-level F1 more (ties: missed windows first, then false alarms). The messages walk through
/// the stream (each complaint is about the next occurrence after the previous one, wrapping around), so feedback is
/// spread over the stream rather than spent on its first false alarms. Once the operator has seen a complaint about
/// noise cost a real incident (a window caught before a false-alarm complaint is missed after it), they accept the
/// remaining noise: no more false-alarm complaints, only "you missed this" until every window is caught. Praise goes
/// to a window that is caught again after a "you missed this" (at most <see cref="MaxPraise"/> times), and a final
/// praise ends the conversation when there is nothing left to say. The budget caps all messages.
/// </summary>
public sealed class OperatorSimulator
{
    /// <summary>The most praise messages spent on re-caught windows (each one costs budget and teaches no direction).</summary>
    public const int MaxPraise = 2;

    private readonly LabelledStream _stream;
    private readonly HashSet<LabelWindow> _reportedMissed = [];
    private readonly Dictionary<FeedbackKind, int> _phraseTurns = [];
    private int _lastFalseAlarm = -1;
    private int _lastMissed = -1;
    private int _praiseSent;
    private bool _finished;
    private bool _acceptsNoise;
    private FeedbackKind? _lastKind;
    private IReadOnlyList<LabelWindow> _caughtBefore = [];

    /// <summary>Creates the operator for one stream with a budget of messages.</summary>
    public OperatorSimulator(LabelledStream stream, int budget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        _stream = stream;
        Budget = budget;
    }

    /// <summary>The most messages this operator sends.</summary>
    public int Budget { get; }

    /// <summary>Messages sent so far.</summary>
    public int Sent { get; private set; }

    /// <summary>The next message about <paramref name="current"/>, or null when the operator has nothing more to say.</summary>
    public OperatorFeedback? Next(ScoredStream current)
    {
        if (_finished || Sent >= Budget)
        {
            return null;
        }

        var alerts = current.AlertIndices;
        var score = EventF1.Score(alerts, _stream.Windows);
        var falseAlarms = EventF1.FalseAlarms(alerts, _stream.Windows);
        var missed = _stream.Windows.Where(w => !alerts.Any(w.Contains)).ToList();
        if (_lastKind == FeedbackKind.FalseAlarm && _caughtBefore.Any(missed.Contains))
        {
            _acceptsNoise = true; // silencing noise cost a real incident: the trade-off is now known
        }

        var complaint = _acceptsNoise && score.Misses == 0 ? null : ChooseComplaint(current, score, falseAlarms, missed);
        var feedback = RecaughtPraise(current, alerts) ?? complaint ?? FinalPraise(current, alerts);
        if (feedback is not null)
        {
            Sent++;
            _lastKind = feedback.Kind;
            _caughtBefore = [.. _stream.Windows.Where(w => !missed.Contains(w))];
        }

        return feedback;
    }

    /// <summary>Which complaint raises F1 more: <see cref="FeedbackKind.FalseAlarm"/>, <see cref="FeedbackKind.Missed"/>, or null for none.</summary>
    public static FeedbackKind? MostHelpfulComplaint(EventScore score)
    {
        if (score.FalseAlarms == 0 && score.Misses == 0)
        {
            return null;
        }

        var fixFalseAlarm = score.FalseAlarms > 0 ? (score with { FalseAlarms = score.FalseAlarms - 1 }).F1 - score.F1 : double.NegativeInfinity;
        var catchMissed = score.Misses > 0 ? (score with { Hits = score.Hits + 1 }).F1 - score.F1 : double.NegativeInfinity;
        if (catchMissed > fixFalseAlarm || (catchMissed == fixFalseAlarm && score.Misses > 0))
        {
            return FeedbackKind.Missed;
        }

        return FeedbackKind.FalseAlarm;
    }

    private OperatorFeedback? ChooseComplaint(ScoredStream current, EventScore score, IReadOnlyList<FalseAlarmEvent> falseAlarms, List<LabelWindow> missed)
    {
        var kind = _acceptsNoise ? (score.Misses > 0 ? FeedbackKind.Missed : (FeedbackKind?)null) : MostHelpfulComplaint(score);
        switch (kind)
        {
            case FeedbackKind.FalseAlarm:
                var alarm = falseAlarms.FirstOrDefault(f => f.First > _lastFalseAlarm) ?? falseAlarms[0];
                _lastFalseAlarm = alarm.First;
                return Say(FeedbackKind.FalseAlarm, current.ChunkAt(alarm.First).ExecutionId, alarm.First);
            case FeedbackKind.Missed:
                var window = missed.Where(w => w.Start > _lastMissed).Cast<LabelWindow?>().FirstOrDefault() ?? missed[0];
                _lastMissed = window.Start;
                _reportedMissed.Add(window);
                return Say(FeedbackKind.Missed, ClosestCall(current, window).ExecutionId, window.Start);
            default:
                return null;
        }
    }

    private OperatorFeedback? RecaughtPraise(ScoredStream current, IReadOnlyList<int> alerts)
    {
        if (_praiseSent >= MaxPraise)
        {
            return null;
        }

        foreach (var window in _reportedMissed)
        {
            var alert = alerts.FirstOrDefault(window.Contains, -1);
            if (alert >= 0)
            {
                _reportedMissed.Remove(window);
                _praiseSent++;
                return Say(FeedbackKind.Praise, current.ChunkAt(alert).ExecutionId, alert);
            }
        }

        return null;
    }

    private OperatorFeedback? FinalPraise(ScoredStream current, IReadOnlyList<int> alerts)
    {
        _finished = true;
        if (current.Chunks.Count == 0 || _lastKind == FeedbackKind.Praise)
        {
            return null;
        }

        var caught = alerts.FirstOrDefault(i => _stream.WindowAt(i) is not null, -1);
        if (caught >= 0)
        {
            return Say(FeedbackKind.Praise, current.ChunkAt(caught).ExecutionId, caught);
        }

        var last = current.Chunks[^1];
        return Say(FeedbackKind.Praise, last.ExecutionId, last.Report.Start, OperatorPhrases.Quiet);
    }

    /// <summary>The call whose scored part overlaps the window most (ties: the earliest), whose record holds the closest call.</summary>
    private static ScoredChunk ClosestCall(ScoredStream current, LabelWindow window) =>
        current.Chunks
            .Select(c => (Chunk: c, Overlap: Math.Min(window.End + 1, c.Report.Start + c.Report.Count) - Math.Max(window.Start, c.Report.Start)))
            .Where(x => x.Overlap > 0)
            .OrderByDescending(x => x.Overlap)
            .First().Chunk;

    private OperatorFeedback Say(FeedbackKind kind, string executionId, int index, IReadOnlyList<string>? phrases = null)
    {
        phrases ??= kind switch
        {
            FeedbackKind.FalseAlarm => OperatorPhrases.FalseAlarm,
            FeedbackKind.Missed => OperatorPhrases.Missed,
            _ => OperatorPhrases.Praise,
        };
        var turn = _phraseTurns.GetValueOrDefault(kind);
        _phraseTurns[kind] = turn + 1;
        var when = index < _stream.Timestamps.Count
            ? _stream.Timestamps[index].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : $"sample {index}";
        var message = string.Format(CultureInfo.InvariantCulture, phrases[turn % phrases.Count], when);
        return new OperatorFeedback(kind, executionId, index, message);
    }
}
