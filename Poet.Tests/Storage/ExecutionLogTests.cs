using System.Diagnostics.Metrics;
using System.Text.Json;

namespace Poet.Tests.Storage;

public class ExecutionLogTests
{
    [Test]
    public async Task A_recorded_execution_is_found_before_and_after_it_is_written()
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log();
        var record = StoreFixture.Record(n: 4);

        Assert.That(log.TryRecord(record), Is.True);
        var early = await log.FindAsync(record.Id);
        await log.FlushAsync();
        var written = await log.FindAsync(record.Id);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Not.Null, "records still in the buffer are found");
            Assert.That(written!.Id, Is.EqualTo(record.Id));
            Assert.That(written.FunctionId, Is.EqualTo(record.FunctionId));
            Assert.That(written.DurationMs, Is.EqualTo(1.25));
            Assert.That(written.LearnedParameters["threshold"], Is.EqualTo(3.0));
            Assert.That(((JsonElement)written.Arguments["n"]!).GetInt32(), Is.EqualTo(4));
            Assert.That(((JsonElement)written.Arguments["reference"]!).GetArrayLength(), Is.EqualTo(3));
            Assert.That(((JsonElement)written.Result!).GetProperty("isDrift").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Unknown_and_default_ids_are_not_found()
    {
        using var fixture = new StoreFixture();
        await using var log = fixture.Log();
        log.TryRecord(StoreFixture.Record());
        await log.FlushAsync();

        Assert.That(await log.FindAsync(ExecutionId.New()), Is.Null);
        Assert.That(await log.FindAsync(default), Is.Null);
    }

    [Test]
    public async Task An_early_execution_is_found_after_many_later_ones_and_a_restart()
    {
        using var fixture = new StoreFixture();
        fixture.Options.ExecutionSegmentMegabytes = 1; // many segments
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var first = StoreFixture.Record(start);
        var log = fixture.Log();
        log.TryRecord(first);
        var later = new List<ExecutionRecord>();
        for (var i = 1; i <= 30_000; i++)
        {
            var record = StoreFixture.Record(start.AddMilliseconds(i), i);
            later.Add(record);
            while (!log.TryRecord(record))
            {
                await log.FlushAsync();
            }
        }

        await log.DisposeAsync();
        Assert.That(Directory.GetFiles(fixture.ExecutionsPath, "*.idx").Length, Is.GreaterThan(3), "the log rolled into several indexed segments");

        await using var restarted = fixture.Log();
        Assert.Multiple(async () =>
        {
            Assert.That((await restarted.FindAsync(first.Id))?.Id, Is.EqualTo(first.Id));
            Assert.That((await restarted.FindAsync(later[14_999].Id))?.Id, Is.EqualTo(later[14_999].Id));
            Assert.That((await restarted.FindAsync(later[^1].Id))?.Id, Is.EqualTo(later[^1].Id));
        });
    }

    [Test]
    public async Task Segments_are_json_lines_named_by_their_time_range_and_readable_by_a_person()
    {
        using var fixture = new StoreFixture();
        fixture.Options.ExecutionRetention = null; // the records are from a fixed (possibly old) date
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using (var log = fixture.Log())
        {
            log.TryRecord(StoreFixture.Record(at));
            log.TryRecord(StoreFixture.Record(at.AddSeconds(5)));
        }

        var segment = Directory.GetFiles(fixture.ExecutionsPath, "*.jsonl").Single();
        Assert.That(Path.GetFileName(segment), Does.StartWith("20260301T120000000Z_20260301T120005000Z_"));
        var lines = File.ReadAllLines(segment);
        Assert.That(lines, Has.Length.EqualTo(2));
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            Assert.That(doc.RootElement.GetProperty("functionId").GetString(), Is.EqualTo("IDriftDetector.Detect"));
        }
    }

    [Test]
    public async Task Appended_batches_are_durable_when_the_task_completes()
    {
        using var fixture = new StoreFixture();
        var records = Enumerable.Range(0, 100).Select(i => StoreFixture.Record(n: i)).ToList();
        await using (var log = fixture.Log())
        {
            await log.AppendAsync(records);
            Assert.That((await log.FindAsync(records[50].Id))?.Id, Is.EqualTo(records[50].Id));
        }

        await using var reopened = fixture.Log();
        Assert.That((await reopened.FindAsync(records[99].Id))?.Id, Is.EqualTo(records[99].Id));
    }

    [Test]
    public async Task A_full_buffer_drops_records_without_blocking_and_counts_them()
    {
        using var fixture = new StoreFixture();
        fixture.Options.RecorderCapacity = 10;
        fixture.Options.RecordingMaxDelay = null; // only the capacity drops here
        long measured = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PoetTelemetry.Name && instrument.Name == "poet.records.dropped")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref measured, value));
        listener.Start();
        await using var log = fixture.Log(startWriter: false); // nothing drains the buffer

        var accepted = Enumerable.Range(0, 15).Count(_ => log.TryRecord(StoreFixture.Record()));

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(10));
            Assert.That(log.DroppedCount, Is.EqualTo(5));
            Assert.That(Interlocked.Read(ref measured), Is.GreaterThanOrEqualTo(5), "PoetTelemetry.DroppedRecords counts them");
        });
    }

    [Test]
    public async Task Two_logs_on_one_folder_find_each_others_records()
    {
        using var fixture = new StoreFixture();
        await using var a = fixture.Log();
        await using var b = fixture.Log();
        var fromA = StoreFixture.Record();
        var fromB = StoreFixture.Record();
        a.TryRecord(fromA);
        b.TryRecord(fromB);
        await a.FlushAsync();
        await b.FlushAsync();

        Assert.That((await a.FindAsync(fromB.Id))?.Id, Is.EqualTo(fromB.Id), "found in the other writer's open segment");
        Assert.That((await b.FindAsync(fromA.Id))?.Id, Is.EqualTo(fromA.Id));

        await a.DisposeAsync();
        Assert.That((await b.FindAsync(fromA.Id))?.Id, Is.EqualTo(fromA.Id), "found in the other writer's sealed segment");
    }

    [Test]
    public async Task Records_written_from_many_threads_are_all_found()
    {
        using var fixture = new StoreFixture();
        fixture.Options.RecorderCapacity = 200_000;
        fixture.Options.RecordingMaxDelay = null; // nothing may be dropped, however far the writer falls behind on a busy machine
        await using var log = fixture.Log();
        var records = Enumerable.Range(0, 20_000).Select(i => StoreFixture.Record(n: i)).ToArray();

        Parallel.ForEach(records, r => Assert.That(log.TryRecord(r), Is.True));
        await log.FlushAsync();

        foreach (var r in records.Where((_, i) => i % 997 == 0))
        {
            Assert.That((await log.FindAsync(r.Id))?.Id, Is.EqualTo(r.Id));
        }
    }
}
