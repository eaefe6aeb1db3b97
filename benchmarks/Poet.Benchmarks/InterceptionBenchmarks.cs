using Autofac;
using BenchmarkDotNet.Attributes;
using Castle.DynamicProxy;
using Microsoft.Extensions.Logging;
using Poet;
using Serilog;
using Serilog.Formatting.Compact;
using ZLogger;

namespace Poet.Benchmarks;

/// <summary>
/// The cost of a POET call as users run it: the whole sync path (id, learned parameter, Perceive, Operate with
/// retries and timeout, Enforce, metrics, record hand-off, result link) with the real file-store recorder writing
/// every record to <c>.poet/executions/</c>, beside a direct call, a bare Castle proxy and two structured loggers
/// writing an event with the same fields (function id, execution id, version, arguments, learned value, result,
/// duration, outcome) as JSON lines to a file, all in the same run.
/// </summary>
/// <remarks>
/// The <c>_Block</c> rows and both loggers make the caller wait when their background queue is full
/// (<see cref="RecordingOverflowMode.Block"/>, ZLogger <c>BackgroundBufferFullMode.Block</c>, Serilog.Sinks.Async
/// <c>blockWhenFull</c>): their figure is the sustained cost per event with nothing dropped. The default rows use
/// <see cref="RecordingOverflowMode.Drop"/>; the records they dropped are printed at cleanup.
/// <c>Diagnostic_DiscardRecorder</c> is a diagnostic stand-in (a recorder that throws records away) that shows the
/// interception path without recording.
/// Run: <c>dotnet run -c Release --project benchmarks/Poet.Benchmarks -- --filter '*InterceptionBenchmarks*' --inProcess --warmupCount 3 --iterationCount 10</c>
/// </remarks>
[MemoryDiagnoser]
public class InterceptionBenchmarks
{
    private const string FunctionId = "IBenchDetector.ScoreResilient";
    private const string EventId = "01KB0000000000000000000000";

    private readonly double[] _reference = [.. Enumerable.Range(0, 16).Select(i => (double)i)];
    private readonly double[] _current = [.. Enumerable.Range(0, 16).Select(i => i + 0.5)];
    private readonly List<string> _folders = [];
    private IBenchDetector _direct = null!;
    private IBenchDetector _castle = null!;
    private IBenchDetector _discard = null!;
    private IBenchDetector _poet = null!;
    private IBenchDetector _poetBlock = null!;
    private IContainer _discardContainer = null!;
    private IContainer _container = null!;
    private IContainer _blockContainer = null!;
    private ILoggerFactory _zloggerFactory = null!;
    private Microsoft.Extensions.Logging.ILogger _zlogger = null!;
    private Serilog.Core.Logger _serilog = null!;

    [GlobalSetup]
    public void Setup()
    {
        _direct = new BenchDetector();
        _castle = new ProxyGenerator().CreateInterfaceProxyWithTarget<IBenchDetector>(new BenchDetector(), new PassThroughInterceptor());
        (_discardContainer, _discard) = Build(RecordingOverflowMode.Drop, discard: true);
        (_container, _poet) = Build(RecordingOverflowMode.Drop, discard: false);
        (_blockContainer, _poetBlock) = Build(RecordingOverflowMode.Block, discard: false);

        var logs = NewFolder();
        _zloggerFactory = LoggerFactory.Create(b => b.AddZLoggerFile(Path.Combine(logs, "zlogger.jsonl"), o =>
        {
            o.UseJsonFormatter();
            o.FullMode = BackgroundBufferFullMode.Block;
        }));
        _zlogger = _zloggerFactory.CreateLogger("poet");
        _serilog = new LoggerConfiguration()
            .WriteTo.Async(a => a.File(new CompactJsonFormatter(), Path.Combine(logs, "serilog.jsonl"), buffered: true), bufferSize: 65_536, blockWhenFull: true)
            .CreateLogger();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// records dropped by the default (Drop) recorder: {Dropped(_container)}; by the Block recorder: {Dropped(_blockContainer)}");
        _discardContainer.Dispose();
        _container.Dispose();
        _blockContainer.Dispose();
        _zloggerFactory.Dispose();
        _serilog.Dispose();
        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Benchmark(Baseline = true)]
    public double Direct() => _direct.ScoreResilient(_current);

    [Benchmark]
    public double BareCastleProxy() => _castle.ScoreResilient(_current);

    [Benchmark]
    public double Diagnostic_DiscardRecorder() => _discard.ScoreResilient(_current);

    [Benchmark]
    public double Poet_FileStore() => _poet.ScoreResilient(_current);

    /// <summary>Issue #11's shape: <c>[Poet(Retries = 2)]</c>, no timeout, so the attempt runs on the caller's thread.</summary>
    [Benchmark]
    public double Diagnostic_DiscardRecorder_NoTimeout() => _discard.ScoreRetries(_current);

    /// <summary>Issue #11's shape with the real file-store recorder.</summary>
    [Benchmark]
    public double Poet_FileStore_NoTimeout() => _poet.ScoreRetries(_current);

    /// <summary>Issue #11's shape, <see cref="RecordingOverflowMode.Block"/>: the sustained cost with nothing dropped.</summary>
    [Benchmark]
    public double Poet_FileStore_NoTimeout_Block() => _poetBlock.ScoreRetries(_current);

    [Benchmark]
    public double Poet_FileStore_Block() => _poetBlock.ScoreResilient(_current);

    /// <summary>The timeout shape made cooperative: attempts on the caller's thread, <see cref="RecordingOverflowMode.Block"/>.</summary>
    [Benchmark]
    public double Poet_FileStore_CooperativeTimeout_Block() => _poetBlock.ScoreCooperative(_current, CancellationToken.None);

    [Benchmark]
    public BenchReport Poet_Demo_FileStore_Block() => _poetBlock.Detect(_reference, _current);

    /// <summary>The demo's shape with the cooperative timeout DriftApi declares.</summary>
    [Benchmark]
    public BenchReport Poet_Demo_FileStore_CooperativeTimeout_Block() => _poetBlock.DetectCooperative(_reference, _current, CancellationToken.None);

    [Benchmark]
    public double ZLogger_SameEvent()
    {
        var result = _direct.ScoreResilient(_current);
        _zlogger.ZLogInformation($"{FunctionId} {EventId} {1} {_current} {3.0} {result} {0.0012} {"Success"}");
        return result;
    }

    [Benchmark]
    public double Serilog_SameEvent()
    {
        var result = _direct.ScoreResilient(_current);
        _serilog.Information("{FunctionId} {ExecutionId} {Version} {Current} {Threshold} {Result} {DurationMs} {Outcome}",
            FunctionId, EventId, 1, _current, 3.0, result, 0.0012, "Success");
        return result;
    }

    private static long Dropped(IContainer container) =>
        container.Resolve<IExecutionStore>() is Poet.Storage.FileStore.FileExecutionLog log ? log.DroppedCount : -1;

    private (IContainer Container, IBenchDetector Detector) Build(RecordingOverflowMode overflow, bool discard)
    {
        var folder = NewFolder();
        var builder = new ContainerBuilder();
        builder.AddPoet(o =>
        {
            o.StorePath = folder;
            o.RecordingOverflow = overflow;
            o.ExecutionRetentionMegabytes = 512; // BenchmarkDotNet makes millions of calls: keep the disk bounded
        });
        if (discard)
        {
            builder.RegisterInstance(new DiscardRecorder()).As<IExecutionRecorder>();
        }

        builder.RegisterType<BenchDetector>().As<IBenchDetector>().SingleInstance().EnablePoet();
        var container = builder.Build();
        var detector = container.Resolve<IBenchDetector>();
        detector.Score(_current);
        detector.ScoreResilient(_current);
        detector.ScoreRetries(_current);
        detector.Detect(_reference, _current);
        return (container, detector);
    }

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "poet-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }
}

public interface IBenchDetector
{
    /// <summary>One learnable parameter, no retries, no timeout.</summary>
    [Poet]
    double Score(double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>One learnable parameter, 2 retries and a 1 s timeout per attempt (Polly pipeline).</summary>
    [Poet(Retries = 2, TimeoutMs = 1000)]
    double ScoreResilient(double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>
    /// One learnable parameter and 2 retries, no timeout (issue #11's shape). A <c>TimeoutMs</c> makes every sync attempt
    /// run off the caller's thread so the caller gets its answer at the deadline (see <c>DeadlineRunner</c>); without one
    /// the attempt runs inline.
    /// </summary>
    [Poet(Retries = 2)]
    double ScoreRetries(double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>
    /// 2 retries and a 1 s cooperative timeout (<see cref="PoetAttribute.CooperativeTimeout"/>): the method honours its
    /// token, so attempts run on the caller's thread and Polly cancels the token at the deadline.
    /// </summary>
    [Poet(Retries = 2, TimeoutMs = 1000, CooperativeTimeout = true)]
    double ScoreCooperative(double[] current, CancellationToken cancellationToken, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>The demo's shape: ml_monitoring rules on two series and on the result object, which is linked for feedback.</summary>
    [Poet(Domain = "ml_monitoring", Retries = 2, TimeoutMs = 1000)]
    BenchReport Detect(double[] reference, double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>The demo's shape as DriftApi declares it: the timeout is cooperative (attempts on the caller's thread).</summary>
    [Poet(Domain = "ml_monitoring", Retries = 2, TimeoutMs = 1000, CooperativeTimeout = true)]
    BenchReport DetectCooperative(double[] reference, double[] current, CancellationToken cancellationToken, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);
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

    public double ScoreRetries(double[] current, double threshold = 3.0) => current[^1] * threshold;

    public double ScoreCooperative(double[] current, CancellationToken cancellationToken, double threshold = 3.0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return current[^1] * threshold;
    }

    public BenchReport Detect(double[] reference, double[] current, double threshold = 3.0)
    {
        var score = current[^1] - reference[^1];
        return new BenchReport { Score = score, Drift = score > threshold };
    }

    public BenchReport DetectCooperative(double[] reference, double[] current, CancellationToken cancellationToken, double threshold = 3.0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Detect(reference, current, threshold);
    }
}

internal sealed class PassThroughInterceptor : IInterceptor
{
    public void Intercept(IInvocation invocation) => invocation.Proceed();
}

/// <summary>Diagnostic stand-in: a recorder that throws every record away (shows the interception path without recording).</summary>
internal sealed class DiscardRecorder : IExecutionRecorder, ICallRecorder
{
    public bool TryRecord(ExecutionRecord record) => true;

    public bool TryRecord(IRecordedCall call)
    {
        call.Release();
        return true;
    }
}
