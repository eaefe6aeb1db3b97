namespace Poet.Cli;

/// <summary>What a run of <c>poet</c> reads and writes: the console, the environment, and (in tests) the HTTP handler.</summary>
internal sealed record CliContext
{
    /// <summary>Standard output.</summary>
    public required TextWriter Output { get; init; }

    /// <summary>Standard error.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Whether standard output is a terminal (progress bars and colours only then).</summary>
    public bool Interactive { get; init; }

    /// <summary>Creates the handler that reaches a POET service (null: sockets).</summary>
    public Func<HttpMessageHandler>? HttpHandler { get; init; }

    /// <summary>The context of this process.</summary>
    /// <returns>The console and environment of the process.</returns>
    public static CliContext FromProcess() => new()
    {
        Output = Console.Out,
        Error = Console.Error,
        Interactive = !Console.IsOutputRedirected,
    };
}
