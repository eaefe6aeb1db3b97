using System.Globalization;
using System.Text;
using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Scoring;

namespace DriftDetection.Report;

/// <summary>
/// Writes the demo's report: one self-contained HTML file (UTF-8 without BOM; inline CSS and SVG; no scripts, fonts or
/// links to fetch) with the headline result first, the overall table, the benchmark and, per stream, its chart, the
/// learned values' path across versions and the conversation.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly UTF8Encoding Utf8WithoutBom = new(encoderShouldEmitUTF8Identifier: false);

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#1d2330;padding:0 1rem}
        h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
        .headline{font-size:1.05rem;background:#f4f3ff;border-left:4px solid #6941c6;padding:.6rem .9rem}.warning{background:#fff4e5;border-left:4px solid #b54708;padding:.5rem .9rem}
        table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}th,td{padding:.25rem .55rem;border-bottom:1px solid #eef;text-align:right}
        th:first-child,td:first-child{text-align:left}.up{color:#17803d;font-weight:600}.down{color:#b42318;font-weight:600}
        .plot{fill:#fbfbfd;stroke:#dde}.window{fill:#f5a524;fill-opacity:.22}.series{fill:none;stroke:#33415c;stroke-width:1}
        .before line{stroke:#d92d20;stroke-width:1.2}.online line{stroke:#6941c6;stroke-width:1.2}.after line{stroke:#12a150;stroke-width:1.2}.legend,.axis{font-size:11px;fill:#667}
        .tick{stroke:#ccd}.default{stroke:#aab;stroke-dasharray:4 3}.path{fill:none;stroke:#6941c6;stroke-width:2}.point{fill:#6941c6}
        .path2{fill:none;stroke:#b54708;stroke-width:2;stroke-dasharray:5 3}.point2{fill:#b54708}
        .row{display:flex;gap:1.5rem;align-items:flex-start;flex-wrap:wrap}.chat{font-size:.8rem;max-width:600px}.chat td{text-align:left}
        .kind-FalseAlarm{color:#b42318}.kind-Missed{color:#b54708}.kind-Praise{color:#17803d}.note{color:#667;font-size:.85rem}
        """;

    /// <summary>Writes the report to <paramref name="path"/> (creating its folder; UTF-8 without BOM) and returns the full path.</summary>
    public static string WriteFile(string path, DemoReport report)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        File.WriteAllText(fullPath, Render(report), Utf8WithoutBom);
        return fullPath;
    }

    /// <summary>The report's HTML.</summary>
    public static string Render(DemoReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
        html.Append("<title>POET drift-detection demo</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>POET drift-detection demo</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"headline\">{Svg.Text(report.Headline.ToString())}</p>");
        foreach (var warning in report.Warnings ?? [])
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warning\">{Svg.Text(warning)}</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">A rolling z-score detector learns its threshold and persistence from operator feedback (the NAB labels play the operator, at most 20 messages per stream). Learning: {Svg.Text(report.Mode)}. Online: the operator's feedback helps only later calls of the same pass, whose alerts are scored; frozen: the learned values from the start. NAB score: NAB's standard profile, 0 = never fires, 100 = every window at its left edge. Event-level F1: a labelled window with any alert is a hit; alerts outside windows within 10 samples count as one false alarm.</p>");
        AppendOverall(html, report.Runs);
        if (report.Bench is not null && report.Summaries is not null)
        {
            AppendBench(html, report.Bench, report.Summaries);
        }

        foreach (var run in report.Runs)
        {
            AppendStream(html, run);
        }

        html.Append("<p class=\"note\">Data: Numenta Anomaly Benchmark (NAB), MIT licence, github.com/numenta/NAB.</p></body></html>\n");
        return html.ToString();
    }

    private static void AppendOverall(StringBuilder html, IReadOnlyList<StreamRun> runs)
    {
        html.Append("<h2>Overall</h2><table><tr><th>stream</th><th>windows</th><th>F1 defaults → online → frozen</th><th>NAB raw (standard) defaults → online → frozen</th><th>threshold / persistence</th><th>messages</th><th>versions</th></tr>");
        foreach (var run in runs)
        {
            var (defaults, online, frozen) = run.Nab(NabProfile.Standard);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"#{Anchor(run)}\">{Svg.Text(run.Stream.Id)}</a></td><td>{run.Stream.Windows.Count}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{run.Before.F1:0.000} → <span class=\"{Trend(run.Before.F1, run.Online.F1)}\">{run.Online.F1:0.000}</span> → <span class=\"{Trend(run.Before.F1, run.After.F1)}\">{run.After.F1:0.000}</span></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{defaults.Raw:0.00} → <span class=\"{Trend(defaults.Raw, online.Raw)}\">{online.Raw:0.00}</span> → <span class=\"{Trend(defaults.Raw, frozen.Raw)}\">{frozen.Raw:0.00}</span></td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{Svg.Text($"{run.Path[0].Values} → {run.Learned}")}</td><td>{run.Exchanges.Count}</td><td>{run.VersionsWritten}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void AppendBench(StringBuilder html, IReadOnlyList<BenchRow> bench, IReadOnlyList<NabSummary> summaries)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>LearningBench</h2><p class=\"note\">NAB score over {bench.Count} streams per profile. Oracle: the best fixed values per stream, by grid search with the labels. Hindsight online: before each call, the values that scored best on the stream so far, with every label so far. NAB's published detectors are scored on the same files at NAB's thresholds.</p>");
        html.Append("<table><tr><th>profile</th><th>defaults</th><th>online</th><th>frozen</th><th>oracle (threshold)</th><th>oracle (threshold + persistence)</th><th>hindsight online</th>");
        foreach (var (name, _) in summaries.Count > 0 ? summaries[0].Published : [])
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{Svg.Text(name)}</th>");
        }

        html.Append("</tr>");
        foreach (var s in summaries)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Svg.Text(s.Profile.Name)}</td><td>{s.Defaults:0.00}</td><td>{s.Online:0.00}</td><td>{s.Frozen:0.00}</td><td>{s.ThresholdOracle:0.00}</td><td>{s.Oracle:0.00}</td><td>{s.Hindsight:0.00}</td>");
            foreach (var (_, score) in s.Published)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{score:0.00}</td>");
            }

            html.Append("</tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><p class=\"note\">Streams worse online than with the defaults by more than {LearningBench.WorseTolerance} points (standard, each file normalized on its own): {bench.Count(r => r.IsWorse)}.</p>");
    }

    private static void AppendStream(StringBuilder html, StreamRun run)
    {
        var (defaults, online, frozen) = run.Nab(NabProfile.Standard);
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"{Anchor(run)}\">{Svg.Text(run.Stream.Id)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>NAB raw {defaults.Raw:0.00} → online <span class=\"{Trend(defaults.Raw, online.Raw)}\">{online.Raw:0.00}</span> → frozen <span class=\"{Trend(defaults.Raw, frozen.Raw)}\">{frozen.Raw:0.00}</span> · F1 {run.Before.F1:0.000} → {run.Online.F1:0.000} → {run.After.F1:0.000} · hits {run.Before.Hits}/{run.Before.Windows} → {run.After.Hits}/{run.After.Windows} · false alarms {run.Before.FalseAlarms} → {run.Online.FalseAlarms} → {run.After.FalseAlarms} · {run.VersionsWritten} versions written</p>");
        html.Append(SeriesChart.Render(run));
        html.Append("<div class=\"row\"><div>").Append(ParameterChart.Render(run.Path)).Append("</div><table class=\"chat\"><tr><th>#</th><th>operator</th><th>threshold / persistence</th></tr>");
        var number = 0;
        foreach (var exchange in run.Exchanges)
        {
            number++;
            var step = exchange.Step;
            var change = step.NewVersion is { } v ? $"{step.Old} → {step.New} (v{v})" : "unchanged";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{number}</td><td class=\"kind-{exchange.Feedback.Kind}\">{Svg.Text(exchange.Feedback.Message)}</td><td>{Svg.Text(change)}</td></tr>");
        }

        html.Append("</table></div>");
    }

    private static string Anchor(StreamRun run) => "s-" + string.Concat(run.Stream.Id.Select(c => char.IsLetterOrDigit(c) ? c : '-'));

    private static string Trend(double before, double after) => after > before + 1e-9 ? "up" : after < before - 1e-9 ? "down" : string.Empty;
}
