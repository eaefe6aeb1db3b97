using BenchmarkDotNet.Attributes;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// Finding one execution by id among 1,000,000 recorded, after a restart (so every lookup goes through the sealed
/// segments' indexes, not the in-memory pending map).
/// </summary>
[MemoryDiagnoser]
public class StorageLookupBenchmarks
{
    private const int Total = 1_000_000;
    private PoetFileStore _store = null!;
    private string _path = null!;
    private ExecutionId[] _sample = [];
    private int _next;

    [GlobalSetup]
    public async Task Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "poet-bench-lookup-" + Guid.NewGuid().ToString("N"));
        var options = new PoetOptions { StorePath = _path };
        var sample = new List<ExecutionId>();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        await using (var writer = PoetFileStore.Open(options))
        {
            var batch = new List<ExecutionRecord>(10_000);
            for (var i = 0; i < Total; i++)
            {
                var id = ExecutionId.New(start.AddTicks(i * 36_000L)); // spread over one hour
                if (i % 997 == 0)
                {
                    sample.Add(id);
                }

                batch.Add(new ExecutionRecord
                {
                    Id = id,
                    FunctionId = "IDriftDetector.Detect",
                    Version = 1,
                    StartedAt = id.Timestamp,
                    DurationMs = 0.4,
                    Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["threshold"] = 3.0 },
                    LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
                    Result = i,
                });
                if (batch.Count == batch.Capacity)
                {
                    await writer.Executions.AppendAsync(batch);
                    batch.Clear();
                }
            }

            await writer.Executions.AppendAsync(batch);
        }

        _sample = [.. sample.OrderBy(_ => Random.Shared.Next())];
        _store = PoetFileStore.Open(options); // a restart
    }

    [Benchmark(Description = "FindAsync, one id among 1,000,000 (after restart)")]
    public async Task<ExecutionRecord?> FindOneAmongAMillion()
    {
        var id = _sample[_next++ % _sample.Length];
        return await _store.Executions.FindAsync(id) ?? throw new InvalidOperationException($"{id} not found");
    }

    [Benchmark(Description = "FindAsync, an id that was never recorded")]
    public ValueTask<ExecutionRecord?> FindUnknown() => _store.Executions.FindAsync(ExecutionId.New(DateTimeOffset.UtcNow.AddMinutes(-30)));

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_path, recursive: true);
    }
}
