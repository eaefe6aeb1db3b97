using DriftDetection.Bench;
using DriftDetection.Demo;
using Spectre.Console;

namespace DriftDetection.Cli;

/// <summary>Prints the before/after table and the benchmark to the console.</summary>
internal static class ConsoleSummary
{
    public static void PrintRuns(IAnsiConsole console, IReadOnlyList<StreamRun> runs)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Event-level F1, before (defaults) → after (learned)");
        table.AddColumns("stream", "F1 before", "F1 after", "precision", "recall", "threshold", "msgs", "versions");
        foreach (var run in runs)
        {
            table.AddRow(
                Markup.Escape(run.Stream.Name),
                $"{run.Before.F1:0.000}",
                Colored(run.Before.F1, run.After.F1),
                $"{run.Before.Precision:0.00} → {run.After.Precision:0.00}",
                $"{run.Before.Recall:0.00} → {run.After.Recall:0.00}",
                $"{run.ThresholdPath[0].Threshold:0.##} → {run.ThresholdPath[^1].Threshold:0.##}",
                $"{run.Exchanges.Count}",
                $"{run.VersionsWritten}");
        }

        if (runs.Count > 0)
        {
            table.AddEmptyRow();
            table.AddRow(
                $"[bold]overall (mean of {runs.Count})[/]",
                $"{runs.Average(r => r.Before.F1):0.000}",
                Colored(runs.Average(r => r.Before.F1), runs.Average(r => r.After.F1)),
                $"{runs.Average(r => r.Before.Precision):0.00} → {runs.Average(r => r.After.Precision):0.00}",
                $"{runs.Average(r => r.Before.Recall):0.00} → {runs.Average(r => r.After.Recall):0.00}",
                string.Empty,
                $"{runs.Sum(r => r.Exchanges.Count)}",
                $"{runs.Sum(r => r.VersionsWritten)}");
        }

        console.Write(table);
    }

    public static void PrintBench(IAnsiConsole console, IReadOnlyList<BenchRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"LearningBench: mean F1 and gap closed (goal ≥ {LearningBench.GapClosedGoal:P0}, no stream worse by > {LearningBench.WorseTolerance})");
        table.AddColumns("group", "streams", "before", "after", "ceiling", "gap closed", "worse");
        foreach (var s in LearningBench.Summaries(rows))
        {
            var gap = s.GapClosed >= LearningBench.GapClosedGoal ? $"[green]{s.GapClosed:P0}[/]" : $"[red]{s.GapClosed:P0}[/]";
            var worse = s.WorseStreams == 0 ? "0" : $"[red]{s.WorseStreams}[/]";
            table.AddRow(Markup.Escape(s.Name), $"{s.Streams}", $"{s.Before:0.000}", $"{s.After:0.000}", $"{s.Ceiling:0.000}", gap, worse);
        }

        console.Write(table);
        foreach (var row in rows.Where(r => r.IsWorse))
        {
            console.MarkupLine($"[red]worse:[/] {Markup.Escape(row.StreamId)} {row.Before:0.000} → {row.After:0.000} (ceiling {row.Ceiling:0.000} at {row.CeilingThreshold:0.##})");
        }
    }

    private static string Colored(double before, double after) =>
        after > before + 1e-9 ? $"[green]{after:0.000}[/]" : after < before - 1e-9 ? $"[red]{after:0.000}[/]" : $"{after:0.000}";
}
