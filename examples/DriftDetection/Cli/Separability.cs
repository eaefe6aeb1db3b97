using System.Globalization;
using DriftDetection.Bench;
using DriftDetection.Detection;

namespace DriftDetection.Cli;

/// <summary>Scratch: for each window begun after the first label and before the first incident label, its strength against the false alarms heard before it.</summary>
internal static class Separability
{
    public static void Print(TextWriter output, IReadOnlyList<BenchRow> rows)
    {
        foreach (var row in rows)
        {
            var run = row.Run;
            var stream = run.Stream;
            var scores = RollingZScore.ScoreAll(stream.Values);
            foreach (var w in stream.Windows.Where(w => w.Start >= run.FirstLabelAt && w.Start < run.FirstIncidentLabelAt))
            {
                var heard = run.Exchanges.Where(e => e.SentAfter <= w.Start).ToList();
                var fas = heard.Where(e => e.Feedback.Kind == Operator.FeedbackKind.FalseAlarm).Select(e => e.Feedback.Index / 100 * 100).ToList();
                var values = heard.Count > 0 ? heard[^1].Step.New : run.Path[0].Values;
                var line = new List<string>();
                for (var p = 1; p <= 10; p++)
                {
                    var fa = fas.Count == 0 ? 0 : fas.Max(s => AlertRule.PersistentPeak(scores.AsSpan(0, Math.Min(s + 100, scores.Length)), p, 0, s).Level);
                    var win = AlertRule.PersistentPeak(scores.AsSpan(0, w.End + 1), p, 0, w.Start).Level;
                    var normal = AlertRule.PersistentPeak(scores.AsSpan(0, w.Start / 100 * 100), p, 0, 0).Level;
                    line.Add(string.Create(CultureInfo.InvariantCulture, $"p{p} {fa:0.00}/{normal:0.00}/{win:0.00}{(win > fa ? "*" : string.Empty)}{(win > normal ? "+" : string.Empty)}"));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"SEP {stream.Id} [{w.Start},{w.End}] fas {fas.Count} values {values} oracle {row.Oracle.Both[0].Values}: {string.Join(" ", line)}"));
            }
        }
    }
}
