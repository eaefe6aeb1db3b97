using System.Diagnostics;
using Poet.Storage.FileStore;
using Poet.Tests.Storage;

namespace Poet.Tests.Reliability;

/// <summary>The execution log's writer keeps writing after any sequence of flushes, and health reports a stalled writer.</summary>
public class ExecutionLogWriterTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task A_flush_with_nothing_queued_completes_and_the_writer_keeps_recording()
    {
        using var fixture = new StoreFixture();
        var log = fixture.Log();
        await log.FlushAsync().WaitAsync(HangGuard);
        await log.FlushAsync().WaitAsync(HangGuard);

        var record = StoreFixture.Record(n: 7);
        Assert.That(log.TryRecord(record), Is.True);
        await log.FlushAsync().WaitAsync(HangGuard);
        await log.DisposeAsync().AsTask().WaitAsync(HangGuard);

        await using var reopened = fixture.Log();
        Assert.That((await reopened.FindAsync(record.Id))?.Id, Is.EqualTo(record.Id), "the record after the empty flush was written");
    }

    [Test]
    public async Task A_writer_with_records_queued_and_no_progress_is_reported_as_stalled()
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log(startWriter: false); // a writer that never takes anything: stuck
        Assert.That(log.TryRecord(StoreFixture.Record()), Is.True);

        var now = Stopwatch.GetTimestamp();
        var later = now + (long)(FileExecutionLog.StallAfter.TotalSeconds * 2 * Stopwatch.Frequency);

        Assert.Multiple(() =>
        {
            Assert.That(log.HealthProblem(now), Is.Null, "a record queued just now is not a stall");
            Assert.That(log.HealthProblem(later), Does.Contain("no progress").And.Contain("1 record"));
        });
    }

    [Test]
    public async Task An_idle_writer_with_nothing_queued_is_healthy_however_long_it_waits()
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log();
        log.TryRecord(StoreFixture.Record());
        await log.FlushAsync().WaitAsync(HangGuard);

        var muchLater = Stopwatch.GetTimestamp() + (long)(FileExecutionLog.StallAfter.TotalSeconds * 10 * Stopwatch.Frequency);
        Assert.That(log.HealthProblem(muchLater), Is.Null);
    }
}
