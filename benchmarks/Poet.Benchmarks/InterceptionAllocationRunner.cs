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

            var now = DateTimeOffset.UtcNow;
            Report("piece: ExecutionId.New (id text)", () => ExecutionId.New(now));
            Report("piece: PoetContext.LastExecutionId = id", () => PoetContext.LastExecutionId = ExecutionId.New(now));
            Report("piece: DateTimeOffset.UtcNow + Stopwatch", () => DateTimeOffset.UtcNow.Ticks + Stopwatch.GetTimestamp());
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

        var before = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        watch.Stop();
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
        Console.WriteLine($"{name,-55} {bytes,8:F1} B/call {watch.Elapsed.TotalNanoseconds / Calls,8:F0} ns/call (includes the delegate)");
    }
}
