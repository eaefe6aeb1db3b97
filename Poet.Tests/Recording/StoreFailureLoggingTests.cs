using Microsoft.Extensions.Logging;
using Poet.Tests.Storage;

namespace Poet.Tests.Recording;

public sealed class StoreFailureLoggingTests
{
    [Test]
    public async Task A_store_that_fails_every_batch_is_logged_once_then_once_when_it_writes_again()
    {
        var logs = new LogCapture();
        var sink = new FailingSink { Failing = true };
        await using var recorder = new ExecutionRecorder(sink, new PoetOptions(), logs);

        const int failingBatches = 25;
        for (var i = 0; i < failingBatches; i++)
        {
            Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
            await FlushPastFailure(recorder);
        }

        sink.Failing = false;
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        await recorder.FlushAsync();

        var errors = logs.Lines.Where(l => l.Level == LogLevel.Error).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Attempts, Is.EqualTo(failingBatches + 1), "each flush was its own batch");
            Assert.That(errors, Has.Count.EqualTo(1), "a failure that repeats is logged once a minute, not per batch");
            Assert.That(errors[0].Message, Does.Contain("writing execution records to the store failed 1 time(s)").And.Contain("at most once every 60 s"));
            Assert.That(logs.Contains(LogLevel.Warning, $"works again ({failingBatches - 1} more failure(s) and {failingBatches - 1} dropped record(s)"), Is.True,
                "the recovery is logged with what the silence covered");
            Assert.That(recorder.DroppedCount, Is.EqualTo(failingBatches), "every record the store refused is counted as dropped");
        });
    }

    [Test]
    public async Task A_store_that_recovers_and_fails_again_within_the_interval_is_not_logged_again()
    {
        var logs = new LogCapture();
        var sink = new FailingSink { Failing = true };
        await using var recorder = new ExecutionRecorder(sink, new PoetOptions(), logs);
        for (var round = 0; round < 5; round++)
        {
            sink.Failing = true;
            recorder.TryRecord(StoreFixture.Record());
            await FlushPastFailure(recorder);
            sink.Failing = false;
            recorder.TryRecord(StoreFixture.Record());
            await recorder.FlushAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(logs.Lines.Count(l => l.Level == LogLevel.Error), Is.EqualTo(1), "a flapping store is not logged per failure");
            Assert.That(logs.Lines.Count(l => l.Message.Contains("works again", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    /// <summary>
    /// Waits until the record before is written or refused: the flush fails when it shares the refused batch, and
    /// succeeds when the writer had already taken the record into a batch of its own.
    /// </summary>
    private static async Task FlushPastFailure(ExecutionRecorder recorder)
    {
        try
        {
            await recorder.FlushAsync();
        }
        catch (PoetStoreException)
        {
        }
    }

    /// <summary>A store whose writes throw while <see cref="Failing"/> is set, as a full or read-only disk does.</summary>
    private sealed class FailingSink : IExecutionBatchSink
    {
        public volatile bool Failing;

        public int Attempts;

        public ValueTask WriteAsync(ExecutionBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            return Failing
                ? throw new IOException("No space left on device")
                : ValueTask.CompletedTask;
        }

        public ValueTask<ExecutionRecord?> FindAsync(ExecutionId id, CancellationToken cancellationToken) => ValueTask.FromResult<ExecutionRecord?>(null);

        public ValueTask TickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync() => ValueTask.CompletedTask;
    }
}
