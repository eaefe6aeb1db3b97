using System.Text;
using Microsoft.Extensions.Logging;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// Turns execution records into <see cref="ExecutionRow"/>s with the file store's JSON line format (same limits on
/// recorded values, same defensive writer), so a record reads back the same from either backend. Not thread-safe:
/// one per writer loop.
/// </summary>
internal sealed partial class ExecutionRowWriter(RecordedValueLimits limits, ILogger logger) : IDisposable
{
    private readonly ExecutionBatch _batch = new(new SafeValueWriter(limits), logger);

    /// <summary>Converts records, skipping (and logging) any whose id is not a valid execution id.</summary>
    /// <param name="records">The records.</param>
    /// <param name="rows">Receives the rows.</param>
    public void Convert(IEnumerable<ExecutionRecord> records, List<ExecutionRow> rows)
    {
        foreach (var record in records)
        {
            if (!ExecutionKey.TryFrom(record.Id, out var key))
            {
                LogBadId(logger, record.FunctionId);
                continue;
            }

            if (Serialize(record) is not { } line)
            {
                continue;
            }

            rows.Add(new ExecutionRow(
                ExecutionUuid.FromKey(key),
                ExecutionUuid.Day(key),
                record.FunctionId,
                record.Version,
                record.StartedAt.ToUniversalTime(),
                record.Outcome.ToString(),
                double.IsFinite(record.DurationMs) ? record.DurationMs : 0,
                line));
        }
    }

    /// <inheritdoc />
    public void Dispose() => _batch.Dispose();

    /// <summary>The record as the file store's JSON line, written by the recorder's own batch serializer.</summary>
    /// <returns><see langword="null"/> when not even the markers could be written (the batch logged it).</returns>
    private string? Serialize(ExecutionRecord record)
    {
        _batch.Clear();
        if (!_batch.Add(new RecordParts(record)))
        {
            return null;
        }

        return Encoding.UTF8.GetString(_batch[0].Line.Span);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET skipped an execution record of {FunctionId} with an invalid execution id")]
    private static partial void LogBadId(ILogger logger, string functionId);
}
