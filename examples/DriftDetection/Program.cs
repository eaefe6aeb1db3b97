using DriftDetection.Bench;
using DriftDetection.Cli;
using DriftDetection.Demo;
using DriftDetection.Report;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;
using Spectre.Console;

// Redirected output (a file, a pipe, CI) has no terminal width: Spectre.Console would wrap the tables at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 160;
}

DemoOptions options;
try
{
    options = DemoOptions.Parse(args);
    if (options.UseLlm)
    {
        _ = LlmSettings.FromEnvironment(); // says what to set before any work starts
    }
}
catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
{
    AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
    return 2;
}

if (options.ShowHelp)
{
    AnsiConsole.WriteLine(DemoOptions.Help);
    return 0;
}

var streams = NabStreamLoader.Load(options.DataPath, options.Streams);
if (streams.Count == 0)
{
    AnsiConsole.MarkupLine($"[red]No stream matches {Markup.Escape(string.Join(", ", options.Streams))}.[/] Run with --help for the filter syntax.");
    return 1;
}

var runner = new DemoRunner(stream => DetectorSessions.Create(options.StorePath, stream.Id, options.UseLlm, options.Learn, options.Unlabelled, options.Cooldown, options.Shape), options.Budget);
var runs = new StreamRun?[streams.Count];
var configured = DetectorSessions.Describe(options.UseLlm, options.Learn) + $"; {options.Shape}";

AnsiConsole.MarkupLine($"[bold]POET drift-detection demo[/]: {streams.Count} NAB streams, up to {options.Budget} operator messages each. Learning: {Markup.Escape(configured)}.");
var started = System.Diagnostics.Stopwatch.StartNew();
await AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .StartAsync(async context =>
    {
        var overall = context.AddTask("streams", maxValue: streams.Count);
        var live = context.AddTask("starting", maxValue: 1);
        var progress = new Progress<string>(line => live.Description = Markup.Escape(line));
        for (var i = 0; i < streams.Count; i++)
        {
            live.Description = Markup.Escape(streams[i].Id);
            runs[i] = await runner.RunAsync(streams[i], progress);
            overall.Increment(1);
        }

        live.Description = "done";
        live.Value = 1;
    });

var completed = runs.Select(r => r!).ToList();
var (mode, warnings) = TranslatorCheck.Describe(completed, options.UseLlm);
foreach (var warning in warnings)
{
    AnsiConsole.MarkupLine($"[yellow]Warning:[/] {Markup.Escape(warning)}");
}

var published = PublishedDetector.Load(options.DataPath);
var headline = Headline.Of(completed, published);
ConsoleSummary.PrintRuns(AnsiConsole.Console, completed);
ConsoleSummary.PrintHeadline(AnsiConsole.Console, headline);
IReadOnlyList<BenchRow>? bench = null;
IReadOnlyList<NabSummary>? summaries = null;
if (options.Bench)
{
    bench = LearningBench.Rows(completed, options.OracleCooldowns, options.Shape);
    summaries = LearningBench.Summaries(bench, published);
    ConsoleSummary.PrintBench(AnsiConsole.Console, bench, summaries);
    var reach = bench.ToDictionary(r => r.Run.Stream.Id, r => WindowReach.Of(r.Run, options.Cooldown, options.Shape));
    if (summaries.Count > 0)
    {
        ConsoleSummary.PrintReach(AnsiConsole.Console, [.. reach.Values.SelectMany(r => r)]);
    }

    if (options.Diagnose)
    {
        Diagnosis.Print(Console.Out, bench, reach);
        FixedValuesDiagnosis.Print(Console.Out, bench, options.Cooldown, options.Shape);
    }
}

var reportPath = HtmlReportWriter.WriteFile(options.ReportPath, new DemoReport(completed, headline, mode, bench, summaries, warnings));
AnsiConsole.MarkupLine($"Finished in {started.Elapsed.TotalSeconds:0.0} s. Report: [link]{Markup.Escape(reportPath)}[/]");
return 0;
