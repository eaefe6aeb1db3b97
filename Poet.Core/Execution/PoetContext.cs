namespace Poet;

/// <summary>Ambient POET information for the current async flow.</summary>
public static class PoetContext
{
    // The id's text, not the id: an ExecutionId? would be boxed (24 B) on every POET call.
    private static readonly AsyncLocal<string?> Last = new();

    /// <summary>
    /// The id of the last POET call made in the current async flow, or null when none was made. Use it to send
    /// feedback on results that are value types or shared objects.
    /// </summary>
    public static ExecutionId? LastExecutionId
    {
        get => Last.Value is { } text ? ExecutionId.FromValid(text) : null;
        internal set => Last.Value = value?.Value;
    }
}
