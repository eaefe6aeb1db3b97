using System.Diagnostics.CodeAnalysis;

namespace Poet;

/// <summary>
/// Links result objects to the execution that produced them, without keeping them alive, so that feedback on a
/// result finds its execution. Value types and strings are not linked (use <see cref="PoetContext.LastExecutionId"/>).
/// </summary>
/// <remarks>
/// A link is the result object and the execution's key (the id as a number), kept in a bounded table of weak handles
/// that are allocated once and re-pointed (<see cref="WeakResultTable"/>): nothing is allocated per call, and the
/// garbage collector scans at most a few thousand weak handles instead of a dependent handle per call (a
/// <c>ConditionalWeakTable</c> entry). A result keeps its link while it lives unless more than <see cref="ReachHint"/>
/// newer linked results are alive at the same time; ids (<see cref="PoetContext.LastExecutionId"/>) never expire. The interceptor
/// decides per method, when it compiles it, whether results can be linked at all (methods returning value types,
/// strings or nothing never pay for it).
/// </remarks>
public sealed class ExecutionLinks
{
    private readonly WeakResultTable _links = new();

    /// <summary>How many linked results can be alive at once before the oldest may lose their links (for messages).</summary>
    internal const int ReachHint = WeakResultTable.MaxSlots / 4;

    /// <summary>The container's replayable functions (shared, like the links, by the interceptor and learning).</summary>
    internal FunctionReplays Replays { get; } = new();

    /// <summary>Links <paramref name="result"/> to its execution; ignores null, value types and strings.</summary>
    /// <param name="result">The object a POET call returned.</param>
    /// <param name="id">The execution that produced it.</param>
    public void Link(object? result, ExecutionId id)
    {
        if (Storage.FileStore.ExecutionKey.TryFrom(id, out var key))
        {
            Link(result, key);
        }
    }

    /// <summary>Links <paramref name="result"/> to the execution with <paramref name="key"/> (the id as a number, as calls hold it).</summary>
    /// <param name="result">The object a POET call returned.</param>
    /// <param name="key">The execution's key.</param>
    internal void Link(object? result, UInt128 key)
    {
        if (result is null || result is string || result.GetType().IsValueType)
        {
            return;
        }

        _links.Set(result, key);
    }

    /// <summary>Finds the execution that produced <paramref name="result"/>.</summary>
    /// <param name="result">An object returned by a POET call.</param>
    /// <param name="id">The execution's id, when linked.</param>
    /// <returns><see langword="true"/> when the object is linked.</returns>
    public bool TryGet(object result, [NotNullWhen(true)] out ExecutionId? id)
    {
        if (_links.TryGet(result, out var key))
        {
            id = ExecutionId.FromKey(key);
            return true;
        }

        id = null;
        return false;
    }
}
