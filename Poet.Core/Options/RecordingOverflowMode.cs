namespace Poet;

/// <summary>What happens when execution records arrive faster than the store takes them (<see cref="PoetOptions.RecordingOverflow"/>).</summary>
public enum RecordingOverflowMode
{
    /// <summary>
    /// The default: the caller never waits. A record that finds the recorder's buffer full is dropped, counted in
    /// <c>poet.records.dropped</c> and reported in the log at most once a minute.
    /// </summary>
    Drop = 0,

    /// <summary>The caller waits until the buffer has room: nothing is lost, and calls slow down to the store's pace.</summary>
    Block = 1,
}
