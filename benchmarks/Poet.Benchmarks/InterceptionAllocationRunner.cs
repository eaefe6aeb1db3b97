using System.Diagnostics;
using Autofac;
using Castle.DynamicProxy;
using Poet.Interception;

namespace Poet.Benchmarks;

/// <summary>
/// Where a POET call's allocations go: bytes per call on the calling thread
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) for the whole call in issue #11's shape and the demo's shape,
/// beside a bare Castle proxy, and for the pieces the call is made of, each measured on its own.
/// Run: <c>dotnet benchmarks/Poet.Benchmarks/bin/Release/net10.0/Poet.Benchmarks.dll call-alloc</c>
/// </summary>
internal static class InterceptionAllocationRunner
{
    private const int Calls = 200_000;

    public static int Run()
    {
        var current = Enumerable.Range(0, 16).Select(i => i + 0.5).ToArray();
        var reference = Enumerable.Range(0, 16).Select(i => (double)i).ToArray();
        var folder = Path.Combine(Path.GetTempPath(), "poet-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var builder = new ContainerBuilder();
            builder.AddPoet(o =>
            {
                o.StorePath = folder;
                o.RecordingOverflow = RecordingOverflowMode.Block;
            });
            builder.RegisterType<BenchDetector>().As<IBenchDetector>().SingleInstance().EnablePoet();
            using var container = builder.Build();
            var poet = container.Resolve<IBenchDetector>();
            var castle = new ProxyGenerator().CreateInterfaceProxyWithTarget<IBenchDetector>(new BenchDetector(), new PassThroughInterceptor());

            Report("bare Castle proxy, ScoreRetries", () => castle.ScoreRetries(current));
            Report("POET #11 shape (Retries = 2), file store, Block", () => poet.ScoreRetries(current));
            Report("POET demo shape, cooperative timeout, Block", () => poet.DetectCooperative(reference, current, CancellationToken.None));
            Report("POET no retries ([Poet]), Block", () => poet.Score(current));

            // The demo shape taken apart on the caller's side (diagnostic: a recorder that discards, so the writer does not
            // compete for the core): each row adds one of the demo's features to issue #11's shape.
            builder = new ContainerBuilder();
            builder.AddPoet(o => o.StorePath = Path.Combine(folder, "pieces"));
            builder.RegisterInstance(new DiscardRecorder()).As<IExecutionRecorder>();
            builder.RegisterType<DemoPieces>().As<IDemoPieces>().SingleInstance().EnablePoet();
            using var piecesContainer = builder.Build();
            var pieces = piecesContainer.Resolve<IDemoPieces>();
            Report("demo pieces (discards): #11 shape, two series", () => pieces.Retries(reference, current));
            Report("demo pieces (discards): + result object linked", () => pieces.Linked(reference, current));
            Report("demo pieces (discards): + domain rules", () => pieces.Domain(reference, current));
            Report("demo pieces (discards): + coop. timeout = demo", () => pieces.Demo(reference, current, CancellationToken.None));
            Report("demo pieces (discards): coop. timeout alone", () => pieces.Timeout(reference, current, CancellationToken.None));

            var discardBuilder = new ContainerBuilder();
            discardBuilder.AddPoet(o => o.StorePath = Path.Combine(folder, "discard"));
            discardBuilder.RegisterInstance(new DiscardRecorder()).As<IExecutionRecorder>();
            discardBuilder.RegisterType<BenchDetector>().As<IBenchDetector>().SingleInstance().EnablePoet();
            using var discardContainer = discardBuilder.Build();
            var discard = discardContainer.Resolve<IBenchDetector>();
            Report("POET #11 shape, recorder that discards (diagnostic)", () => discard.ScoreRetries(current));
            Report("POET no retries, recorder that discards (diagnostic)", () => discard.Score(current));

            var pipeline = OperatePipelineFactory.Create("piece", new OperatePolicy { Retries = 2, BaseDelayMs = 200 }, (_, _) => { })!;
            var target = new BenchDetector();
            Report("piece: direct call (the delegate alone)", () => target.ScoreRetries(current));
            Report("piece: Polly retry pipeline, pooled context", () =>
            {
                var context = Polly.ResilienceContextPool.Shared.Get(CancellationToken.None);
                try
                {
                    return pipeline.Execute(static (_, state) => state.Target.ScoreRetries(state.Current), context, (Target: target, Current: current));
                }
                finally
                {
                    Polly.ResilienceContextPool.Shared.Return(context);
                }
            });

            var timed = OperatePipelineFactory.Create("piece", new OperatePolicy { Retries = 2, BaseDelayMs = 200, TimeoutMs = 1000, CooperativeTimeout = true }, (_, _) => { })!;
            Report("piece: Polly retry + timeout pipeline, pooled context", () =>
            {
                var context = Polly.ResilienceContextPool.Shared.Get(CancellationToken.None);
                try
                {
                    return timed.Execute(static (_, state) => state.Target.ScoreRetries(state.Current), context, (Target: target, Current: current));
                }
                finally
                {
                    Polly.ResilienceContextPool.Shared.Return(context);
                }
            });
            var deadline = new FirstAttemptDeadline();
            Report("piece: first-attempt deadline (CancelAfter+TryReset)", () =>
            {
                var token = deadline.Start(TimeSpan.FromSeconds(1), CancellationToken.None);
                deadline.End();
                return token.CanBeCanceled;
            });

            var links = new ExecutionLinks();
            var key = UInt128.One;
            Report("piece: a new result object (the target's allocation)", () => new BenchReport { Score = 1 });
            Report("piece: ExecutionLinks.Link(a new result object)", () =>
            {
                var report = new BenchReport { Score = 1 };
                links.Link(report, key++);
                return report;
            });
            var catalog = container.Resolve<IFunctionCatalog>();
            Report("piece: IFunctionCatalog.GetCurrent(function id)", () => catalog.GetCurrent("IBenchDetector.DetectCooperative"));

            var now = DateTimeOffset.UtcNow;
            Report("piece: ExecutionId.New (id text)", () => ExecutionId.New(now));
            Report("piece: PoetContext.LastExecutionId = id", () => PoetContext.LastExecutionId = ExecutionId.New(now));
            Report("piece: DateTimeOffset.UtcNow + Stopwatch", () => DateTimeOffset.UtcNow.Ticks + Stopwatch.GetTimestamp());
            Report("piece: CallClock.UtcAt(Stopwatch) (one clock read)", () => CallClock.UtcAt(Stopwatch.GetTimestamp()).Ticks);
            return 0;
        }
        finally
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

    private static void Report<T>(string name, Func<T> call)
    {
        for (var i = 0; i < 10_000; i++)
        {
            call();
        }

        var writerBefore = WriterCpuNanoseconds();
        var cpuBefore = ThreadCpuNanoseconds();
        var before = GC.GetAllocatedBytesForCurrentThread(); // last and first: reading the CPU times allocates
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        watch.Stop();
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
        var cpu = (ThreadCpuNanoseconds() - cpuBefore) / (double)Calls;
        var writer = (WriterCpuNanoseconds() - writerBefore) / Calls;
        Console.WriteLine($"{name,-55} {bytes,8:F1} B/call {watch.Elapsed.TotalNanoseconds / Calls,8:F0} ns/call {cpu,8:F0} ns CPU/call {writer,6:F0} ns writer CPU/call (includes the delegate)");
    }

    /// <summary>The CPU time, in nanoseconds, of every recorder writer thread (<c>POET recorder</c>) so far (Linux; 0 elsewhere).</summary>
    private static double WriterCpuNanoseconds()
    {
        double total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == "POET recorder")
                {
                    var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                    total += double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return total;
    }

    /// <summary>
    /// The calling thread's CPU time in nanoseconds (Linux: the first field of <c>/proc/thread-self/schedstat</c>), or
    /// NaN elsewhere: on a machine shared with other work it says what the call costs its thread, without the waits.
    /// </summary>
    private static double ThreadCpuNanoseconds()
    {
        try
        {
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }
}

/// <summary>The demo shape's features one at a time (diagnostic, for <c>call-alloc</c>).</summary>
public interface IDemoPieces
{
    /// <summary>Issue #11's shape with the demo's two series: retries, one learnable, a double result.</summary>
    [Poet(Retries = 2)]
    double Retries(double[] reference, double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>Plus a result object, linked for feedback.</summary>
    [Poet(Retries = 2)]
    BenchReport Linked(double[] reference, double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>Plus the ml_monitoring rules on both series and on the result.</summary>
    [Poet(Domain = "ml_monitoring", Retries = 2)]
    BenchReport Domain(double[] reference, double[] current, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>Plus the cooperative timeout: the demo's shape.</summary>
    [Poet(Domain = "ml_monitoring", Retries = 2, TimeoutMs = 1000, CooperativeTimeout = true)]
    BenchReport Demo(double[] reference, double[] current, CancellationToken cancellationToken, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);

    /// <summary>The cooperative timeout without the domain rules, with a double result.</summary>
    [Poet(Retries = 2, TimeoutMs = 1000, CooperativeTimeout = true)]
    double Timeout(double[] reference, double[] current, CancellationToken cancellationToken, [Learnable(Min = 0.1, Max = 10)] double threshold = 3.0);
}

/// <summary>The demo's detector arithmetic behind each of <see cref="IDemoPieces"/>' shapes.</summary>
public sealed class DemoPieces : IDemoPieces
{
    /// <inheritdoc />
    public double Retries(double[] reference, double[] current, double threshold = 3.0) => current[^1] - reference[^1];

    /// <inheritdoc />
    public BenchReport Linked(double[] reference, double[] current, double threshold = 3.0) => Report(reference, current, threshold);

    /// <inheritdoc />
    public BenchReport Domain(double[] reference, double[] current, double threshold = 3.0) => Report(reference, current, threshold);

    /// <inheritdoc />
    public BenchReport Demo(double[] reference, double[] current, CancellationToken cancellationToken, double threshold = 3.0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Report(reference, current, threshold);
    }

    /// <inheritdoc />
    public double Timeout(double[] reference, double[] current, CancellationToken cancellationToken, double threshold = 3.0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return current[^1] - reference[^1];
    }

    private static BenchReport Report(double[] reference, double[] current, double threshold)
    {
        var score = current[^1] - reference[^1];
        return new BenchReport { Score = score, Drift = score > threshold };
    }
}
