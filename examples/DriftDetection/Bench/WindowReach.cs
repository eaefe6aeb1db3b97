using DriftDetection.Demo;
using DriftDetection.Detection;
using DriftDetection.Operator;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Bench;

/// <summary>
/// What the false alarms heard before a window allowed: for a window that began after the operator's first message and
/// before any message about a window (the learner had heard only "false alarm"), the persistences at which some threshold
/// within the bounds silences every false alarm heard so far and still catches the window, and those at which it also keeps
/// every earlier call silent. A call's strength at persistence p is the highest threshold at which it still alerts
/// (<see cref="AlertRule.PersistentPeak"/>); the window's, the same over its samples.
/// </summary>
/// <param name="Window">The window.</param>
/// <param name="CaughtOnline">Whether the online pass alerted inside it.</param>
/// <param name="FalseAlarms">How many false alarms the operator had reported before it began.</param>
/// <param name="PastFalseAlarms">The persistences at which a threshold silences those false alarms and catches the window.</param>
/// <param name="PastEveryCall">The persistences at which a threshold also keeps every call before the window silent.</param>
public sealed record WindowReach(LabelWindow Window, bool CaughtOnline, int FalseAlarms, IReadOnlyList<int> PastFalseAlarms, IReadOnlyList<int> PastEveryCall)
{
    /// <summary>The windows of <paramref name="run"/> that began between its first label and its first incident label, each with its reach.</summary>
    /// <param name="run">The stream's demo run.</param>
    /// <param name="cooldown">The detector's cooldown.</param>
    /// <param name="shape">The detector's scoring shape.</param>
    public static IReadOnlyList<WindowReach> Of(StreamRun run, int cooldown, ScoreShape shape)
    {
        var stream = run.Stream;
        var windows = stream.Windows.Where(w => w.Start >= run.FirstLabelAt && w.Start < run.FirstIncidentLabelAt).ToList();
        if (windows.Count == 0)
        {
            return [];
        }

        var scores = RollingZScore.ScoreAll(stream.Values, shape);
        return [.. windows.Select(w =>
        {
            var heard = run.Exchanges.Where(e => e.SentAfter <= w.Start && e.Feedback.Kind == FeedbackKind.FalseAlarm)
                .Select(e => e.Feedback.Index / StreamChunks.ChunkSize * StreamChunks.ChunkSize).Distinct().ToList();
            var before = Enumerable.Range(0, w.Start / StreamChunks.ChunkSize).Select(c => c * StreamChunks.ChunkSize).ToList();
            return new WindowReach(w, run.OnlineAlerts.Any(a => a >= w.Start && a <= w.End), heard.Count,
                Persistences(scores, w, heard, cooldown), Persistences(scores, w, before, cooldown));
        })];
    }

    /// <summary>The persistences at which a threshold within the detector's bounds keeps every call starting at <paramref name="calls"/> silent and alerts in <paramref name="window"/>.</summary>
    /// <param name="scores">The stream's scores.</param>
    /// <param name="window">The window.</param>
    /// <param name="calls">The first sample of each call to keep silent (each scores <see cref="StreamChunks.ChunkSize"/> samples).</param>
    /// <param name="cooldown">The detector's cooldown.</param>
    public static IReadOnlyList<int> Persistences(double[] scores, LabelWindow window, IReadOnlyList<int> calls, int cooldown)
    {
        var reach = new List<int>();
        foreach (var p in DetectorDefaults.Persistences)
        {
            var strongest = calls.Count == 0 ? 0 : calls.Max(c => AlertRule.PersistentPeak(scores.AsSpan(0, Math.Min(c + StreamChunks.ChunkSize, scores.Length)), p, cooldown, c).Level);
            var level = AlertRule.PersistentPeak(scores.AsSpan(0, Math.Min(window.End + 1, scores.Length)), p, cooldown, window.Start).Level;

            // It alerts when the score is above the threshold: a threshold t silences a call of strength s when t >= s.
            if (strongest <= DetectorDefaults.MaxThreshold && Math.Max(strongest, DetectorDefaults.MinThreshold) < level)
            {
                reach.Add(p);
            }
        }

        return reach;
    }
}
