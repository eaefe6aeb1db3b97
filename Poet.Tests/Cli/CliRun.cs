using System.Text.Json;
using Poet.Cli;

namespace Poet.Tests.Cli;

/// <summary>Runs <c>poet</c> in process, as a user would from a shell, and captures its output and exit code.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(string[] args, Func<HttpMessageHandler>? handler = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Output = output,
            Error = error,
            Environment = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            HttpHandler = handler,
        };
        var code = await PoetCli.RunAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static Task<CliResult> Local(string store, params string[] args) => RunAsync([.. args, "--store", store]);
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
