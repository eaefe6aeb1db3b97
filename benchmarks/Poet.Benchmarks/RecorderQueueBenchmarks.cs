using System.Collections.Concurrent;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// What the recorder's queue costs per record handed over and taken (one thread: the cost without contention), for
/// the queues it could use: the fixed ring it uses (<see cref="BoundedRing{T}"/>), the unbounded
/// <see cref="ConcurrentQueue{T}"/> it used before, and a bounded <see cref="Channel"/> for one reader.
/// <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter *RecorderQueue*</c>
/// </summary>
[MemoryDiagnoser]
public class RecorderQueueBenchmarks
{
    private const int Batch = 4096;
    private readonly object _item = new();
    private readonly BoundedRing<object> _ring = new(65_536);
    private readonly ConcurrentQueue<object> _queue = new();
    private readonly Channel<object> _channel = Channel.CreateBounded<object>(
        new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int Ring()
    {
        for (var i = 0; i < Batch; i++)
        {
            _ring.TryEnqueue(_item);
        }

        var taken = 0;
        while (_ring.TryDequeue(out _))
        {
            taken++;
        }

        return taken;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int ConcurrentQueue()
    {
        for (var i = 0; i < Batch; i++)
        {
            _queue.Enqueue(_item);
        }

        var taken = 0;
        while (_queue.TryDequeue(out _))
        {
            taken++;
        }

        return taken;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int BoundedChannel()
    {
        for (var i = 0; i < Batch; i++)
        {
            _channel.Writer.TryWrite(_item);
        }

        var taken = 0;
        while (_channel.Reader.TryRead(out _))
        {
            taken++;
        }

        return taken;
    }
}
