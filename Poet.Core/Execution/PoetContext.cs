namespace Poet;

/// <summary>Ambient POET information for the current async flow.</summary>
public static class PoetContext
{
    private static readonly AsyncLocal<ExecutionId?> Last = new();

    /// <summary>
    /// The id of the last POET call made in the current async flow, or null when none was made. Use it to send
    /// feedback on results that are value types or shared objects.
    /// </summary>
    public static ExecutionId? LastExecutionId
    {
        get => Last.Value;
        internal set => Last.Value = value;
    }
}
