using System.Runtime.CompilerServices;

namespace Poet;

/// <summary>
/// Links result objects to the execution that produced them, without keeping them alive, so that feedback on a
/// result finds its execution. Value types and strings are not linked (use <see cref="PoetContext.LastExecutionId"/>).
/// </summary>
public sealed class ExecutionLinks
{
    private readonly ConditionalWeakTable<object, ExecutionRecord> _links = new();

    /// <summary>Links <paramref name="result"/> to its execution record; ignores null, value types and strings.</summary>
    /// <param name="result">The object a POET call returned.</param>
    /// <param name="record">The execution that produced it.</param>
    public void Link(object? result, ExecutionRecord record)
    {
        if (result is null || result is string || result.GetType().IsValueType)
        {
            return;
        }

        _links.AddOrUpdate(result, record);
    }

    /// <summary>Finds the execution that produced <paramref name="result"/>.</summary>
    /// <param name="result">An object returned by a POET call.</param>
    /// <param name="record">The execution record, when linked.</param>
    /// <returns><see langword="true"/> when the object is linked.</returns>
    public bool TryGet(object result, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ExecutionRecord? record) =>
        _links.TryGetValue(result, out record);
}
