namespace Poet.Cli.Import;

/// <summary>
/// What <c>poet import</c> did (the <c>--json</c> shape): rows applied, skipped as already applied, rejected (with
/// line numbers and reasons), and the versions written per function.
/// </summary>
internal sealed class ImportSummary
{
    /// <summary>The file imported.</summary>
    public required string File { get; init; }

    /// <summary>Rows read (blank lines not counted).</summary>
    public long Rows { get; set; }

    /// <summary>Rows applied (translated and given to the trainer).</summary>
    public long Applied { get; set; }

    /// <summary>Rows whose feedback had been applied before (same feedback_id, or same execution and feedback): skipped.</summary>
    public long AlreadyApplied { get; set; }

    /// <summary>Rows rejected; see <see cref="Errors"/>.</summary>
    public long Rejected => Errors.Count;

    /// <summary>The versions written, per function id (one per batch that moved a value).</summary>
    public SortedDictionary<string, List<int>> VersionsWritten { get; } = new(StringComparer.Ordinal);

    /// <summary>The rejected rows.</summary>
    public List<ImportError> Errors { get; } = [];
}

/// <summary>One rejected row.</summary>
/// <param name="Line">The line number in the file.</param>
/// <param name="ExecutionId">The row's execution id, when it had a valid one.</param>
/// <param name="Error">What is wrong and how to fix it.</param>
internal sealed record ImportError(long Line, string? ExecutionId, string Error);
