using System.CommandLine;
using Poet.Cli.Backends;
using Poet.Cli.Output;

namespace Poet.Cli;

/// <summary>Runs a command: opens the store or the service, maps failures to messages and exit codes.</summary>
internal sealed class CliRunner(CliOptions options, CliContext context)
{
    /// <summary>The shared options.</summary>
    public CliOptions Options => options;

    /// <summary>The console and environment.</summary>
    public CliContext Context => context;

    /// <summary>Runs <paramref name="body"/> with an open backend.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="body">The command's work; returns the exit code.</param>
    /// <param name="cancellationToken">Cancels the command (Ctrl+C).</param>
    /// <returns>The exit code.</returns>
    public Task<int> RunAsync(ParseResult parse, Func<IPoetBackend, CliOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(parse, async output =>
        {
            var backend = Open(parse);
            await using (backend.ConfigureAwait(false))
            {
                return await body(backend, output, cancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>Runs <paramref name="body"/> on a local store only (commands that read the store's files).</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="command">The command's name, for the message over a service.</param>
    /// <param name="body">The command's work; returns the exit code.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public Task<int> RunLocalAsync(ParseResult parse, string command, Func<LocalBackend, CliOutput, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(parse, async output =>
        {
            var backend = Open(parse);
            await using var disposal = backend.ConfigureAwait(false);
            return backend is LocalBackend local
                ? await body(local, output, cancellationToken).ConfigureAwait(false)
                : throw CliException.Usage(
                    $"'poet {command}' reads a store folder and does not work over --service yet; run it on the service's host with --store DIR.");
        });

    private async Task<int> GuardAsync(ParseResult parse, Func<CliOutput, Task<int>> body)
    {
        var output = new CliOutput(context, parse.GetValue(options.Json));
        try
        {
            return await body(output).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            return Fail(ex.ExitCode, ex.Message);
        }
        catch (PoetFeedbackException ex)
        {
            return Fail(ExitCodes.NotFound, ex.Message);
        }
        catch (KeyNotFoundException ex)
        {
            return Fail(ExitCodes.NotFound, ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Fail(ExitCodes.Usage, ex.Message);
        }
        catch (Exception ex) when (ex is PoetStoreException or PoetServiceException or IOException or UnauthorizedAccessException or HttpRequestException)
        {
            return Fail(ExitCodes.StoreOrService, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.StoreOrService, "Cancelled.");
        }
    }

    private int Fail(int exitCode, string message)
    {
        context.Error.WriteLine($"poet: {message}");
        return exitCode;
    }

    private IPoetBackend Open(ParseResult parse)
    {
        var service = parse.GetValue(options.Service);
        var store = parse.GetValue(options.Store);
        if (service is null && store is null && context.Environment(PoetOptions.ServiceUrlVariable) is { Length: > 0 } url
            && !string.Equals(url.Trim(), "local", StringComparison.OrdinalIgnoreCase))
        {
            service = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var fromEnvironment)
                ? fromEnvironment
                : throw CliException.Usage($"{PoetOptions.ServiceUrlVariable}='{url}' is neither 'local' nor a URL; set it like http://localhost:8080 or pass --store DIR.");
        }

        if (service is not null)
        {
            var key = parse.GetValue(options.Key) ?? context.Environment(PoetOptions.ServiceApiKeyVariable);
            return new ServiceBackend(service, key, context.HttpHandler?.Invoke());
        }

        return LocalBackend.Open(store ?? context.Environment(PoetOptions.StorePathVariable) ?? ".poet");
    }
}
