using System.Diagnostics;

namespace Poet.Tests.Reliability.Faults;

/// <summary>
/// Fault suite: real OS processes (<c>tests/Poet.FaultHarness</c>) recording and giving feedback on one store, killed
/// with SIGKILL mid-work, racing each other, and running out of disk on a small tmpfs. After each fault the store must
/// reopen without corruption; the figures (faults injected, survived, records lost) are printed for the README.
/// </summary>
[Category("Faults")]
public class ProcessFaults
{
    private const int Kills = 6;
    private const int FeedbacksPerProcess = 30;

    [Test]
    public async Task Processes_killed_with_SIGKILL_mid_work_leave_a_store_that_reopens_uncorrupted()
    {
        var store = TempStore.NewPath();
        var tally = new FaultTally("SIGKILL loop");
        for (var kill = 0; kill < Kills; kill++)
        {
            var run = "kill" + kill;
            int called;
            using (var harness = HarnessProcess.Start("record", store, run))
            {
                await harness.WaitForCallsAsync(300 + (kill * 700)); // kill at different points: between batches, seals, versions
                await harness.KillAsync();
                called = harness.Called;
            }

            var audit = await StoreAudit.RunAsync(store);
            var found = audit.RecordsPerRun.GetValueOrDefault(run);
            tally.RecordsLost += Math.Max(0, called - found);
            tally.Count(audit.Problems.Count == 0, $"after kill {kill + 1}: " + string.Join("; ", audit.Problems));
        }

        tally.Report();
    }

    [Test]
    public async Task Two_processes_giving_feedback_on_one_store_write_unique_gap_free_versions()
    {
        var store = TempStore.NewPath();
        var tally = new FaultTally("two processes, one store");
        using var first = HarnessProcess.Start("feedback", store, "a", FeedbacksPerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var second = HarnessProcess.Start("feedback", store, "b", FeedbacksPerProcess.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var exits = await Task.WhenAll(first.WaitForExitAsync(), second.WaitForExitAsync());
        Assert.That(exits, Is.All.Zero, "both harnesses finish:\n" + first.Output + "\n---\n" + second.Output);

        var written = first.Versions.Concat(second.Versions).ToList();
        var audit = await StoreAudit.RunAsync(store);
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.Unique, "no version number was given twice");
            Assert.That(audit.Problems, Is.Empty);
            Assert.That(audit.Versions, Is.EqualTo(Enumerable.Range(1, written.Count + 1)), "v1 plus one version per reported write, no gap");
        });
        for (var i = 0; i < 2 * FeedbacksPerProcess; i++)
        {
            tally.Count(audit.Problems.Count == 0 && written.Distinct().Count() == written.Count, $"concurrent feedback {i + 1}");
        }

        tally.Report();
    }

    [Test]
    public async Task A_full_disk_drops_and_counts_records_keeps_versions_whole_and_recovers_when_space_returns()
    {
        var mount = Path.Combine(Path.GetTempPath(), "poet-full-disk-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mount);
        if (!Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount))
        {
            Directory.Delete(mount);
            Assert.Ignore("A small tmpfs needs root (mount -t tmpfs); CI runs as root. The unwritable-store path is covered by UnusableStoreTests.");
        }

        var tally = new FaultTally("full disk (8 MB tmpfs)");
        try
        {
            var store = Path.Combine(mount, ".poet");
            var filler = Path.Combine(mount, "filler");
            using var harness = HarnessProcess.Start("record", store, "full", "durable");
            await harness.WaitForCallsAsync(500);

            FillUntilFull(filler);
            var atFull = harness.Called;
            await harness.WaitForCallsAsync(atFull + 3_000); // calls go on while nothing can be written
            tally.Count(true, "calls keep succeeding on a full disk");

            File.Delete(filler);
            var atRecovery = harness.Called;
            await harness.WaitForCallsAsync(atRecovery + 2_000);
            await harness.KillAsync();

            var audit = await StoreAudit.RunAsync(store);
            var found = audit.RecordsPerRun.GetValueOrDefault("full");
            tally.RecordsLost = Math.Max(0, harness.Called - found);
            tally.Count(audit.Problems.Count == 0, "the store reopens uncorrupted: " + string.Join("; ", audit.Problems));
            var last = audit.LastCallPerRun.GetValueOrDefault("full");
            tally.Count(last > atRecovery, $"recording resumed once space returned (last call recorded: {last}; space returned after call {atRecovery})");
            tally.Count(harness.Output.Contains("flush failed", StringComparison.Ordinal), "the full disk was reported to the caller of FlushAsync");
        }
        finally
        {
            Run("umount", mount);
            Directory.Delete(mount, recursive: true);
        }

        tally.Report();
    }

    private static void FillUntilFull(string path)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            while (true)
            {
                stream.Write(chunk);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full
        }
    }

    private static bool Run(string command, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit(30_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
