using Autofac;
using BenchmarkDotNet.Attributes;
using Poet;
using Poet.AspNetCore.Dashboard;

namespace Poet.Benchmarks;

/// <summary>
/// What the dashboard's execution observer adds to each POET call: with it, every call creates its <c>Poet</c>
/// activity and the observer counts it (recent list, per-minute counts and duration histogram). Same call, same run,
/// observer off and on. The recorder is POET's in-memory execution store (bounded), so the figure is the call path.
/// Run: dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*DashboardObserver*'
/// </summary>
[MemoryDiagnoser]
public class DashboardObserverBenchmarks
{
    private readonly double[] _current = [.. Enumerable.Range(0, 16).Select(i => i + 0.5)];
    private readonly string _store = Path.Combine(Path.GetTempPath(), "poet-bench-observer-" + Guid.NewGuid().ToString("N"));
    private IContainer _container = null!;
    private IObservedScorer _poet = null!;
    private ExecutionObserver? _observer;

    /// <summary>Whether the dashboard's observer listens.</summary>
    [Params(false, true)]
    public bool Observed { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o => o.StorePath = _store);
        builder.RegisterInstance(new InMemoryExecutionStore(10_000)).As<IExecutionRecorder>();
        builder.RegisterType<ObservedScorer>().As<IObservedScorer>().SingleInstance().EnablePoet();
        _container = builder.Build();
        _poet = _container.Resolve<IObservedScorer>();
        if (Observed)
        {
            _observer = new ExecutionObserver(TimeProvider.System);
            _observer.Start();
        }

        _poet.Score(_current);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _observer?.Dispose();
        _container.Dispose();
        Directory.Delete(_store, recursive: true);
    }

    [Benchmark]
    public double PoetCall() => _poet.Score(_current);
}

public interface IObservedScorer
{
    /// <summary>One learnable parameter, no retries, no timeout.</summary>
    [Poet]
    double Score(double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);
}

public sealed class ObservedScorer : IObservedScorer
{
    public double Score(double[] current, double threshold = 3.0) => current[^1] * threshold;
}
