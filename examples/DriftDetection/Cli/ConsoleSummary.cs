using DriftDetection.Bench;
using DriftDetection.Demo;
using DriftDetection.Scoring;
using Spectre.Console;

namespace DriftDetection.Cli;

/// <summary>Prints the per-stream table, the headline and the benchmark to the console.</summary>
internal static class ConsoleSummary
{
    public static void PrintRuns(IAnsiConsole console, IReadOnlyList<StreamRun> runs)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Per stream: defaults → learning online → learned values frozen");
        table.AddColumns("stream", "windows", "F1", "NAB raw (standard)", "threshold / persistence", "msgs", "versions");
        foreach (var run in runs)
        {
            var (defaults, online, frozen) = run.Nab(NabProfile.Standard);
            table.AddRow(
                Markup.Escape(run.Stream.Id),
                $"{run.Stream.Windows.Count}",
                $"{run.Before.F1:0.000} → {run.Online.F1:0.000} → {Colored(run.Before.F1, run.After.F1, "0.000")}",
                $"{defaults.Raw:0.00} → {Colored(defaults.Raw, online.Raw, "0.00")} → {Colored(defaults.Raw, frozen.Raw, "0.00")}",
                Markup.Escape($"{run.Path[0].Values} → {run.Learned}"),
                $"{run.Exchanges.Count}",
                $"{run.VersionsWritten}");
        }

        console.Write(table);
    }

    public static void PrintHeadline(IAnsiConsole console, Headline headline) =>
        console.MarkupLine($"[bold]{Markup.Escape(headline.ToString())}[/]");

    public static void PrintBench(IAnsiConsole console, IReadOnlyList<BenchRow> rows, IReadOnlyList<NabSummary> summaries)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"LearningBench: NAB score on {rows.Count} streams (goals, standard: online ≥ {LearningBench.OnlineGoal}, frozen ≥ {LearningBench.FrozenGoal})");
        table.AddColumns("profile", "defaults", "online", "frozen", "oracle (threshold)", "oracle (threshold + persistence)", "hindsight online (every label so far)");
        var names = summaries.Count > 0 ? summaries[0].Published.Select(p => p.Name).ToList() : [];
        foreach (var name in names)
        {
            table.AddColumn(Markup.Escape(name));
        }

        foreach (var s in summaries)
        {
            table.AddRow([Markup.Escape(s.Profile.Name), $"{s.Defaults:0.00}", $"{s.Online:0.00}", $"{s.Frozen:0.00}", $"{s.ThresholdOracle:0.00}", $"{s.Oracle:0.00}", $"{s.Hindsight:0.00}",
                .. s.Published.Select(p => $"{p.Score:0.00}")]);
        }

        console.Write(table);
        var worse = rows.Where(r => r.IsWorse).ToList();
        console.MarkupLine(worse.Count == 0
            ? $"No stream worse online than with the defaults by more than {LearningBench.WorseTolerance} points (standard)."
            : $"[red]{worse.Count} stream(s) worse online than with the defaults by more than {LearningBench.WorseTolerance} points (standard):[/]");
        foreach (var row in worse)
        {
            console.MarkupLine($"  {Markup.Escape(row.Run.Stream.Id)}: {row.OnlineGain(NabProfile.Standard):0.0} points");
        }

        var f1 = rows.Count == 0 ? 0 : rows.Average(r => r.Oracle.F1);
        console.MarkupLine($"Mean F1 of the per-stream F1 oracle: {f1:0.000}.");
        if (summaries.Count > 0)
        {
            PrintLoss(console, rows);
        }
    }

    /// <summary>Where the online and frozen passes lose points against the oracle, and the label-timing ceilings.</summary>
    public static void PrintLoss(IAnsiConsole console, IReadOnlyList<BenchRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title("Points lost against the oracle (standard, corpus points; first label = the first sample the operator's first message can change; first incident label: the first message about a window)");
        table.AddColumns("pass", "false alarms before the first label", "false alarms after", "windows begun before the first label", "windows begun before the first incident label", "windows after", "total");
        foreach (var (name, split) in new[] { ("online", LabelTiming.OnlineLoss(rows)), ("frozen", LabelTiming.FrozenLoss(rows)) })
        {
            table.AddRow(name, $"{split.FalseAlarmsBefore:0.00}", $"{split.FalseAlarmsAfter:0.00}", $"{split.WindowsBeforeAnyLabel:0.00}", $"{split.WindowsBeforeIncidentLabel:0.00}", $"{split.WindowsAfterIncidentLabel:0.00}", $"{split.Total:0.00}");
        }

        console.Write(table);
        console.MarkupLine($"Label-timing ceilings (defaults until the label, the oracle's values from then on): from the first message {LabelTiming.Ceiling(rows, r => r.Run.FirstLabelAt):0.00}; from the first message about a window {LabelTiming.Ceiling(rows, r => r.Run.FirstIncidentLabelAt):0.00}; from the first window's end {LabelTiming.Ceiling(rows, r => LabelTiming.AfterFirstWindow(r.Run.Stream)):0.00}.");
    }

    /// <summary>
    /// The windows the learner met having heard only of false alarms: how many the online pass caught, and how many some
    /// values within the bounds could have caught while silencing every false alarm heard before them (and also every call
    /// before them) (<see cref="WindowReach"/>).
    /// </summary>
    public static void PrintReach(IAnsiConsole console, IReadOnlyList<WindowReach> reach)
    {
        var missed = reach.Where(r => !r.CaughtOnline).ToList();
        console.MarkupLine($"Windows begun before the first incident label (the learner had heard only \"false alarm\"): {reach.Count}, caught online {reach.Count - missed.Count}. Of the {missed.Count} missed, values within the bounds that silence every false alarm heard before it catch {missed.Count(r => r.PastFalseAlarms.Count > 0)} (at persistence 1: {missed.Count(r => r.PastFalseAlarms.Contains(1))}); values that also keep every earlier call silent, {missed.Count(r => r.PastEveryCall.Count > 0)}; none catch {missed.Count(r => r.PastFalseAlarms.Count == 0)}.");
    }

    private static string Colored(double before, double after, string format) =>
        after > before + 1e-9 ? $"[green]{after.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}[/]"
        : after < before - 1e-9 ? $"[red]{after.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}[/]"
        : after.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
