using System.CommandLine;
using Poet.Cli.Output;
using Spectre.Console;

namespace Poet.Cli.Commands;

/// <summary><c>poet functions</c>: every function, its current version and learned values.</summary>
internal static class FunctionsCommand
{
    public static Command Create(CliRunner runner)
    {
        var command = new Command("functions", """
            Lists every function with its current version and learned values.

            Examples:
              poet functions
              poet functions --store ./.poet --json
              poet functions --service http://localhost:8080 --key $AITOMATIC_API_KEY
            """);
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (backend, output, token) =>
        {
            var functions = await backend.ListFunctionsAsync(token).ConfigureAwait(false);
            if (output.Json)
            {
                output.WriteJson(functions);
                return ExitCodes.Ok;
            }

            if (functions.Count == 0)
            {
                output.Line($"No functions in {backend.Description} yet: they appear after the first POET call.");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("Function", "Version", "Learned values");
            foreach (var f in functions)
            {
                table.AddRow(CliOutput.Cell(f.FunctionId), $"v{f.CurrentVersion}", CliOutput.Cell(CliOutput.Values(f.Parameters)));
            }

            output.Write(table);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
