namespace Poet;

/// <summary>Ambient POET information for the current async flow.</summary>
public static class PoetContext
{
    // The id's number in a small immutable object (32 B): neither the id's text nor a boxed ExecutionId? is made per call.
    private static readonly AsyncLocal<LastId?> Last = new();

    /// <summary>
    /// The id of the last POET call made in the current async flow, or null when none was made. Use it to send
    /// feedback on results that are value types or shared objects.
    /// </summary>
    public static ExecutionId? LastExecutionId
    {
        get => Last.Value is { } last ? ExecutionId.FromKey(new UInt128(last.Upper, last.Lower)) : null;
        internal set => Last.Value = value is { } id && id.TryGetKey(out var key) ? new LastId(key) : null;
    }

    /// <summary>Sets <see cref="LastExecutionId"/> from an execution's key (what a call holds instead of the id's text).</summary>
    /// <param name="key">The execution's key.</param>
    internal static void SetLast(UInt128 key) => Last.Value = new LastId(key);

    /// <summary>An immutable id number: each flow that sees it sees the same id, whatever later calls of other flows do.</summary>
    private sealed class LastId(UInt128 key)
    {
        public ulong Upper { get; } = (ulong)(key >> 64);

        public ulong Lower { get; } = (ulong)key;
    }
}
