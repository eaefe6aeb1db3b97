using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Poet.Tests.Storage;

namespace Poet.Tests.Recording;

public sealed class RecordingOverflowTests
{
    [Test]
    public async Task Drop_mode_drops_what_finds_the_buffer_full_counts_it_and_logs_it()
    {
        var logs = new LogCapture();
        var sink = new GateSink(open: false);
        var recorder = new ExecutionRecorder(sink, new PoetOptions { RecorderCapacity = 2, RecordingMaxDelay = null }, logs);
        var first = StoreFixture.Record();
        Assert.That(recorder.TryRecord(first), Is.True);
        sink.Entered.Wait(); // the writer holds the first record inside the store's write
        Assert.Multiple(() =>
        {
            Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
            Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
            Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.False, "the buffer of 2 is full");
            Assert.That(recorder.DroppedCount, Is.EqualTo(1));
        });

        sink.Open();
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(3), "every accepted record is written at disposal");
            Assert.That(logs.Contains(LogLevel.Warning, "dropped 1 execution record"), Is.True);
            Assert.That(logs.Contains(LogLevel.Warning, "RecordingOverflowMode.Block"), Is.True, "the log says how to avoid drops");
        });
    }

    [Test]
    public async Task Block_mode_makes_the_caller_wait_for_room_and_loses_nothing()
    {
        var sink = new GateSink(open: false);
        var options = new PoetOptions { RecorderCapacity = 2, RecordingOverflow = RecordingOverflowMode.Block, RecordingMaxDelay = null };
        var recorder = new ExecutionRecorder(sink, options);
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        sink.Entered.Wait();
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);

        var blocked = Task.Run(() => recorder.TryRecord(StoreFixture.Record()));
        await Task.Delay(100);
        Assert.That(blocked.IsCompleted, Is.False, "the caller waits while the buffer is full");

        sink.Open();
        Assert.That(await blocked, Is.True);
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(4));
            Assert.That(recorder.DroppedCount, Is.Zero);
        });
    }

    [Test]
    public async Task Block_mode_queues_at_most_two_writer_batches_whatever_the_capacity()
    {
        var sink = new GateSink(open: false);
        var options = new PoetOptions { RecorderCapacity = 1_000_000, RecordingOverflow = RecordingOverflowMode.Block, RecordingMaxDelay = null };
        var recorder = new ExecutionRecorder(sink, options);
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        sink.Entered.Wait(); // the writer holds the first record inside the store's write
        for (var i = 0; i < ExecutionRecorder.BlockCapacity; i++)
        {
            Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        }

        var blocked = Task.Run(() => recorder.TryRecord(StoreFixture.Record()));
        await Task.Delay(100);
        Assert.Multiple(() =>
        {
            Assert.That(blocked.IsCompleted, Is.False, "the caller waits once two batches are queued");
            Assert.That(recorder.QueuedCount, Is.EqualTo(ExecutionRecorder.BlockCapacity + 1), "the waiting caller holds its slot");
        });

        sink.Open();
        Assert.That(await blocked, Is.True);
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(ExecutionRecorder.BlockCapacity + 2));
            Assert.That(recorder.DroppedCount, Is.Zero);
        });
    }

    [Test]
    public async Task Block_mode_a_waiting_caller_sleeps_through_a_long_write_instead_of_spinning()
    {
        var sink = new GateSink();
        var options = new PoetOptions { RecorderCapacity = 2, RecordingOverflow = RecordingOverflowMode.Block, RecordingMaxDelay = null };
        var recorder = new ExecutionRecorder(sink, options);

        // Callers wait for room again and again, each wait ended by the writer's signal after a batch.
        for (var i = 0; i < 5_000; i++)
        {
            Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        }

        await recorder.FlushAsync();

        // Now the store holds the writer in one write while a caller waits for room.
        sink.Close();
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        sink.Entered.Wait();
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        Assert.That(recorder.TryRecord(StoreFixture.Record()), Is.True);
        var before = recorder.RoomWakeUps;
        var waited = Stopwatch.StartNew();
        var blocked = Task.Run(() => recorder.TryRecord(StoreFixture.Record()));
        await Task.Delay(200);
        var wakeUps = recorder.RoomWakeUps - before;
        var waitedMs = waited.ElapsedMilliseconds;

        Assert.Multiple(() =>
        {
            Assert.That(blocked.IsCompleted, Is.False, "the caller waits while the buffer is full");
            Assert.That(wakeUps, Is.LessThanOrEqualTo((waitedMs / 100) + 3), "a waiting caller sleeps until the writer makes room (it spun when a signal of an earlier batch was left set)");
        });

        sink.Open();
        Assert.That(await blocked, Is.True);
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(5_004));
            Assert.That(recorder.DroppedCount, Is.Zero);
        });
    }

    [TestCase(RecordingOverflowMode.Drop)]
    [TestCase(RecordingOverflowMode.Block)]
    public async Task Disposal_writes_every_record_that_was_accepted(RecordingOverflowMode mode)
    {
        var sink = new GateSink();
        var recorder = new ExecutionRecorder(sink, new PoetOptions { RecorderCapacity = 64, RecordingOverflow = mode });
        var accepted = 0;
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                if (recorder.TryRecord(StoreFixture.Record()))
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        });

        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(accepted));
            Assert.That(accepted + recorder.DroppedCount, Is.EqualTo(20_000));
            Assert.That(sink.Closed, Is.True);
        });
        if (mode == RecordingOverflowMode.Block)
        {
            Assert.That(accepted, Is.EqualTo(20_000), "Block loses nothing");
        }
    }

    [Test]
    public async Task A_record_is_findable_right_after_it_was_handed_over()
    {
        var sink = new GateSink();
        await using var recorder = new ExecutionRecorder(sink, new PoetOptions());
        var record = StoreFixture.Record();
        recorder.TryRecord(record);
        Assert.That(await recorder.FindAsync(record.Id), Is.Not.Null);
    }

    [Test]
    public async Task Flushing_with_nothing_queued_completes_and_recording_goes_on()
    {
        var sink = new GateSink();
        await using var recorder = new ExecutionRecorder(sink, new PoetOptions());
        await recorder.FlushAsync();
        await recorder.FlushAsync();
        var record = StoreFixture.Record();
        Assert.That(recorder.TryRecord(record), Is.True);
        await recorder.FlushAsync();
        Assert.That(sink.Lines, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Drop_mode_drops_a_record_while_the_oldest_waiting_one_is_older_than_the_maximum_delay()
    {
        var logs = new LogCapture();
        var sink = new GateSink(open: false);
        var options = new PoetOptions { RecordingMaxDelay = TimeSpan.FromSeconds(10) };
        var recorder = new ExecutionRecorder(sink, options, logs);
        var t0 = Stopwatch.GetTimestamp();
        Assert.That(recorder.TryRecord(StoreFixture.Record(), t0), Is.True);
        sink.Entered.Wait(); // the writer holds the first record inside the store's write: it is not handed over yet
        Assert.Multiple(() =>
        {
            Assert.That(recorder.TryRecord(StoreFixture.Record(), t0 + Seconds(1)), Is.True, "1 s behind: within the bound");
            Assert.That(recorder.TryRecord(StoreFixture.Record(), t0 + Seconds(60)), Is.False, "60 s behind: a crash now would lose more than 10 s");
            Assert.That(recorder.DroppedCount, Is.EqualTo(1));
        });

        sink.Open();
        await recorder.FlushAsync();
        Assert.That(recorder.TryRecord(StoreFixture.Record(), t0 + Seconds(60)), Is.True, "the writer caught up: accepted again");
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(3), "every accepted record is written");
            Assert.That(logs.Contains(LogLevel.Warning, "RecordingMaxDelay"), Is.True, "the drop report names the setting");
        });
    }

    [Test]
    public async Task Block_mode_makes_the_caller_wait_while_the_oldest_waiting_record_is_older_than_the_maximum_delay()
    {
        var sink = new GateSink(open: false);
        var options = new PoetOptions { RecordingOverflow = RecordingOverflowMode.Block, RecordingMaxDelay = TimeSpan.FromSeconds(10) };
        var recorder = new ExecutionRecorder(sink, options);
        var t0 = Stopwatch.GetTimestamp();
        Assert.That(recorder.TryRecord(StoreFixture.Record(), t0), Is.True);
        sink.Entered.Wait();

        var blocked = Task.Run(() => recorder.TryRecord(StoreFixture.Record(), t0 + Seconds(60)));
        await Task.Delay(100);
        Assert.That(blocked.IsCompleted, Is.False, "the caller waits while the writer is behind by more than the bound");

        sink.Open();
        Assert.That(await blocked, Is.True);
        await recorder.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(sink.Lines, Has.Count.EqualTo(2));
            Assert.That(recorder.DroppedCount, Is.Zero);
        });
    }

    [Test]
    public async Task Without_a_maximum_delay_only_the_capacity_limits_what_waits()
    {
        var sink = new GateSink(open: false);
        var recorder = new ExecutionRecorder(sink, new PoetOptions { RecordingMaxDelay = null });
        var t0 = Stopwatch.GetTimestamp();
        Assert.That(recorder.TryRecord(StoreFixture.Record(), t0), Is.True);
        sink.Entered.Wait();
        Assert.That(recorder.TryRecord(StoreFixture.Record(), t0 + Seconds(3600)), Is.True);
        sink.Open();
        await recorder.DisposeAsync();
        Assert.That(sink.Lines, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_maximum_delay_that_is_not_positive_is_refused_with_what_to_set()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => PoetOptionsValidator.ThrowIfInvalid(new PoetOptions { RecordingMaxDelay = TimeSpan.Zero }));
        Assert.That(ex!.Message, Does.Contain("RecordingMaxDelay").And.Contain("positive"));
    }

    [Test]
    public void An_unknown_overflow_mode_is_refused_with_the_valid_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ExecutionRecorder(new GateSink(), new PoetOptions { RecordingOverflow = (RecordingOverflowMode)7 }));
        Assert.That(ex!.Message, Does.Contain("RecordingOverflowMode.Drop").And.Contain("RecordingOverflowMode.Block"));
    }

    private static long Seconds(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
