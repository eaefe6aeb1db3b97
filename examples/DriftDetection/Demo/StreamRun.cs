using DriftDetection.Detection;
using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace DriftDetection.Demo;

/// <summary>
/// One stream's demo: the defaults' pass (version 1), the online pass (the operator talks while the detector works through
/// the stream; each version applies from the next call on), and the frozen pass (the learned values, from the start).
/// </summary>
/// <param name="Stream">The stream.</param>
/// <param name="DefaultAlerts">Alerted samples with the defaults.</param>
/// <param name="OnlineAlerts">Alerted samples of the online pass.</param>
/// <param name="FrozenAlerts">Alerted samples with the learned values frozen.</param>
/// <param name="Exchanges">The messages sent and what each did.</param>
/// <param name="Path">The values of each version, version 1 first.</param>
public sealed record StreamRun(
    LabelledStream Stream,
    IReadOnlyList<int> DefaultAlerts,
    IReadOnlyList<int> OnlineAlerts,
    IReadOnlyList<int> FrozenAlerts,
    IReadOnlyList<FeedbackExchange> Exchanges,
    IReadOnlyList<VersionPoint> Path)
{
    /// <summary>Event-level score with the defaults.</summary>
    public EventScore Before { get; } = EventF1.Score(DefaultAlerts, Stream.Windows);

    /// <summary>Event-level score of the online pass.</summary>
    public EventScore Online { get; } = EventF1.Score(OnlineAlerts, Stream.Windows);

    /// <summary>Event-level score with the learned values frozen.</summary>
    public EventScore After { get; } = EventF1.Score(FrozenAlerts, Stream.Windows);

    /// <summary>Versions written by feedback (version 1 is the declared defaults, not counted).</summary>
    public int VersionsWritten => Path.Count - 1;

    /// <summary>The learned values (the last version's).</summary>
    public DetectorValues Learned => Path[^1].Values;

    /// <summary>The first sample the operator's first message can change (the stream's length when no message was sent): before it, the online pass knew no label.</summary>
    public int FirstLabelAt => Exchanges.Count == 0 ? Stream.Values.Length : Math.Min(Exchanges[0].SentAfter, Stream.Values.Length);

    /// <summary>The first sample the operator's first message about a window (a miss or a catch) can change (the stream's length when none was sent).</summary>
    public int FirstIncidentLabelAt => Exchanges.FirstOrDefault(e => e.Feedback.Kind != Operator.FeedbackKind.FalseAlarm) is { } e ? Math.Min(e.SentAfter, Stream.Values.Length) : Stream.Values.Length;

    /// <summary>NAB's raw score of this stream's defaults, online and frozen passes under <paramref name="profile"/>.</summary>
    public (NabFileScore Defaults, NabFileScore Online, NabFileScore Frozen) Nab(NabProfile profile) => (
        NabScorer.Score(Stream.Values.Length, Stream.Windows, DefaultAlerts, profile),
        NabScorer.Score(Stream.Values.Length, Stream.Windows, OnlineAlerts, profile),
        NabScorer.Score(Stream.Values.Length, Stream.Windows, FrozenAlerts, profile));
}

/// <summary>A version and its values.</summary>
public readonly record struct VersionPoint(int Version, DetectorValues Values);
