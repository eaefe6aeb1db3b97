using System.Globalization;
using System.Runtime;

namespace Poet.Benchmarks;

/// <summary>
/// What the runtime itself did during a measured part of a run: methods compiled and the time the JIT took (all
/// threads), garbage collections by generation and the time they paused the process. Taken after a warm-up, it shows
/// whether the measured part still paid for start-up work.
/// </summary>
internal readonly record struct RuntimeWork(TimeSpan Jit, long JitMethods, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    /// <summary>A warm-up round compiling fewer methods than this counts as the end of the JIT's work (tiers, PGO instrumentation).</summary>
    public const int QuietJitMethods = 5;

    /// <summary>Methods the JIT has compiled so far (all threads).</summary>
    public static long CompiledMethods => JitInfo.GetCompiledMethodCount(currentThread: false);

    /// <summary>The counters now.</summary>
    public static RuntimeWork Now() => new(
        JitInfo.GetCompilationTime(currentThread: false), JitInfo.GetCompiledMethodCount(currentThread: false),
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>Describes what happened between <paramref name="before"/> and now.</summary>
    public static string Since(RuntimeWork before)
    {
        var now = Now();
        return string.Create(CultureInfo.InvariantCulture,
            $"JIT {(now.Jit - before.Jit).TotalMilliseconds:F0} ms ({now.JitMethods - before.JitMethods:N0} methods); GCs {now.Gen0 - before.Gen0}/{now.Gen1 - before.Gen1}/{now.Gen2 - before.Gen2} (gen0/1/2) pausing {(now.Paused - before.Paused).TotalMilliseconds:F0} ms");
    }
}
