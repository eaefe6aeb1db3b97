namespace Poet.AspNetCore;

/// <summary>One POET function with all its versions (<c>GET /poet/functions/{id}</c>, and the answer to a rollback).</summary>
public sealed record FunctionDetailResponse
{
    /// <summary>The function id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The version calls run with now.</summary>
    public required int CurrentVersion { get; init; }

    /// <summary>The current version's learned parameter values, by parameter name.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>Every version, ascending, with its values and why it was written.</summary>
    public required IReadOnlyList<FunctionVersionResponse> Versions { get; init; }
}
