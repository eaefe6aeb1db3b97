namespace Poet.Cli.Backends;

/// <summary>One function as <c>poet functions</c> shows it (the <c>--json</c> shape: <c>functionId</c>, <c>currentVersion</c>, <c>parameters</c>).</summary>
/// <param name="FunctionId">The function id.</param>
/// <param name="CurrentVersion">The current version.</param>
/// <param name="Parameters">The current version's learned values.</param>
internal sealed record FunctionRow(string FunctionId, int CurrentVersion, IReadOnlyDictionary<string, double> Parameters);

/// <summary>One function with all its versions (<c>poet show</c>).</summary>
/// <param name="FunctionId">The function id.</param>
/// <param name="CurrentVersion">The current version.</param>
/// <param name="Parameters">The current version's learned values.</param>
/// <param name="Versions">Every version, oldest first.</param>
internal sealed record FunctionDetails(string FunctionId, int CurrentVersion, IReadOnlyDictionary<string, double> Parameters, IReadOnlyList<VersionRow> Versions);

/// <summary>One version: its values and why it was written.</summary>
/// <param name="Version">The version number.</param>
/// <param name="IsCurrent">Whether it is current.</param>
/// <param name="Parent">The version it was derived from.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Parameters">Its learned values.</param>
/// <param name="Kind"><c>initial</c>, <c>feedback</c> or <c>rollback</c>.</param>
/// <param name="FeedbackIds">The feedback that produced it.</param>
/// <param name="Rationale">Why, in words.</param>
internal sealed record VersionRow(int Version, bool IsCurrent, int? Parent, DateTimeOffset? CreatedAt, IReadOnlyDictionary<string, double> Parameters,
    string Kind, IReadOnlyList<string> FeedbackIds, string Rationale);
