namespace Poet.AspNetCore;

/// <summary>One version of a POET function.</summary>
public sealed record FunctionVersionResponse
{
    /// <summary>The version number, from 1.</summary>
    public required int Version { get; init; }

    /// <summary>Whether calls run with this version now.</summary>
    public required bool IsCurrent { get; init; }

    /// <summary>The version it was derived from (null for version 1, or when the store cannot say).</summary>
    public int? Parent { get; init; }

    /// <summary>When it was written (UTC), when the store can say.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Its learned parameter values, when the store can say.</summary>
    public IReadOnlyDictionary<string, double>? Parameters { get; init; }

    /// <summary>Why it was written, when the store can say.</summary>
    public VersionReasonResponse? Reason { get; init; }
}
