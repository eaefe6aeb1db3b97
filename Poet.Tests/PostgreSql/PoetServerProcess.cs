using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Poet.Tests.PostgreSql;

/// <summary>
/// <c>examples/PoetServer</c> as its own OS process (<c>dotnet PoetServer.dll</c> from the test output) over a
/// PostgreSQL database (<c>POET_POSTGRES</c>), on a port Kestrel picks (<c>--urls http://127.0.0.1:0</c>, read back from
/// its "Now listening on" line). Kill it to simulate a crashed service.
/// </summary>
internal sealed partial class PoetServerProcess : IDisposable
{
    public const string ApiKey = "pg-e2e-key";
    private readonly Process _process;
    private readonly List<string> _output = [];

    private PoetServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public static async Task<PoetServerProcess> StartAsync(string postgres, int port = 0)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PoetServer.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["POET_POSTGRES"] = postgres;
        start.Environment[PoetOptions.ServiceApiKeyVariable] = ApiKey;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start PoetServer");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != listening.Task)
        {
            string output;
            lock (lines)
            {
                output = string.Join('\n', lines);
            }

            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("PoetServer did not start listening:\n" + output);
        }

        var server = new PoetServerProcess(process, listening.Task.Result);
        lock (lines)
        {
            server._output.AddRange(lines);
        }

        process.OutputDataReceived += (_, e) => server.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server.Add(e.Data);
        return server;
    }

    /// <summary>Starts a PoetServer and returns what it wrote before exiting (for start-up failures).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string postgres)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PoetServer.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["POET_POSTGRES"] = postgres;
        start.Environment[PoetOptions.ServiceApiKeyVariable] = ApiKey;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "did not exit: " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Kills the process at once (SIGKILL), like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[0-9.:]+)")]
    private static partial Regex ListeningLine();
}
