using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet;
using Poet.Remote;

namespace Poet.Benchmarks;

/// <summary>
/// Remote ingestion: how many execution records per second one POET service instance stores when two remote clients
/// send them as fast as their recorders batch. Loopback only, bounded by a record count and a time limit.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- remote-ingest [recordsPerClient=200000] [seconds=30]</c>
/// </summary>
public static class RemoteIngestRunner
{
    private const string Key = "bench-key";

    public static async Task<int> RunAsync(string[] args)
    {
        var perClient = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var limit = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30);
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var storePath = Path.Combine(Path.GetTempPath(), "poet-remote-ingest-" + Guid.NewGuid().ToString("N"));
        await using var fileStore = PoetFileStore.Open(new PoetOptions { StorePath = storePath });
        var store = fileStore.Executions;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url.ToString());
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IFunctionCatalog>(new LocalFunctionCatalog(new InMemoryFunctionStore(), new DomainCatalog()));
        var app = builder.Build();
        app.MapPoetServiceEndpoints(o => o.ApiKey = Key);
        await app.StartAsync();

        var options = new RemoteClientOptions { Endpoint = url, ApiKey = Key, StorePath = Path.GetTempPath(), BatchSize = 1_000 };
        var clients = Enumerable.Range(0, 2).Select(_ => CreateRecorder(options)).ToArray();
        var watch = Stopwatch.StartNew();
        var producers = clients.Select(c => Task.Run(() => Produce(c.Recorder, perClient, watch, limit))).ToArray();
        await Task.WhenAll(producers);
        foreach (var client in clients)
        {
            using var flush = new CancellationTokenSource(limit);
            await client.Recorder.FlushAsync(flush.Token);
        }

        watch.Stop();
        var stored = CountStored(storePath);
        var sent = producers.Sum(p => p.Result);
        var dropped = clients.Sum(c => c.Recorder.Dropped);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"remote-ingest: 2 clients -> 1 service (loopback, JSON lines, the service's file store in {storePath})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"records recorded {sent:N0}, stored {stored:N0}, buffer-full rejections retried by the producers {dropped:N0}, in {watch.Elapsed.TotalSeconds:F2} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest rate: {stored / watch.Elapsed.TotalSeconds:N0} executions/s"));

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static int Produce(RemoteExecutionRecorder recorder, int count, Stopwatch watch, TimeSpan limit)
    {
        var plan = new Dictionary<string, double> { ["threshold"] = 3.0 };
        var produced = 0;
        while (produced < count && watch.Elapsed < limit)
        {
            var record = new ExecutionRecord
            {
                Id = ExecutionId.New(),
                FunctionId = "IDriftDetector.Detect",
                Version = 1,
                StartedAt = DateTimeOffset.UtcNow,
                DurationMs = 0.05,
                Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0, 3.0 }, ["current"] = new[] { 1.1, 2.2, 9.0 } },
                LearnedParameters = plan,
                Result = new { drift = true, score = 4.2 },
            };

            // Measure ingestion, not drops: wait for room instead of losing the record.
            while (!recorder.TryRecord(record))
            {
                Thread.Sleep(1);
            }

            produced++;
        }

        return produced;
    }

    private static Client CreateRecorder(RemoteClientOptions options)
    {
        var http = new RemoteHttpHost(options, null);
        var client = new RemoteServiceClient(http.Factory, options);
        var monitor = new RemoteConnectionMonitor(options, NullLogger<RemoteConnectionMonitor>.Instance);
        return new Client(http, new RemoteExecutionRecorder(client, monitor, options, NullLoggerFactory.Instance));
    }

    /// <summary>Records on disk: lines in the service's execution log (read after the run, not timed).</summary>
    private static long CountStored(string storePath) =>
        Directory.GetFiles(Path.Combine(storePath, "executions"), "*.jsonl").Sum(file => File.ReadLines(file).LongCount(line => line.Length > 0));

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed record Client(RemoteHttpHost Http, RemoteExecutionRecorder Recorder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Recorder.DisposeAsync();
            await Http.DisposeAsync();
        }
    }
}
