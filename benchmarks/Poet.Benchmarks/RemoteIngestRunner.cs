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
/// send them as fast as their recorders batch. Loopback only, bounded by a record count and a time limit. The service
/// runs in a child process, so the CPU each side spends per record is measured apart.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- remote-ingest [recordsPerClient=200000] [seconds=30]</c>
/// </summary>
public static class RemoteIngestRunner
{
    private const string Key = "bench-key";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["service", var servicePort, var serviceStore])
        {
            return await ServeAsync(int.Parse(servicePort, CultureInfo.InvariantCulture), serviceStore);
        }

        var perClient = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var limit = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30);
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var storePath = Path.Combine(Path.GetTempPath(), "poet-remote-ingest-" + Guid.NewGuid().ToString("N"));

        // The service runs in its own process, as it does in production, so each side's CPU per record can be read.
        using var service = StartService(port, storePath);
        var options = new RemoteClientOptions { Endpoint = url, ApiKey = Key, StorePath = Path.GetTempPath(), BatchSize = 1_000 };
        var clients = Enumerable.Range(0, 2).Select(_ => CreateRecorder(options)).ToArray();

        // Warm-up (not timed): the first records pay for JIT compilation on both sides; the runtime goes on recompiling
        // hot methods (tiered compilation) for seconds after start, longer on a busy machine, so warm up for a while.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(8))
        {
            await ProduceAndFlushAsync(clients, Math.Min(perClient, 50_000), Stopwatch.StartNew(), limit);
        }

        var warmedUp = CountStored(storePath);
        var sentBefore = clients.Sum(c => c.Recorder.Sent);
        var droppedBefore = clients.Sum(c => c.Recorder.Dropped);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        service.Refresh();
        var serviceCpuBefore = service.TotalProcessorTime;

        var watch = Stopwatch.StartNew();
        var sent = await ProduceAndFlushAsync(clients, perClient, watch, limit);
        watch.Stop();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        service.Refresh();
        var serviceCpu = service.TotalProcessorTime - serviceCpuBefore;
        var stored = CountStored(storePath) - warmedUp;
        var dropped = clients.Sum(c => c.Recorder.Dropped) - droppedBefore;
        var perRecord = (TimeSpan cpu) => cpu.TotalMilliseconds * 1000 / Math.Max(1, stored);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"remote-ingest: 2 clients (this process) -> 1 service (process {service.Id}), loopback, JSON lines, the service's file store in {storePath}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"records recorded {sent:N0}, acknowledged {clients.Sum(c => c.Recorder.Sent) - sentBefore:N0}, stored {stored:N0}, queue-full rejections retried by the producers {dropped:N0}, in {watch.Elapsed.TotalSeconds:F2} s (after a warm-up of {warmedUp:N0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per record: service {perRecord(serviceCpu):F2} us ({serviceCpu.TotalSeconds:F2} s), clients {perRecord(clientCpu):F2} us ({clientCpu.TotalSeconds:F2} s: producing, recording, sending)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest rate: {stored / watch.Elapsed.TotalSeconds:N0} executions/s; one core of service CPU would store {1_000_000 / Math.Max(0.001, perRecord(serviceCpu)):N0}/s"));

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await StopServiceAsync(service);
        return 0;
    }

    /// <summary>The service side: a POET service over a file store, until its standard input closes.</summary>
    private static async Task<int> ServeAsync(int port, string storePath)
    {
        await using var fileStore = PoetFileStore.Open(new PoetOptions { StorePath = storePath });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}/");
        builder.Services.AddSingleton(fileStore.Executions);
        builder.Services.AddSingleton<IFunctionCatalog>(new LocalFunctionCatalog(new InMemoryFunctionStore(), new DomainCatalog()));
        await using var app = builder.Build();
        app.MapPoetServiceEndpoints(o => o.ApiKey = Key);
        await app.StartAsync();
        Console.WriteLine(ReadyLine);
        await Console.In.ReadToEndAsync(); // the runner closes standard input to stop the service
        await app.StopAsync();
        return 0;
    }

    private const string ReadyLine = "remote-ingest service ready";

    private static Process StartService(int port, string storePath)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!Path.GetFileNameWithoutExtension(self).Equals("Poet.Benchmarks", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(RemoteIngestRunner).Assembly.Location); // run as `dotnet Poet.Benchmarks.dll`
        }

        foreach (var argument in new[] { "remote-ingest", "service", port.ToString(CultureInfo.InvariantCulture), storePath })
        {
            start.ArgumentList.Add(argument);
        }

        var service = Process.Start(start) ?? throw new InvalidOperationException("the remote-ingest service process did not start");
        string? line;
        while ((line = service.StandardOutput.ReadLine()) != ReadyLine)
        {
            if (line is null)
            {
                throw new InvalidOperationException($"the remote-ingest service process ended before it was ready (exit code {service.ExitCode})");
            }
        }

        return service;
    }

    private static async Task StopServiceAsync(Process service)
    {
        service.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await service.WaitForExitAsync(timeout.Token);
    }

    private static async Task<int> ProduceAndFlushAsync(Client[] clients, int perClient, Stopwatch watch, TimeSpan limit)
    {
        var producers = clients.Select(c => Task.Run(() => Produce(c.Recorder, perClient, watch, limit))).ToArray();
        await Task.WhenAll(producers);
        foreach (var client in clients)
        {
            using var flush = new CancellationTokenSource(limit);
            await client.Recorder.FlushAsync(flush.Token);
        }

        return producers.Sum(p => p.Result);
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
