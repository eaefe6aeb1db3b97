using System.Globalization;
using DriftDetection.Bench;
using DriftDetection.Scoring;

namespace DriftDetection.Cli;

/// <summary>
/// <c>--diagnose</c>: per stream, what learning did and where the NAB score went: the probation period, the windows, each
/// operator message (kind, sample, the values after it), the oracle's values and raw score next to the online and frozen
/// ones, the online score split at the first version (the alerts before it ran with the defaults), and for each window met
/// having heard only of false alarms, the persistences at which values silencing those false alarms catch it (<see cref="WindowReach"/>).
/// </summary>
internal static class Diagnosis
{
    public static void Print(TextWriter output, IReadOnlyList<BenchRow> rows, IReadOnlyDictionary<string, IReadOnlyList<WindowReach>> reach)
    {
        var profile = NabProfile.Standard;
        foreach (var row in rows)
        {
            var run = row.Run;
            var stream = run.Stream;
            var (defaults, online, frozen) = run.Nab(profile);
            var oracle = row.Oracle.Both[0];
            var hindsight = NabScorer.Score(stream.Values.Length, stream.Windows, row.HindsightAlerts, profile);
            var firstChange = run.Exchanges.FirstOrDefault(e => e.Step.NewVersion is not null);
            var effect = firstChange is null ? stream.Values.Length : (firstChange.Feedback.Index / 100 * 100) + 100;
            var before = NabScorer.Score(stream.Values.Length, stream.Windows, run.OnlineAlerts.Where(i => i < effect), profile);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"== {stream.Id} n={stream.Values.Length} probation<{NabScorer.ProbationLength(stream.Values.Length)} windows={string.Join(" ", stream.Windows.Select(w => $"[{w.Start},{w.End}]"))}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   raw: defaults {defaults.Raw:0.00} online {online.Raw:0.00} (fp {online.FalsePositives}, missed {online.Missed}) frozen {frozen.Raw:0.00} (fp {frozen.FalsePositives}, missed {frozen.Missed}) oracle {oracle.Score.Raw:0.00} at {oracle.Values}; hindsight online {hindsight.Raw:0.00} (fp {hindsight.FalsePositives}, missed {hindsight.Missed}); learned {run.Learned}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   online alerts before the first version took effect (<{effect}): {run.OnlineAlerts.Count(i => i < effect)} (fp scored {before.FalsePositives}); all online alerts {run.OnlineAlerts.Count}"));
            var (on, fr) = (row.OnlineLoss, row.FrozenLoss);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"   lost against the oracle (raw; false alarms before / after the first label at {run.FirstLabelAt}; windows begun before it / before the first incident label at {run.FirstIncidentLabelAt} / after): online {on.FalseAlarmsBefore:0.00} / {on.FalseAlarmsAfter:0.00}; {on.WindowsBeforeAnyLabel:0.00} / {on.WindowsBeforeIncidentLabel:0.00} / {on.WindowsAfterIncidentLabel:0.00}, frozen {fr.FalseAlarmsBefore:0.00} / {fr.FalseAlarmsAfter:0.00}; {fr.WindowsBeforeAnyLabel:0.00} / {fr.WindowsBeforeIncidentLabel:0.00} / {fr.WindowsAfterIncidentLabel:0.00}"));
            foreach (var r in reach.TryGetValue(stream.Id, out var known) ? known : [])
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   window [{r.Window.Start},{r.Window.End}] after {r.FalseAlarms} false alarm(s), before any message about a window: caught online {(r.CaughtOnline ? "yes" : "no")}; a threshold silencing those false alarms catches it at persistence {Persistences(r.PastFalseAlarms)}, one also keeping every earlier call silent at {Persistences(r.PastEveryCall)}"));
            }

            foreach (var e in run.Exchanges)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {e.Feedback.Kind,-10} @{e.Feedback.Index,6} {e.Step.Old} -> {e.Step.New} {(e.Step.NewVersion is null ? "(no change)" : string.Empty)} {e.Step.Rationale}"));
            }
        }
    }

    private static string Persistences(IReadOnlyList<int> persistences) => persistences.Count == 0 ? "none" : string.Join(",", persistences);
}

/// <summary><c>--diagnose</c>: the best values fixed once for all streams (found with the labels: a diagnostic, not a default).</summary>
internal static class FixedValuesDiagnosis
{
    public static void Print(TextWriter output, IReadOnlyList<BenchRow> rows, int cooldown, Detection.ScoreShape shape)
    {
        var profile = NabProfile.Standard;
        var scores = rows.Select(r => Detection.RollingZScore.ScoreAll(r.Run.Stream.Values, shape)).ToList();
        var grid = new List<(double T, int P, double Score)>();
        for (var p = 1; p <= 10; p++)
        {
            for (var t = 1.0; t <= 20.001; t += 0.25)
            {
                var files = rows.Select((r, i) => NabScorer.Score(r.Run.Stream.Values.Length, r.Run.Stream.Windows,
                    Detection.AlertRule.Alerts(scores[i], t, p, cooldown), profile));
                grid.Add((t, p, NabScorer.Normalize(files)));
            }
        }

        foreach (var g in grid.OrderByDescending(g => g.Score).Take(10))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixed for all: {g.T:0.##} / {g.P}: {g.Score:0.00}"));
        }

        foreach (var g in grid.Where(g => g.T is 3 or 4 or 5 or 6 && g.P is 1 or 2 or 3 or 5))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixed for all: {g.T:0.##} / {g.P}: {g.Score:0.00}"));
        }
    }
}
