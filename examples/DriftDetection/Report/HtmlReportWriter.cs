using System.Globalization;
using System.Text;
using DriftDetection.Bench;
using DriftDetection.Demo;

namespace DriftDetection.Report;

/// <summary>
/// Writes the demo's report: one self-contained HTML file (inline CSS and SVG; no scripts, fonts or links to fetch)
/// with an overall table and, per stream, its chart, the threshold's path across versions and the conversation.
/// </summary>
public static class HtmlReportWriter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#1d2330;padding:0 1rem}
        h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
        table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}th,td{padding:.25rem .55rem;border-bottom:1px solid #eef;text-align:right}
        th:first-child,td:first-child{text-align:left}.up{color:#17803d;font-weight:600}.down{color:#b42318;font-weight:600}
        .plot{fill:#fbfbfd;stroke:#dde}.window{fill:#f5a524;fill-opacity:.22}.series{fill:none;stroke:#33415c;stroke-width:1}
        .before line{stroke:#d92d20;stroke-width:1.2}.after line{stroke:#12a150;stroke-width:1.2}.legend,.axis{font-size:11px;fill:#667}
        .default{stroke:#aab;stroke-dasharray:4 3}.path{fill:none;stroke:#6941c6;stroke-width:2}.point{fill:#6941c6}
        .row{display:flex;gap:1.5rem;align-items:flex-start;flex-wrap:wrap}.chat{font-size:.8rem;max-width:600px}.chat td{text-align:left}
        .kind-FalseAlarm{color:#b42318}.kind-Missed{color:#b54708}.kind-Praise{color:#17803d}.note{color:#667;font-size:.85rem}
        """;

    /// <summary>Writes the report to <paramref name="path"/> (creating its folder) and returns the full path.</summary>
    public static string WriteFile(string path, IReadOnlyList<StreamRun> runs, IReadOnlyList<BenchRow>? bench, string mode)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, Render(runs, bench, mode), Encoding.UTF8);
        return fullPath;
    }

    /// <summary>The report's HTML.</summary>
    public static string Render(IReadOnlyList<StreamRun> runs, IReadOnlyList<BenchRow>? bench, string mode)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        html.Append("<title>POET drift-detection demo</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>POET drift-detection demo</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">A rolling z-score detector learns its threshold from operator feedback (the NAB labels play the operator). Learning: {Svg.Text(mode)}. Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Event-level F1: a labelled window with any alert is a hit; alerts outside windows within 10 samples count as one false alarm.</p>");
        AppendOverall(html, runs);
        if (bench is not null)
        {
            AppendBench(html, bench);
        }

        foreach (var run in runs)
        {
            AppendStream(html, run);
        }

        html.Append("<p class=\"note\">Data: Numenta Anomaly Benchmark (NAB), MIT licence, github.com/numenta/NAB.</p></body></html>\n");
        return html.ToString();
    }

    private static void AppendOverall(StringBuilder html, IReadOnlyList<StreamRun> runs)
    {
        html.Append("<h2>Overall</h2><table><tr><th>stream</th><th>windows</th><th>F1 before</th><th>F1 after</th><th>precision before → after</th><th>recall before → after</th><th>threshold</th><th>messages</th><th>versions</th></tr>");
        foreach (var run in runs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#{Anchor(run)}\">{Svg.Text(run.Stream.Id)}</a></td><td>{run.Stream.Windows.Count}</td><td>{run.Before.F1:0.000}</td><td class=\"{Trend(run.Before.F1, run.After.F1)}\">{run.After.F1:0.000}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{run.Before.Precision:0.00} → {run.After.Precision:0.00}</td><td>{run.Before.Recall:0.00} → {run.After.Recall:0.00}</td><td>{run.ThresholdPath[0].Threshold:0.##} → {run.ThresholdPath[^1].Threshold:0.##}</td><td>{run.Exchanges.Count}</td><td>{run.VersionsWritten}</td></tr>");
        }

        if (runs.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th>mean of {runs.Count}</th><th></th><th>{runs.Average(r => r.Before.F1):0.000}</th><th>{runs.Average(r => r.After.F1):0.000}</th><th>{runs.Average(r => r.Before.Precision):0.00} → {runs.Average(r => r.After.Precision):0.00}</th><th>{runs.Average(r => r.Before.Recall):0.00} → {runs.Average(r => r.After.Recall):0.00}</th><th></th><th>{runs.Sum(r => r.Exchanges.Count)}</th><th>{runs.Sum(r => r.VersionsWritten)}</th></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendBench(StringBuilder html, IReadOnlyList<BenchRow> bench)
    {
        html.Append("<h2>LearningBench</h2><p class=\"note\">Ceiling: the best fixed threshold per stream, by grid search with the labels. Gap closed = (after − before) / (ceiling − before) on mean F1.</p>");
        html.Append("<table><tr><th>group</th><th>streams</th><th>F1 before</th><th>F1 after</th><th>F1 ceiling</th><th>gap closed</th><th>worse by &gt; 0.02</th></tr>");
        foreach (var s in LearningBench.Summaries(bench))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Svg.Text(s.Name)}</td><td>{s.Streams}</td><td>{s.Before:0.000}</td><td>{s.After:0.000}</td><td>{s.Ceiling:0.000}</td><td>{s.GapClosed:P0}</td><td>{s.WorseStreams}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendStream(StringBuilder html, StreamRun run)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{Anchor(run)}\">{Svg.Text(run.Stream.Id)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>F1 {run.Before.F1:0.000} → <span class=\"{Trend(run.Before.F1, run.After.F1)}\">{run.After.F1:0.000}</span> · hits {run.Before.Hits}/{run.Before.Windows} → {run.After.Hits}/{run.After.Windows} · false alarms {run.Before.FalseAlarms} → {run.After.FalseAlarms} · {run.VersionsWritten} versions written</p>");
        html.Append(SeriesChart.Render(run));
        html.Append("<div class=\"row\"><div>").Append(ParameterChart.Render(run.ThresholdPath)).Append("</div><table class=\"chat\"><tr><th>#</th><th>operator</th><th>threshold</th></tr>");
        var number = 0;
        foreach (var exchange in run.Exchanges)
        {
            number++;
            var step = exchange.Step;
            var change = step.NewVersion is { } v ? $"{step.OldThreshold:0.##} → {step.NewThreshold:0.##} (v{v})" : "unchanged";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{number}</td><td class=\"kind-{exchange.Feedback.Kind}\">{Svg.Text(exchange.Feedback.Message)}</td><td>{Svg.Text(change)}</td></tr>");
        }

        html.Append("</table></div>");
    }

    private static string Anchor(StreamRun run) => "s-" + string.Concat(run.Stream.Id.Select(c => char.IsLetterOrDigit(c) ? c : '-'));

    private static string Trend(double before, double after) => after > before + 1e-9 ? "up" : after < before - 1e-9 ? "down" : string.Empty;
}
