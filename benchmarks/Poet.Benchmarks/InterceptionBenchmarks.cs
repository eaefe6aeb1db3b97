using System.Threading.Channels;
using Autofac;
using BenchmarkDotNet.Attributes;
using Castle.DynamicProxy;
using Poet;

namespace Poet.Benchmarks;

/// <summary>
/// The cost of POET's whole sync path (id, learned parameter, Perceive, Operate, Enforce, metrics, record hand-off,
/// result link) beside a direct call and a bare Castle proxy, in the same run.
/// Run: dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*Interception*'
/// </summary>
[MemoryDiagnoser]
public class InterceptionBenchmarks
{
    private readonly double[] _reference = [.. Enumerable.Range(0, 16).Select(i => (double)i)];
    private readonly double[] _current = [.. Enumerable.Range(0, 16).Select(i => i + 0.5)];
    private IBenchDetector _direct = null!;
    private IBenchDetector _castle = null!;
    private IBenchDetector _poet = null!;
    private IContainer _container = null!;
    private ChannelRecorder _recorder = null!;

    [GlobalSetup]
    public void Setup()
    {
        _direct = new BenchDetector();
        _castle = new ProxyGenerator().CreateInterfaceProxyWithTarget<IBenchDetector>(new BenchDetector(), new PassThroughInterceptor());
        _recorder = new ChannelRecorder();
        var builder = new ContainerBuilder();
        builder.AddPoet();
        builder.RegisterInstance(_recorder).As<IExecutionRecorder>();
        builder.RegisterType<BenchDetector>().As<IBenchDetector>().SingleInstance().EnablePoet();
        _container = builder.Build();
        _poet = _container.Resolve<IBenchDetector>();
        _poet.Score(_current);
        _poet.ScoreResilient(_current);
        _poet.Detect(_reference, _current);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _container.Dispose();
        _recorder.Dispose();
    }

    [Benchmark(Baseline = true)]
    public double Direct() => _direct.Score(_current);

    [Benchmark]
    public double BareCastleProxy() => _castle.Score(_current);

    [Benchmark]
    public double Poet_Learnable() => _poet.Score(_current);

    [Benchmark]
    public double Poet_Learnable_RetryTimeout() => _poet.ScoreResilient(_current);

    [Benchmark]
    public BenchReport Poet_MlMonitoring_ObjectResult() => _poet.Detect(_reference, _current);
}

public interface IBenchDetector
{
    /// <summary>One learnable parameter, no retries, no timeout.</summary>
    [Poet]
    double Score(double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>One learnable parameter, 2 retries and a 1 s timeout per attempt (Polly pipeline).</summary>
    [Poet(Retries = 2, TimeoutMs = 1000)]
    double ScoreResilient(double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>The demo's shape: ml_monitoring rules on two series and on the result object, which is linked for feedback.</summary>
    [Poet(Domain = "ml_monitoring", Retries = 2, TimeoutMs = 1000)]
    BenchReport Detect(double[] reference, double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);
}

public sealed class BenchReport
{
    public double Score { get; init; }

    public bool Drift { get; init; }
}

public sealed class BenchDetector : IBenchDetector
{
    public double Score(double[] current, double threshold = 3.0) => current[^1] * threshold;

    public double ScoreResilient(double[] current, double threshold = 3.0) => current[^1] * threshold;

    public BenchReport Detect(double[] reference, double[] current, double threshold = 3.0)
    {
        var score = current[^1] - reference[^1];
        return new BenchReport { Score = score, Drift = score > threshold };
    }
}

internal sealed class PassThroughInterceptor : IInterceptor
{
    public void Intercept(IInvocation invocation) => invocation.Proceed();
}

/// <summary>What the file store's recorder does on the hot path: a non-blocking write to a bounded channel, drained in the background.</summary>
internal sealed class ChannelRecorder : IExecutionRecorder, IDisposable
{
    private readonly Channel<ExecutionRecord> _channel = Channel.CreateBounded<ExecutionRecord>(
        new BoundedChannelOptions(65_536) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Task _drain;

    public ChannelRecorder() => _drain = Task.Run(async () =>
    {
        await foreach (var _ in _channel.Reader.ReadAllAsync())
        {
        }
    });

    public bool TryRecord(ExecutionRecord record) => _channel.Writer.TryWrite(record);

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _drain.Wait();
    }
}
