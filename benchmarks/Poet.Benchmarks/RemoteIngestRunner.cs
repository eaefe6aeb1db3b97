using System.Diagnostics;
using System.Globalization;
using Autofac;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet;
using Poet.Remote;

namespace Poet.Benchmarks;

/// <summary>
/// Remote ingestion: how many executions per second one POET service instance stores when two remote clients send
/// them as fast as they are recorded. Each client is an app as users run it: a container with
/// <c>AddPoet(o => o.UseService(...))</c> (<c>RecordingOverflow = Block</c>, so nothing is dropped) and a thread calling a
/// <c>[Poet(Retries = 2)]</c> method through its proxy; the service checks every line and stores it in its file store's
/// log. Loopback only, bounded by a record count and a time limit per run. The service runs in a child process, so the
/// CPU each side spends per record is measured apart. After a warm-up, three timed runs; the last line gives the
/// minimum, median and maximum of each figure.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- remote-ingest [recordsPerClient=1000000] [seconds=60] [runs=3]</c>
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

        var perClient = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var limit = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 60);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var storePath = Path.Combine(Path.GetTempPath(), "poet-remote-ingest-" + Guid.NewGuid().ToString("N"));

        // The service runs in its own process, as it does in production, so each side's CPU per record can be read.
        using var service = StartService(port, storePath);
        var clients = Enumerable.Range(0, 2).Select(_ => CreateClient(url, storePath)).ToArray();

        // Warm-up (not timed): the first records pay for JIT compilation on both sides; the runtime goes on recompiling
        // hot methods (tiered compilation) for seconds after start, longer on a busy machine, so warm up for a while.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(8))
        {
            await ProduceAndFlushAsync(clients, Math.Min(perClient, 50_000), Stopwatch.StartNew(), limit);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"remote-ingest: 2 clients (this process: a container each, UseService, Block, a [Poet(Retries = 2)] call per record) -> 1 service (process {service.Id}), loopback, JSON lines, the service's file store in {storePath}"));
        var results = new List<RunResult>();
        for (var run = 1; run <= runs; run++)
        {
            var result = await MeasureAsync(clients, service, perClient, limit);
            results.Add(result);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {result.Rate:N0} executions/s; {result.Calls:N0} calls recorded, {result.Acknowledged:N0} acknowledged by the service, {result.Dropped:N0} dropped, in {result.Seconds:F2} s; CPU per record: service {result.ServiceUs:F2} us, clients {result.ClientUs:F2} us (calling, recording, sending)"));
        }

        var acknowledged = clients.Sum(c => c.Recorder.Sent);
        var stored = CountStored(storePath);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stored in the service's log: {stored:N0} lines; acknowledged in all (warm-up included): {acknowledged:N0}{(stored == acknowledged ? string.Empty : "  << MISMATCH")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"remote-ingest {runs} runs (min / median / max): {Spread(results, r => r.Rate, "N0")} executions/s; service {Spread(results, r => r.ServiceUs, "F2")} us and clients {Spread(results, r => r.ClientUs, "F2")} us of CPU per record"));

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        await StopServiceAsync(service);
        Directory.Delete(storePath, recursive: true);
        return stored == acknowledged ? 0 : 1;
    }

    private static async Task<RunResult> MeasureAsync(Client[] clients, Process service, int perClient, TimeSpan limit)
    {
        var sentBefore = clients.Sum(c => c.Recorder.Sent);
        var droppedBefore = clients.Sum(c => c.Recorder.Dropped);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        service.Refresh();
        var serviceCpuBefore = service.TotalProcessorTime;

        var watch = Stopwatch.StartNew();
        var calls = await ProduceAndFlushAsync(clients, perClient, watch, limit);
        watch.Stop();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        service.Refresh();
        var serviceCpu = service.TotalProcessorTime - serviceCpuBefore;
        var acknowledged = clients.Sum(c => c.Recorder.Sent) - sentBefore;
        var perRecord = (TimeSpan cpu) => cpu.TotalMilliseconds * 1000 / Math.Max(1, acknowledged);
        return new RunResult(calls, acknowledged, clients.Sum(c => c.Recorder.Dropped) - droppedBefore, watch.Elapsed.TotalSeconds,
            acknowledged / watch.Elapsed.TotalSeconds, perRecord(serviceCpu), perRecord(clientCpu));
    }

    private static string Spread(List<RunResult> results, Func<RunResult, double> figure, string format)
    {
        var sorted = results.Select(figure).Order().ToArray();
        return string.Format(CultureInfo.InvariantCulture, $"{{0:{format}}} / {{1:{format}}} / {{2:{format}}}", sorted[0], sorted[sorted.Length / 2], sorted[^1]);
    }

    private sealed record RunResult(long Calls, long Acknowledged, long Dropped, double Seconds, double Rate, double ServiceUs, double ClientUs);

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

    private static async Task<long> ProduceAndFlushAsync(Client[] clients, int perClient, Stopwatch watch, TimeSpan limit)
    {
        var producers = clients.Select(c => Task.Factory.StartNew(() => Produce(c.Detector, perClient, watch, limit), TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(producers);
        foreach (var client in clients)
        {
            using var flush = new CancellationTokenSource(limit);
            await client.Recorder.FlushAsync(flush.Token);
        }

        return producers.Sum(p => (long)p.Result);
    }

    /// <summary>Calls the POET proxy as an app does; every call is recorded and sent to the service.</summary>
    private static int Produce(IIngestDetector detector, int count, Stopwatch watch, TimeSpan limit)
    {
        double[] reference = [1.0, 2.0, 3.0];
        double[] current = [1.1, 2.2, 9.0];
        var produced = 0;
        while (produced < count && watch.Elapsed < limit)
        {
            detector.Detect(reference, current);
            produced++;
        }

        return produced;
    }

    private static Client CreateClient(Uri url, string storePath)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o =>
        {
            o.StorePath = storePath + "-client-" + Guid.NewGuid().ToString("N"); // the client's parameter cache only
            o.UseService(url, Key);
            o.RecordingOverflow = RecordingOverflowMode.Block; // measure ingestion, not drops: callers wait for room
        });
        builder.RegisterType<IngestDetector>().As<IIngestDetector>().SingleInstance().EnablePoet();
        var container = builder.Build();
        return new Client(container, container.Resolve<IIngestDetector>(), container.Resolve<RemoteExecutionRecorder>());
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

    private sealed record Client(IContainer Container, IIngestDetector Detector, RemoteExecutionRecorder Recorder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            var cache = Container.Resolve<PoetOptions>().StorePath;
            await Container.DisposeAsync();
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }
}

/// <summary>The remote-ingest app's POET service: one learnable parameter, two retries, a small result object.</summary>
public interface IIngestDetector
{
    /// <summary>Scores the last point of <paramref name="current"/> against <paramref name="reference"/>.</summary>
    [Poet(Retries = 2)]
    IngestReport Detect(double[] reference, double[] current, [Learnable(Min = 0.01, Max = 10)] double threshold = 3.0);
}

/// <summary>The result every remote-ingest call records.</summary>
public sealed class IngestReport
{
    /// <summary>Whether the score passed the threshold.</summary>
    public bool Drift { get; init; }

    /// <summary>The score.</summary>
    public double Score { get; init; }
}

/// <summary>The remote-ingest app's implementation.</summary>
public sealed class IngestDetector : IIngestDetector
{
    /// <inheritdoc />
    public IngestReport Detect(double[] reference, double[] current, double threshold = 3.0)
    {
        var score = current[^1] / reference[^1] + 1.2;
        return new IngestReport { Drift = score > threshold, Score = score };
    }
}
