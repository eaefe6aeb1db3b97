using System.CommandLine;
using Poet.Cli.Commands;

namespace Poet.Cli;

/// <summary>The <c>poet</c> command line: builds the commands and runs one.</summary>
internal static class PoetCli
{
    /// <summary>The root command's description (shown by <c>poet --help</c>).</summary>
    public const string Description = """
        POET command line: inspect and steer self-improving POET functions in a .poet store folder (--store DIR,
        default POET_STORE_PATH or .poet) or on a POET service (--service URL --key KEY, default AITOMATIC_API_URL
        and AITOMATIC_API_KEY; PostgreSQL works through a PoetServer on PostgreSQL).

        Exit codes: 0 ok, 1 bad usage (or rejected import rows), 2 not found, 3 store or service error.

        Examples:
          poet functions
          poet show IDriftDetector.Detect
          poet feedback 01JD0Q3V6ZK8X9W2A4B5C6D7E8 "false alarm, that dip was seasonal"
          poet import labels.csv
          poet rollback IDriftDetector.Detect 2
          poet executions --function IDriftDetector.Detect --since 24h
          poet doctor --json
        """;

    /// <summary>Builds the command tree.</summary>
    /// <param name="context">The console and environment.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliContext context)
    {
        var options = new CliOptions();
        var runner = new CliRunner(options, context);
        var root = new RootCommand(Description);
        root.Options.Add(options.Store);
        root.Options.Add(options.Service);
        root.Options.Add(options.Key);
        root.Options.Add(options.Json);
        root.Subcommands.Add(FunctionsCommand.Create(runner));
        root.Subcommands.Add(ShowCommand.Create(runner));
        root.Subcommands.Add(RollbackCommand.Create(runner));
        root.Subcommands.Add(FeedbackCommand.Create(runner));
        root.Subcommands.Add(ImportCommand.Create(runner));
        root.Subcommands.Add(ExecutionsCommand.CreateList(runner));
        root.Subcommands.Add(ExecutionsCommand.CreateExport(runner));
        root.Subcommands.Add(DoctorCommand.Create(runner));
        return root;
    }

    /// <summary>Runs <c>poet</c> with <paramref name="args"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="context">The console and environment.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parse = Build(context).Parse(args);
        return parse.InvokeAsync(new InvocationConfiguration { Output = context.Output, Error = context.Error }, cancellationToken);
    }
}
