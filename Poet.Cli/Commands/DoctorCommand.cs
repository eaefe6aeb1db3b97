using System.CommandLine;
using System.Globalization;
using Poet.Cli.Backends;
using Poet.Cli.Output;
using Poet.Storage.FileStore;
using Spectre.Console;

namespace Poet.Cli.Commands;

/// <summary><c>poet doctor</c>: the health of a store folder.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliRunner runner)
    {
        var command = new Command("doctor", """
            Checks a store folder: its format, that every function's current version exists, quarantined (corrupt) files,
            temporary files of writes that never finished, locks held now, sizes, and the execution retention.
            Exit code 0 when healthy (warnings allowed), 3 when a problem needs attention.

            Examples:
              poet doctor
              poet doctor --store /var/lib/app/.poet --json
            """);
        command.SetAction((parse, ct) => runner.RunLocalAsync(parse, "doctor", (backend, output, token) =>
        {
            var report = Examine(backend);
            if (output.Json)
            {
                output.WriteJson(report);
            }
            else
            {
                var table = new Table().AddColumns("Check", "Result");
                table.AddRow("Store", CliOutput.Cell(report.Store));
                table.AddRow("Format", $"{report.Format?.ToString(CultureInfo.InvariantCulture) ?? "missing"} (this poet reads {report.SupportedFormat})");
                table.AddRow("Functions", $"{report.Functions} ({report.Versions} versions)");
                table.AddRow("Executions", $"{report.ExecutionSegments} segment(s), {Size(report.ExecutionBytes)}, oldest {report.OldestSegment?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
                table.AddRow("Feedback", $"{report.FeedbackRecords} record(s), {Size(report.FeedbackBytes)}");
                table.AddRow("Retention", CliOutput.Cell(report.Retention));
                table.AddRow("Quarantined files", report.Quarantined.Count.ToString(CultureInfo.InvariantCulture));
                table.AddRow("Unfinished writes", report.UnfinishedWrites.Count.ToString(CultureInfo.InvariantCulture));
                table.AddRow("Locks held now", report.LocksHeld.Count.ToString(CultureInfo.InvariantCulture));
                output.Write(table);
                foreach (var problem in report.Problems)
                {
                    output.Line($"PROBLEM: {problem}");
                }

                foreach (var warning in report.Warnings)
                {
                    output.Line($"warning: {warning}");
                }

                output.Line(report.Healthy ? "Healthy." : "Not healthy: see the problems above.");
            }

            return Task.FromResult(report.Healthy ? ExitCodes.Ok : ExitCodes.StoreOrService);
        }, ct));
        return command;
    }

    private static DoctorReport Examine(LocalBackend backend)
    {
        var root = backend.RootPath;
        var report = new DoctorReport { Store = root, SupportedFormat = StoreLayout.FormatVersion };
        var formatText = File.Exists(Path.Combine(root, StoreLayout.FormatFile)) ? File.ReadAllText(Path.Combine(root, StoreLayout.FormatFile)).Trim() : null;
        report.Format = int.TryParse(formatText, NumberStyles.None, CultureInfo.InvariantCulture, out var format) ? format : null;
        if (report.Format is null)
        {
            report.Problems.Add($"The store has no readable '{StoreLayout.FormatFile}' file: is '{root}' a POET store?");
        }
        else if (report.Format > StoreLayout.FormatVersion)
        {
            report.Problems.Add($"The store has format {report.Format}, newer than this poet reads ({StoreLayout.FormatVersion}): update the poet tool.");
        }

        foreach (var function in backend.Store.Functions.ListFunctions())
        {
            report.Functions++;
            report.Versions += backend.Store.Functions.GetVersions(function).Count;
            if (backend.Store.Functions.GetCurrent(function) is null)
            {
                report.Problems.Add($"Function '{function}' has no readable current version: 'poet rollback {function} N' makes a version current.");
            }
        }

        var executions = new DirectoryInfo(Path.Combine(root, StoreLayout.ExecutionsFolder));
        if (executions.Exists)
        {
            var segments = executions.GetFiles("*.jsonl");
            report.ExecutionSegments = segments.Length;
            report.ExecutionBytes = executions.GetFiles().Sum(f => f.Length);
            report.OldestSegment = segments.Length == 0 ? null : segments.Min(f => SegmentStart(f.Name));
        }

        var feedback = new DirectoryInfo(Path.Combine(root, StoreLayout.FeedbackFolder));
        if (feedback.Exists)
        {
            var files = feedback.GetFiles("*.json", SearchOption.AllDirectories);
            report.FeedbackRecords = files.Length;
            report.FeedbackBytes = files.Sum(f => f.Length);
        }

        var quarantine = new DirectoryInfo(Path.Combine(root, StoreLayout.QuarantineFolder));
        if (quarantine.Exists)
        {
            report.Quarantined.AddRange(quarantine.GetFiles("*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f.FullName)));
            if (report.Quarantined.Count > 0)
            {
                report.Warnings.Add($"{report.Quarantined.Count} corrupt file(s) were moved to {StoreLayout.QuarantineFolder}/ (the store serves without them); inspect and delete them.");
            }
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (AtomicFile.IsTempFile(name))
            {
                report.UnfinishedWrites.Add(Path.GetRelativePath(root, file));
            }
            else if (name == StoreLayout.LockFile && IsHeld(file))
            {
                report.LocksHeld.Add(Path.GetRelativePath(root, file));
            }
        }

        if (report.UnfinishedWrites.Count > 0)
        {
            report.Warnings.Add($"{report.UnfinishedWrites.Count} temporary file(s) of writes that never finished (a crash): safe to delete when no POET process runs.");
        }

        var options = backend.Options;
        report.Retention = options.ExecutionRetention is { } days
            ? string.Create(CultureInfo.InvariantCulture, $"{days.TotalDays:0.#} days")
            : "none";
        if (options.ExecutionRetentionMegabytes is { } mb)
        {
            report.Retention += string.Create(CultureInfo.InvariantCulture, $", at most {mb} MB");
        }

        if (options.ExecutionRetention is { } keep && report.OldestSegment is { } oldest && oldest < DateTimeOffset.UtcNow - keep - TimeSpan.FromDays(1))
        {
            report.Warnings.Add($"The oldest execution segment starts {oldest:u}, more than a day beyond the retention: it is removed when a POET app next writes the log.");
        }

        return report;
    }

    private static DateTimeOffset? SegmentStart(string name) =>
        DateTimeOffset.TryParseExact(name.Split('_')[0], "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static bool IsHeld(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };

    /// <summary>The <c>--json</c> shape of <c>poet doctor</c>.</summary>
    internal sealed class DoctorReport
    {
        public required string Store { get; init; }

        public int? Format { get; set; }

        public int SupportedFormat { get; init; }

        public int Functions { get; set; }

        public int Versions { get; set; }

        public int ExecutionSegments { get; set; }

        public long ExecutionBytes { get; set; }

        public DateTimeOffset? OldestSegment { get; set; }

        public int FeedbackRecords { get; set; }

        public long FeedbackBytes { get; set; }

        public string Retention { get; set; } = "none";

        public List<string> Quarantined { get; } = [];

        public List<string> UnfinishedWrites { get; } = [];

        public List<string> LocksHeld { get; } = [];

        public List<string> Problems { get; } = [];

        public List<string> Warnings { get; } = [];

        public bool Healthy => Problems.Count == 0;
    }
}
