namespace Poet.Cli.Import;

/// <summary>One row of a delayed-feedback file: the feedback, or why the row cannot be used.</summary>
/// <param name="Line">The row's line number in the file (from 1, the header is line 1 in a CSV).</param>
/// <param name="Item">The feedback, or null when the row is bad.</param>
/// <param name="Error">Why the row is bad (null when it is good).</param>
internal sealed record ImportRow(long Line, FeedbackItem? Item, string? Error)
{
    /// <summary>A bad row.</summary>
    /// <param name="line">The line number.</param>
    /// <param name="error">What is wrong and how to fix it.</param>
    /// <returns>The row.</returns>
    public static ImportRow Bad(long line, string error) => new(line, null, error);
}
