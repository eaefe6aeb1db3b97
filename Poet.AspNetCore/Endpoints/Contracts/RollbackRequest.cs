namespace Poet.AspNetCore;

/// <summary>The body of <c>POST /poet/functions/{id}/rollback</c>.</summary>
public sealed record RollbackRequest
{
    /// <summary>The version to make current again (an integer from 1; see the function's <c>versions</c>).</summary>
    public required int Version { get; init; }
}
