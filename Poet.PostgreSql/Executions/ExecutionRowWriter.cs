using System.Text;
using System.Text.Json;
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
    private readonly SafeValueWriter _values = new(limits);
    private readonly PooledBufferWriter _buffer = new(4096);
    private Utf8JsonWriter? _json;

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

            rows.Add(new ExecutionRow(
                ExecutionUuid.FromKey(key),
                ExecutionUuid.Day(key),
                record.FunctionId,
                record.Version,
                record.StartedAt.ToUniversalTime(),
                record.Outcome.ToString(),
                double.IsFinite(record.DurationMs) ? record.DurationMs : 0,
                Serialize(record)));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _json?.Dispose();
        _buffer.Dispose();
    }

    private string Serialize(ExecutionRecord record)
    {
        try
        {
            return Write(record, safeValues: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An argument or result that cannot be written: keep the execution, with markers instead of its values.
            LogValuesFailed(logger, record.FunctionId, record.Id.Value, ex);
            return Write(record, safeValues: false);
        }
    }

    private string Write(ExecutionRecord record, bool safeValues)
    {
        _buffer.Truncate(0);
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer, StoreJson.WriterOptions(indented: false));
        }
        else
        {
            _json.Reset(_buffer);
        }

        ExecutionLine.Write(_json, record, _values, safeValues);
        _json.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET skipped an execution record of {FunctionId} with an invalid execution id")]
    private static partial void LogBadId(ILogger logger, string functionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET recorded execution {ExecutionId} of {FunctionId} without its values: they could not be written as JSON")]
    private static partial void LogValuesFailed(ILogger logger, string functionId, string executionId, Exception exception);
}
