namespace Poet.Cli;

/// <summary>The entry point of the <c>poet</c> tool.</summary>
internal static class PoetProgram
{
    /// <summary>Runs <c>poet</c> in this process's console.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) => PoetCli.RunAsync(args, CliContext.FromProcess());
}
