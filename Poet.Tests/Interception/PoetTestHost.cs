using System.Collections.Concurrent;
using Autofac;

namespace Poet.Tests.Interception;

/// <summary>Builds real Autofac containers with POET and captures what the interceptor records.</summary>
public static class PoetTestHost
{
    public static IContainer Build(Action<ContainerBuilder> register, Action<PoetOptions>? configure = null, IExecutionRecorder? recorder = null)
    {
        var builder = new ContainerBuilder();
        builder.AddPoet(o =>
        {
            o.StorePath = TempStore.NewPath();
            o.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        if (recorder is not null)
        {
            builder.RegisterInstance(recorder).As<IExecutionRecorder>();
        }

        register(builder);
        return builder.Build();
    }
}

/// <summary>Keeps every record handed over.</summary>
public sealed class CapturingRecorder : IExecutionRecorder
{
    public ConcurrentQueue<ExecutionRecord> Records { get; } = new();

    public ExecutionRecord Single(string functionId) => Records.Single(r => r.FunctionId == functionId);

    public bool TryRecord(ExecutionRecord record)
    {
        Records.Enqueue(record);
        return true;
    }
}

/// <summary>A recorder that always fails.</summary>
public sealed class ThrowingRecorder : IExecutionRecorder
{
    public int Calls;

    public bool TryRecord(ExecutionRecord record)
    {
        Interlocked.Increment(ref Calls);
        throw new InvalidOperationException("disk on fire");
    }
}
