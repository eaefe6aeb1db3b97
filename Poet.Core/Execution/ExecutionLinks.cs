using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Poet;

/// <summary>
/// Links result objects to the execution that produced them, without keeping them alive, so that feedback on a
/// result finds its execution. Value types and strings are not linked (use <see cref="PoetContext.LastExecutionId"/>).
/// </summary>
/// <remarks>
/// A link is the result object and the execution id text the call already holds: nothing is allocated per call
/// beyond the weak table's own entry. The interceptor decides per method, when it compiles it, whether results can be
/// linked at all (methods returning value types, strings or nothing never pay for a lookup).
/// </remarks>
public sealed class ExecutionLinks
{
    private readonly ConditionalWeakTable<object, string> _links = new();

    /// <summary>The container's replayable functions (shared, like the links, by the interceptor and learning).</summary>
    internal FunctionReplays Replays { get; } = new();

    /// <summary>Links <paramref name="result"/> to its execution; ignores null, value types and strings.</summary>
    /// <param name="result">The object a POET call returned.</param>
    /// <param name="id">The execution that produced it.</param>
    public void Link(object? result, ExecutionId id)
    {
        if (result is null || result is string || result.GetType().IsValueType || id.Value.Length == 0)
        {
            return;
        }

        _links.AddOrUpdate(result, id.Value);
    }

    /// <summary>Finds the execution that produced <paramref name="result"/>.</summary>
    /// <param name="result">An object returned by a POET call.</param>
    /// <param name="id">The execution's id, when linked.</param>
    /// <returns><see langword="true"/> when the object is linked.</returns>
    public bool TryGet(object result, [NotNullWhen(true)] out ExecutionId? id)
    {
        if (_links.TryGetValue(result, out var value) && ExecutionId.TryParse(value, out var parsed))
        {
            id = parsed;
            return true;
        }

        id = null;
        return false;
    }
}
