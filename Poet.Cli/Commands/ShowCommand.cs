using System.CommandLine;
using System.Globalization;
using Poet.Cli.Output;
using Spectre.Console;

namespace Poet.Cli.Commands;

/// <summary><c>poet show FUNCTION</c>: every version with its values and why it was written.</summary>
internal static class ShowCommand
{
    public static Command Create(CliRunner runner)
    {
        var function = new Argument<string>("FUNCTION") { Description = "The function id, as 'poet functions' lists it (e.g. IDriftDetector.Detect)." };
        var command = new Command("show", """
            Shows a function's versions: learned values, and why each version was written (feedback ids, rationale).

            Examples:
              poet show IDriftDetector.Detect
              poet show IDriftDetector.Detect --json
            """)
        { function };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (backend, output, token) =>
        {
            var details = await backend.GetFunctionAsync(parse.GetValue(function)!, token).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(details);
                return ExitCodes.Ok;
            }

            output.Line($"{details.FunctionId}: current v{details.CurrentVersion} ({CliOutput.Values(details.Parameters)})");
            var table = new Table().AddColumns("Version", "Parent", "Created (UTC)", "Learned values", "Why");
            foreach (var v in details.Versions)
            {
                var why = v.FeedbackIds.Count switch
                {
                    0 => $"{v.Kind}: {v.Rationale}",
                    1 => $"{v.Kind} {v.FeedbackIds[0]}: {v.Rationale}",
                    var n => $"{v.Kind} ({n} feedback): {v.Rationale}",
                };
                table.AddRow(
                    (v.IsCurrent ? "* v" : "v") + v.Version.ToString(CultureInfo.InvariantCulture),
                    v.Parent is { } p ? $"v{p}" : "-",
                    v.CreatedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-",
                    CliOutput.Cell(CliOutput.Values(v.Parameters)),
                    CliOutput.Cell(why.Trim()));
            }

            output.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
