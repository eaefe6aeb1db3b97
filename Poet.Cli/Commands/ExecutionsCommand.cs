using System.CommandLine;
using Poet.Cli.Backends;
using Poet.Cli.Output;
using Spectre.Console;

namespace Poet.Cli.Commands;

/// <summary><c>poet executions</c> and <c>poet export</c>: the recorded executions, filtered.</summary>
internal static class ExecutionsCommand
{
    private sealed record Filters(Option<string?> Function, Option<string?> Outcome, Option<DateTimeOffset?> Since)
    {
        public ExecutionLog.Filter Read(ParseResult parse) => new(parse.GetValue(Function), parse.GetValue(Outcome), parse.GetValue(Since));
    }

    public static Command CreateList(CliRunner runner)
    {
        var filters = NewFilters();
        var limit = Limit(50);
        var command = new Command("executions", """
            Lists recorded executions, newest first (a store folder; over --service see GET /poet/executions/{id}).

            Examples:
              poet executions --limit 20
              poet executions --function IDriftDetector.Detect --outcome Failed --since 24h
              poet executions --since 2026-11-29T00:00:00Z --json
            """)
        { filters.Function, filters.Outcome, filters.Since, limit };
        command.SetAction((parse, ct) => runner.RunLocalAsync(parse, "executions", (backend, output, token) =>
        {
            var lines = ExecutionLog.Read(backend.RootPath, filters.Read(parse), newestFirst: true).Take(parse.GetValue(limit)).ToList();
            if (output.Json)
            {
                output.Raw($"[{string.Join(",", lines.Select(l => l.Json))}]");
                return Task.FromResult(ExitCodes.Ok);
            }

            var table = new Table().AddColumns("Execution", "Function", "Version", "Started (UTC)", "ms", "Outcome");
            foreach (var l in lines)
            {
                table.AddRow(l.Id, CliOutput.Cell(l.FunctionId), $"v{l.Version}", l.Started, CliOutput.Number(l.DurationMs), CliOutput.Cell(l.Outcome));
            }

            output.Write(table);
            output.Line($"{lines.Count} execution(s) shown{(lines.Count == parse.GetValue(limit) ? " (raise --limit for more)" : string.Empty)}.");
            return Task.FromResult(ExitCodes.Ok);
        }, ct));
        return command;
    }

    public static Command CreateExport(CliRunner runner)
    {
        var filters = NewFilters();
        var limit = Limit(int.MaxValue);
        var file = new Option<FileInfo?>("--output", "-o") { Description = "Write to FILE instead of standard output.", HelpName = "FILE" };
        var command = new Command("export", """
            Exports recorded executions as JSON lines (one stored execution object per line, oldest first).

            Examples:
              poet export > executions.jsonl
              poet export --function IDriftDetector.Detect --since 7d --output last-week.jsonl
            """)
        { filters.Function, filters.Outcome, filters.Since, limit, file };
        command.SetAction((parse, ct) => runner.RunLocalAsync(parse, "export", async (backend, output, token) =>
        {
            var lines = ExecutionLog.Read(backend.RootPath, filters.Read(parse), newestFirst: false).Take(parse.GetValue(limit));
            var target = parse.GetValue(file);
            long count = 0;
            if (target is null)
            {
                foreach (var line in lines)
                {
                    await runner.Context.Output.WriteLineAsync(line.Json.AsMemory(), token).ConfigureAwait(false);
                    count++;
                }

                return ExitCodes.Ok;
            }

            var temp = target.FullName + ".partial";
            var writer = new StreamWriter(temp);
            await using (writer.ConfigureAwait(false))
            {
                foreach (var line in lines)
                {
                    await writer.WriteLineAsync(line.Json.AsMemory(), token).ConfigureAwait(false);
                    count++;
                }
            }

            File.Move(temp, target.FullName, overwrite: true); // nothing half-written is left under the target name
            if (output.Json)
            {
                output.WriteJson(new { file = target.FullName, executions = count });
            }
            else
            {
                output.Line($"{count} execution(s) written to {target.FullName}.");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Filters NewFilters() => new(
        new Option<string?>("--function") { Description = "Only this function id.", HelpName = "F" },
        new Option<string?>("--outcome") { Description = "Only this outcome: Success, Rejected, Failed, TimedOut, Cancelled, EnforcementFailed.", HelpName = "O" },
        TimeArgument.Since(() => DateTimeOffset.UtcNow));

    private static Option<int> Limit(int defaultValue)
    {
        var limit = new Option<int>("--limit") { Description = "At most N executions.", HelpName = "N", DefaultValueFactory = _ => defaultValue };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        return limit;
    }
}
