using System.Diagnostics;
using System.Globalization;

namespace Poet.Benchmarks;

/// <summary>
/// Counts this process's system calls while some work runs, by attaching <c>strace -f -c</c> to it (Linux, where
/// <c>strace</c> is installed and this process may be traced). Tracing slows every call down, so count in a separate run
/// from the one that is timed.
/// </summary>
internal static class SyscallCounter
{
    /// <summary>Runs <paramref name="work"/> with strace attached and returns the calls made by name, or null without strace.</summary>
    /// <param name="work">The work to count.</param>
    /// <returns>Calls by system call name (with "total"), or null when strace cannot be used here.</returns>
    public static async Task<IReadOnlyDictionary<string, long>?> CountAsync(Func<Task> work)
    {
        var strace = OperatingSystem.IsLinux() ? FindOnPath("strace") : null;
        if (strace is null)
        {
            return null;
        }

        var start = new ProcessStartInfo(strace) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "-c", "-p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var tracer = Process.Start(start)!;
        var attached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        tracer.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (e.Data.Contains("attached", StringComparison.Ordinal))
            {
                attached.TrySetResult();
            }
        };
        tracer.BeginErrorReadLine();
        if (await Task.WhenAny(attached.Task, Task.Delay(TimeSpan.FromSeconds(10))) != attached.Task || tracer.HasExited)
        {
            if (!tracer.HasExited)
            {
                tracer.Kill();
            }

            return null; // not allowed to trace (ptrace restrictions)
        }

        await Task.Delay(500); // every thread attached
        await work();
        using (var interrupt = Process.Start("kill", ["-INT", tracer.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await tracer.WaitForExitAsync();
        lock (lines)
        {
            return Parse(lines);
        }
    }

    /// <summary>The calls column of strace's summary table, by name ("total" for the total line).</summary>
    private static Dictionary<string, long> Parse(List<string> lines)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            // % time, seconds, usecs/call, calls, [errors], syscall
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var calls))
            {
                counts[parts[^1]] = calls;
            }
        }

        return counts;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
