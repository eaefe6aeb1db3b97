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
        Assert.That(host.ExecutionPosts, Is.InRange(1, 60), "records travel in batches, not one request each");
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
        Assert.That(accepted, Is.InRange(10, 20), "the queue plus at most the batch in hand (taken from the queue)");
        Assert.That(client.Recorder.Dropped, Is.EqualTo(1_000 - accepted));
        Assert.That(Interlocked.Read(ref measured), Is.GreaterThanOrEqualTo(1_000 - accepted));
        Assert.That(client.Logs.Lines, Has.Some.Contains("dropped").And.Contains("RecorderCapacity"));
    }

    [Test]
    public async Task A_record_json_cannot_represent_travels_with_the_rest_of_its_batch()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        await using var client = RemoteClient.Create(host.ClientOptions(RemoteTestData.TempStore()), host.Handler);
        var cyclic = new Node();
        cyclic.Next = cyclic;
        var bad = RemoteTestData.Record() with { Arguments = new Dictionary<string, object?> { ["handler"] = (Action)(() => { }), ["node"] = cyclic } };
        var good = RemoteTestData.Record();

        client.Recorder.TryRecord(good);
        client.Recorder.TryRecord(bad);
        await client.Recorder.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var stored = await host.Executions.FindAsync(bad.Id);
        Assert.That(await host.Executions.FindAsync(good.Id), Is.Not.Null);
        Assert.That(stored!.Arguments.Keys, Is.EquivalentTo(new[] { "handler", "node" }), "the values are recorded as far as they can be");
    }

    [Test]
    public async Task The_compact_batch_is_the_execution_logs_json_lines_and_a_bad_line_refuses_the_whole_batch()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();
        var good = RemoteTestData.Record();
        var line = System.Text.Json.JsonSerializer.Serialize(good, Poet.Remote.RemoteJson.Options);

        using var refused = await http.PostAsync(Poet.Remote.RemoteRoutes.Executions, JsonLines(line + "\n{\"id\": 12}\n"));
        using var accepted = await http.PostAsync(Poet.Remote.RemoteRoutes.Executions, JsonLines(line + "\n"));

        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadRequest));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Line 2"));
            Assert.That(accepted.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
            Assert.That(host.Executions.Count, Is.EqualTo(1), "nothing of the refused batch was stored");
            Assert.That((await host.Executions.FindAsync(good.Id))?.FunctionId, Is.EqualTo(good.FunctionId));
        });
    }

    [Test]
    public async Task A_batch_in_a_version_the_service_does_not_read_is_refused_with_415_naming_the_versions()
    {
        await using var host = await RemoteTestHost.StartInProcessAsync();
        using var http = host.CreateClient();
        var line = System.Text.Json.JsonSerializer.Serialize(RemoteTestData.Record(), Poet.Remote.RemoteJson.Options) + "\n";

        using var future = await http.PostAsync(Poet.Remote.RemoteRoutes.Executions, JsonLines(line, "application/x-ndjson; version=2"));
        using var current = await http.PostAsync(Poet.Remote.RemoteRoutes.Executions, JsonLines(line, Poet.Remote.ExecutionBatchFormat.ContentType));

        Assert.Multiple(async () =>
        {
            Assert.That(future.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.UnsupportedMediaType));
            Assert.That(await future.Content.ReadAsStringAsync(), Does.Contain("version 1").And.Contain("'2'"));
            Assert.That(current.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
            Assert.That(host.Executions.Count, Is.EqualTo(1), "only the batch in a version the service reads was stored");
        });
    }

    private static ByteArrayContent JsonLines(string body, string contentType = Poet.Remote.RemoteRoutes.JsonLinesMediaType) => new(System.Text.Encoding.UTF8.GetBytes(body))
    {
        Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) },
    };

    private sealed class Node
    {
        public Node? Next { get; set; }
    }
}
