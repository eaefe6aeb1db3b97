using System.CommandLine;
using System.Globalization;
using Poet.Cli.Backends;
using Poet.Cli.Import;
using Poet.Cli.Output;
using Spectre.Console;

namespace Poet.Cli.Commands;

/// <summary><c>poet import FILE</c>: delayed feedback in bulk, applied once per batch, idempotently.</summary>
internal static class ImportCommand
{
    /// <summary>The default rows per batch.</summary>
    public const int DefaultBatchSize = 1000;

    private const int ErrorsShown = 50;

    public static Command Create(CliRunner runner)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV (header execution_id,feedback[,feedback_id,received_at]) or JSON lines with the same fields." };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Rows per batch: each batch writes at most one version per function.",
            DefaultValueFactory = _ => DefaultBatchSize,
            HelpName = "N",
        };
        batchSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                result.AddError("--batch-size must be between 1 and 100000.");
            }
        });
        var command = new Command("import", """
            Imports delayed feedback (ground truth from a ticket system or a labelling session) and learns from it once per
            batch: one version per function per batch, listing the feedback ids it used. Idempotent: a row whose
            feedback_id (or execution and feedback) was applied before is skipped, so importing a file twice changes nothing.
            Bad rows (unknown id, unparsable line, an id older than the retention) are reported with their line number;
            the rest is applied. Exit code 1 when any row was rejected.

            Examples:
              poet import labels.csv
              poet import labels.jsonl --json
              poet import labels.csv --batch-size 5000 --store /var/lib/app/.poet

            CSV:
              execution_id,feedback,feedback_id,received_at
              01JD0Q3V6ZK8X9W2A4B5C6D7E8,"false alarm, seasonal dip",TICKET-101,2026-11-28T09:00:00Z
              01JD0Q3V70AB8X9W2A4B5C6D7F,missed the outage,TICKET-102,
            """)
        { file, batchSize };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (backend, output, token) =>
        {
            var path = parse.GetValue(file)!.FullName;
            if (!File.Exists(path))
            {
                throw CliException.Usage($"No file '{path}': give the path of a CSV or JSON lines file.");
            }

            var summary = new ImportSummary { File = path };
            var size = parse.GetValue(batchSize);
            if (output.ShowsProgress)
            {
                var total = CountLines(path);
                await output.Console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Importing feedback", maxValue: Math.Max(total, 1));
                        await ImportAsync(backend, path, size, summary, line => task.Value = line, token).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                    }).ConfigureAwait(false);
            }
            else
            {
                await ImportAsync(backend, path, size, summary, _ => { }, token).ConfigureAwait(false);
            }

            Report(output, summary);
            return summary.Rejected == 0 ? ExitCodes.Ok : ExitCodes.Usage;
        }, ct));
        return command;
    }

    /// <summary>Reads the file and applies it batch by batch.</summary>
    /// <param name="backend">The store or service.</param>
    /// <param name="path">The file.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="summary">Receives the counts.</param>
    /// <param name="progress">Told the line reached after each batch.</param>
    /// <param name="cancellationToken">Cancels the import between batches.</param>
    /// <returns>A task that completes when every batch is applied.</returns>
    public static async Task ImportAsync(IPoetBackend backend, string path, int batchSize, ImportSummary summary, Action<long> progress,
        CancellationToken cancellationToken)
    {
        var batch = new List<ImportRow>(batchSize);
        foreach (var row in FeedbackFileReader.Read(path))
        {
            summary.Rows++;
            if (row.Item is null)
            {
                summary.Errors.Add(new ImportError(row.Line, null, row.Error!));
                continue;
            }

            batch.Add(row);
            if (batch.Count == batchSize)
            {
                await ApplyAsync(backend, batch, summary, cancellationToken).ConfigureAwait(false);
                progress(row.Line);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await ApplyAsync(backend, batch, summary, cancellationToken).ConfigureAwait(false);
        }

        summary.Errors.Sort((a, b) => a.Line.CompareTo(b.Line));
    }

    private static async Task ApplyAsync(IPoetBackend backend, List<ImportRow> batch, ImportSummary summary, CancellationToken cancellationToken)
    {
        var outcome = await backend.FeedbackBatchAsync([.. batch.Select(r => r.Item!)], cancellationToken).ConfigureAwait(false);
        foreach (var item in outcome.Items)
        {
            var row = batch[item.Index];
            switch (item.Status)
            {
                case FeedbackItemStatus.Applied:
                    summary.Applied++;
                    break;
                case FeedbackItemStatus.AlreadyApplied:
                    summary.AlreadyApplied++;
                    break;
                default:
                    summary.Errors.Add(new ImportError(row.Line, row.Item!.ExecutionId.Value, item.Error ?? "rejected"));
                    break;
            }
        }

        foreach (var (function, version) in outcome.VersionsWritten)
        {
            if (!summary.VersionsWritten.TryGetValue(function, out var list))
            {
                summary.VersionsWritten[function] = list = [];
            }

            list.Add(version);
        }
    }

    private static long CountLines(string path)
    {
        long lines = 0;
        foreach (var _ in File.ReadLines(path))
        {
            lines++;
        }

        return lines;
    }

    private static void Report(CliOutput output, ImportSummary summary)
    {
        if (output.Json)
        {
            output.WriteJson(summary);
            return;
        }

        var table = new Table().AddColumns("Rows", "Applied", "Already applied (skipped)", "Rejected");
        table.AddRow(N(summary.Rows), N(summary.Applied), N(summary.AlreadyApplied), N(summary.Rejected));
        output.Write(table);
        if (summary.VersionsWritten.Count == 0)
        {
            output.Line("No version written.");
        }

        foreach (var (function, versions) in summary.VersionsWritten)
        {
            output.Line($"{function}: {versions.Count} version(s) written, v{versions[0]}{(versions.Count > 1 ? $"..v{versions[^1]}" : string.Empty)}");
        }

        foreach (var error in summary.Errors.Take(ErrorsShown))
        {
            output.Line($"line {error.Line}: {error.Error}");
        }

        if (summary.Errors.Count > ErrorsShown)
        {
            output.Line($"... and {summary.Errors.Count - ErrorsShown} more rejected rows (all of them with --json).");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
