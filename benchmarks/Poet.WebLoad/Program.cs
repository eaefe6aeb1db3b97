using System.Globalization;
using System.Text;
using Poet.WebLoad;

// Bounded, loopback-only load test: POST /drift/check through POET vs the same endpoint with POET off
// (Poet:Enabled=false registers the plain detector). Rounds alternate plain/POET; the best round of each counts.
//   dotnet run -c Release --project benchmarks/Poet.WebLoad -- --duration 10 --warmup 5 --concurrency 16 --rounds 3
// Client and server share this machine's cores; on a busy machine run it twice and compare (the spread between rounds shows the noise).
var options = WebLoadOptions.Parse(args);
var random = new Random(42);
var reference = Enumerable.Range(0, 64).Select(_ => 10 + random.NextDouble()).ToArray();
var current = Enumerable.Range(0, 16).Select(_ => 10.2 + random.NextDouble()).ToArray();
var body = string.Create(CultureInfo.InvariantCulture,
    $"{{\"reference\":[{string.Join(',', reference.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}],\"current\":[{string.Join(',', current.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}");

Console.WriteLine($"{Environment.ProcessorCount} cores; {options.Concurrency} workers; {options.Duration.TotalSeconds}s per run after {options.Warmup.TotalSeconds}s warm-up; {options.Rounds} round(s).");
var results = new List<LoadResult>();
for (var round = 1; round <= options.Rounds; round++)
{
    foreach (var poet in new[] { false, true })
    {
        if (options.Only is { } only && only != (poet ? "poet" : "plain"))
        {
            continue;
        }

        using var server = new DriftApiServer(poet);
        var address = server.Start();
        var result = await LoadRun.RunAsync(poet ? "with POET" : "without POET", address, body, options);
        results.Add(result);
        Console.WriteLine($"round {round}: {result.ToRow()}");
    }
}

if (options.Only is not null)
{
    return 0; // one side only (profiling): no ratio
}

var plain = results.Where(r => r.Name == "without POET").MaxBy(r => r.Throughput)!;
var withPoet = results.Where(r => r.Name == "with POET").MaxBy(r => r.Throughput)!;
var ratio = withPoet.Throughput / plain.Throughput;
var report = new StringBuilder()
    .AppendLine("| endpoint | requests | errors | req/s | p50 ms | p99 ms | CPU µs/request |")
    .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    .AppendLine(plain.ToRow())
    .AppendLine(withPoet.ToRow())
    .AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"POET throughput = {ratio:P1} of the plain endpoint ({(ratio >= 0.9 ? "within" : "NOT within")} the 10% goal)."))
    .AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"POET's CPU per request (this process: load generator and server together) = {withPoet.CpuMicrosecondsPerRequest - plain.CpuMicrosecondsPerRequest:N1} µs more than the plain endpoint's."))
    .ToString();
Console.WriteLine();
Console.Write(report);
if (options.OutputPath is not null)
{
    await File.WriteAllTextAsync(options.OutputPath, report);
}

return ratio >= 0.9 && plain.Errors + withPoet.Errors == 0 ? 0 : 1;
