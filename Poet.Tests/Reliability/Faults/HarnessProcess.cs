using System.Diagnostics;
using System.Globalization;

namespace Poet.Tests.Reliability.Faults;

/// <summary>
/// <c>tests/Poet.FaultHarness</c> as its own OS process (<c>dotnet Poet.FaultHarness.dll</c>, built beside the tests
/// through the project reference): it records calls and gives feedback on a store until it ends or is killed (SIGKILL).
/// </summary>
internal sealed class HarnessProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _newLine = new(0);

    private HarnessProcess(Process process) => _process = process;

    /// <summary>The highest N of the "called N" lines seen so far: calls the process made (and handed to POET).</summary>
    public int Called { get; private set; }

    /// <summary>The versions the process reported writing ("version N").</summary>
    public List<int> Versions { get; } = [];

    /// <summary>Everything the process printed.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static HarnessProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Poet.FaultHarness.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var harness = new HarnessProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start Poet.FaultHarness"));
        harness._process.OutputDataReceived += (_, e) => harness.OnLine(e.Data);
        harness._process.ErrorDataReceived += (_, e) => harness.OnLine(e.Data);
        harness._process.BeginOutputReadLine();
        harness._process.BeginErrorReadLine();
        return harness;
    }

    /// <summary>Waits until the process reports at least <paramref name="calls"/> calls.</summary>
    public async Task WaitForCallsAsync(int calls)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Called < calls)
        {
            Assert.That(_process.HasExited, Is.False, "the harness ended early:\n" + Output);
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the harness did not reach {calls} calls:\n" + Output);
            await _newLine.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Kills the process with SIGKILL (no shutdown code runs) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync().WaitAsync(Patience);
    }

    /// <summary>Waits for the process to end by itself; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Patience);
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose(); // _newLine is not disposed: the output readers may still signal it after a kill
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            if (line.StartsWith("called ", StringComparison.Ordinal))
            {
                Called = Math.Max(Called, int.Parse(line["called ".Length..], CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("version ", StringComparison.Ordinal))
            {
                Versions.Add(int.Parse(line["version ".Length..], CultureInfo.InvariantCulture));
            }
        }

        _newLine.Release();
    }
}
