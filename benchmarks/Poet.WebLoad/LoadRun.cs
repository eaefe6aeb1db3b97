using System.Diagnostics;
using System.Net;
using System.Text;

namespace Poet.WebLoad;

/// <summary>One bounded run: a fixed number of workers POST the same check for a fixed time.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, Uri baseAddress, string body, WebLoadOptions options)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

        await LoopAsync(client, body, options.Concurrency, options.Warmup, record: false).ConfigureAwait(false);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var (latencies, errors) = await LoopAsync(client, body, options.Concurrency, options.Duration, record: true).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore; // client and server together: the client's share is the same on both sides
        return LoadResult.From(name, latencies, errors, elapsed, cpu);
    }

    private static async Task<(List<double> Latencies, long Errors)> LoopAsync(HttpClient client, string body, int concurrency, TimeSpan duration, bool record)
    {
        if (duration <= TimeSpan.Zero)
        {
            return ([], 0);
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var payload = Encoding.UTF8.GetBytes(body);
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = new List<double>(capacity: 16_384);
            long errors = 0;
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(payload);
                    content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                    using var response = await client.PostAsync("/drift/check", content).ConfigureAwait(false);
                    _ = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors++;
                        continue;
                    }
                }
                catch (HttpRequestException)
                {
                    errors++;
                    continue;
                }

                if (record)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            }

            return (latencies, errors);
        })).ToArray();

        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        return ([.. results.SelectMany(r => r.latencies)], results.Sum(r => r.errors));
    }
}
