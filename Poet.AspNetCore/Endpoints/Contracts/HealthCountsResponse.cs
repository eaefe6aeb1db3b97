namespace Poet.AspNetCore;

/// <summary>How much the POET store holds.</summary>
public sealed record HealthCountsResponse
{
    /// <summary>Functions known to the store.</summary>
    public required int Functions { get; init; }

    /// <summary>Versions written, over all functions.</summary>
    public required int Versions { get; init; }
}
