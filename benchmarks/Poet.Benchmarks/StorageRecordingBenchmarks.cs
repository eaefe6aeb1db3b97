using BenchmarkDotNet.Attributes;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// Sustained recording into the durable execution log: the interceptor's hand-off (<c>TryRecord</c>) from a
/// producer thread, the background writer serializing and appending, until everything is on disk (FlushAsync).
/// Result per operation = one record; records/s = 1e9 / (ns per op).
/// </summary>
[MemoryDiagnoser]
public class StorageRecordingBenchmarks
{
    private const int Records = 200_000;
    private PoetFileStore _store = null!;
    private string _path = null!;
    private ExecutionRecord[] _records = [];

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "poet-bench-record-" + Guid.NewGuid().ToString("N"));
        _store = PoetFileStore.Open(new PoetOptions { StorePath = _path, ExecutionRetentionMegabytes = 512 });
    }

    [IterationSetup]
    public void CreateRecords()
    {
        // Fresh ids each iteration, as the interceptor would create them.
        var reference = new[] { 1.0, 1.2, 0.9, 1.1, 1.0, 0.95, 1.05, 1.0 };
        var current = new[] { 1.4, 1.5, 1.3, 1.6, 1.45, 1.5, 1.55, 1.4 };
        _records = new ExecutionRecord[Records];
        for (var i = 0; i < Records; i++)
        {
            _records[i] = new ExecutionRecord
            {
                Id = ExecutionId.New(),
                FunctionId = "IDriftDetector.Detect",
                Version = 3,
                StartedAt = DateTimeOffset.UtcNow,
                DurationMs = 0.42,
                Outcome = ExecutionOutcome.Success,
                Arguments = new Dictionary<string, object?> { ["reference"] = reference, ["current"] = current, ["threshold"] = 3.6 },
                LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.6 },
                Result = new DriftResult(i % 7 == 0, 2.4, 3.6),
            };
        }
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "TryRecord + write to the log (per record)")]
    public async Task RecordIntoDurableLog()
    {
        var log = _store.Executions;
        foreach (var record in _records)
        {
            // Never drop in the benchmark: when the bounded buffer is full, wait for the writer (the interceptor would drop).
            var spin = new SpinWait();
            while (!log.TryRecord(record))
            {
                spin.SpinOnce();
            }
        }

        await log.FlushAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_path, recursive: true);
    }

    public sealed record DriftResult(bool IsDrift, double Score, double Threshold);
}
