using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Poet.Tests.Remote;

public class RemoteRecorderTests
{
    [Test]
    public async Task Executions_travel_in_batches_and_are_findable_on_the_service()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        var options = host.ClientOptions(RemoteTestData.TempStore()) with { BatchSize = 500 };
        await using var client = RemoteClient.Create(options, host.Handler);
        var records = Enumerable.Range(0, 2_500).Select(_ => RemoteTestData.Record()).ToList();

        foreach (var record in records)
        {
            Assert.That(client.Recorder.TryRecord(record), Is.True);
        }

        await client.Recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(host.Executions.Count, Is.EqualTo(2_500));
        Assert.That(await host.Executions.FindAsync(records[1234].Id), Is.Not.Null);
        Assert.That(host.ExecutionPosts, Is.InRange(5, 60), "records travel in batches, not one request each");
        Assert.That(client.Recorder.Sent, Is.EqualTo(2_500));
        Assert.That(client.Recorder.Dropped, Is.Zero);
    }

    [Test]
    public async Task A_full_buffer_drops_counts_and_logs_without_blocking()
    {
        var down = new Uri($"http://127.0.0.1:{RemoteTestHost.FreePort()}/");
        var options = RemoteTestHost.TestOptions(down, RemoteTestData.TempStore()) with { RecorderCapacity = 10, BatchSize = 5 };
        await using var client = RemoteClient.Create(options);
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

        var watch = Stopwatch.StartNew();
        var accepted = 0;
        for (var i = 0; i < 1_000; i++)
        {
            if (client.Recorder.TryRecord(RemoteTestData.Record()))
            {
                accepted++;
            }
        }

        watch.Stop();
        Assert.That(watch.ElapsedMilliseconds, Is.LessThan(500), "recording never waits for the service");
        Assert.That(accepted, Is.InRange(10, 15), "the buffer plus at most the batch in hand");
        Assert.That(client.Recorder.Dropped, Is.EqualTo(1_000 - accepted));
        Assert.That(Interlocked.Read(ref measured), Is.GreaterThanOrEqualTo(1_000 - accepted));
        Assert.That(client.Logs.Lines, Has.Some.Contains("dropped").And.Contains("RecorderCapacity"));
    }

    [Test]
    public void A_record_json_cannot_represent_travels_with_its_values_as_text()
    {
        var cyclic = new Node();
        cyclic.Next = cyclic;
        var bad = RemoteTestData.Record() with { Arguments = new Dictionary<string, object?> { ["handler"] = (Action)(() => { }), ["node"] = cyclic } };
        var good = RemoteTestData.Record();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        Poet.Remote.ExecutionBatchWriter.Write([good, bad], buffer);

        var back = System.Text.Json.JsonSerializer.Deserialize<List<ExecutionRecord>>(buffer.WrittenSpan, Poet.Remote.RemoteJson.Options)!;
        Assert.That(back.Select(r => r.Id), Is.EqualTo(new[] { good.Id, bad.Id }));
        Assert.That(back[1].Arguments["handler"]!.ToString(), Does.Contain("Action"));
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }
}
