using BenchmarkDotNet.Attributes;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// The execution log's writer alone: one calling thread hands over small records (a 16-number series, a short
/// string, a double, a learned value, a double result) to the real file-store recorder and waits until all of them
/// are written to <c>.poet/executions/</c>; the time per record is the writer's (serialization into pooled UTF-8
/// buffers and the batched file write), since handing over costs the caller far less. Records/s = 1 / (time per op).
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*WriterBenchmarks*' --inProcess --warmupCount 3 --iterationCount 10</c>
/// </summary>
[MemoryDiagnoser]
public class WriterBenchmarks
{
    private const int Records = 100_000;

    private readonly ExecutionRecord[] _records = new ExecutionRecord[1024];
    private PoetFileStore _store = null!;
    private string _folder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "poet-bench", Guid.NewGuid().ToString("N"));
        _store = PoetFileStore.Open(new PoetOptions
        {
            StorePath = _folder,
            RecordingOverflow = RecordingOverflowMode.Block,
            ExecutionRetentionMegabytes = 512,
        });
        var records = SmallRecords(_records.Length);
        records.CopyTo(_records, 0);
    }

    /// <summary>Small records: a 16-number series, a short string, a double, one learned value, a double result.</summary>
    /// <param name="count">How many (each with its own id).</param>
    /// <returns>The records.</returns>
    public static ExecutionRecord[] SmallRecords(int count)
    {
        var series = Enumerable.Range(0, 16).Select(i => i * 0.25).ToArray();
        return [.. Enumerable.Range(0, count).Select(_ => new ExecutionRecord
        {
            Id = ExecutionId.New(),
            FunctionId = "IDriftDetector.Detect",
            Version = 3,
            StartedAt = DateTimeOffset.UtcNow,
            DurationMs = 0.0123,
            Outcome = ExecutionOutcome.Success,
            Arguments = new Dictionary<string, object?> { ["current"] = series, ["label"] = "sensor-7", ["scale"] = 1.5 },
            LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.2 },
            Result = 4.75,
        })];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task WriteSmallRecords()
    {
        var executions = _store.Executions;
        for (var i = 0; i < Records; i++)
        {
            executions.TryRecord(_records[i & 1023]);
        }

        await executions.FlushAsync();
    }
}
