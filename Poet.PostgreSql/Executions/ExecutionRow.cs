namespace Poet.PostgreSql.Executions;

/// <summary>One execution ready for COPY: its uuid, the indexed columns and the record as one JSON document.</summary>
/// <param name="Id">The execution id as a uuid.</param>
/// <param name="Day">The UTC day of the id (its partition).</param>
/// <param name="FunctionId">The function id.</param>
/// <param name="Version">The function version the call ran with.</param>
/// <param name="StartedAt">When the call started (UTC).</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="DurationMs">The call's duration.</param>
/// <param name="Json">The record as the file store's JSON line, UTF-8 without the newline (readable with psql: <c>record->>'result'</c>); valid while the batch it came from is.</param>
internal readonly record struct ExecutionRow(Guid Id, long Day, string FunctionId, int Version, DateTimeOffset StartedAt, string Outcome, double DurationMs, ReadOnlyMemory<byte> Json);
