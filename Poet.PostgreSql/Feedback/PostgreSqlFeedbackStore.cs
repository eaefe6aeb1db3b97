using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Poet.PostgreSql.Connection;
using Poet.PostgreSql.Functions;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Feedback;

/// <summary>
/// <see cref="IFeedbackStore"/> over <c>poet.feedback</c>: the raw payload verbatim as text (cut with the file store's
/// marker beyond <see cref="PoetOptions.MaxStoredFeedbackChars"/>), the normalized form, the signal and the changes as
/// jsonb, and the version the feedback produced.
/// </summary>
/// <remarks>
/// <para>A function's newest records are kept in memory (<see cref="RecentFeedbackCache"/>): learning reads them on every
/// feedback. Each write sends a <c>poet_changes</c> notice in its transaction, so other instances drop their copy.</para>
/// <para>A record without a signal (a feedback just received, before translation and training) commits without waiting
/// for its WAL to reach the disk (<c>synchronous_commit = off</c> for that transaction): the feedback path writes the
/// record again with its signal, synchronously, and that commit flushes the WAL up to it, the first write included,
/// before the feedback is answered. Killing the process in between loses nothing (the database has committed); a crash
/// of the database server itself within its WAL writer delay (0.2-0.6 s) can lose the first write of a feedback that was
/// not answered yet, which the sender then delivers again.</para>
/// </remarks>
internal sealed class PostgreSqlFeedbackStore(NpgsqlDataSource dataSource, PostgreSqlTarget target, PoetOptions options, string origin) : IFeedbackStore
{
    private const string Columns =
        "id, execution_id, function_id, received_at, raw, raw_truncated, raw_size, normalized::text, signal::text, produced_version, changes::text, raw_truncated_reason";
    private readonly int _maxRawChars = Math.Max(0, options.MaxStoredFeedbackChars);
    private readonly RecentFeedbackCache _recent = new();

    /// <summary>Another instance wrote feedback of a function: drops the function's kept records.</summary>
    /// <param name="functionId">The function.</param>
    internal void ChangedElsewhere(string functionId) => _recent.Forget(functionId);

    /// <summary>Notices may have been missed: drops every kept record.</summary>
    internal void ForgetKept() => _recent.ForgetAll();

    /// <inheritdoc />
    public async Task SaveAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var raw = record.RawJson ?? "null";
        var size = Math.Max(record.RawSize, raw.Length);
        var truncated = record.RawTruncated || raw.Length > _maxRawChars;
        var storedRaw = raw.Length > _maxRawChars ? FeedbackDocument.Truncate(raw, _maxRawChars, size) : raw;
        // Why it was cut or marked, as the file store says it (kept only for a truncated payload).
        var why = truncated ? record.RawTruncatedReason ?? (raw.Length > _maxRawChars ? $"longer than MaxStoredFeedbackChars ({_maxRawChars})" : null) : null;
        why = why is null ? null : Unicode.WithoutLoneSurrogates(why);
        try
        {
            using var batch = dataSource.CreateBatch();
            if (record.Signal is null)
            {
                // For this transaction only (one implicit transaction: the batch is sent with one Sync); see the remarks.
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
            }

            var command = new NpgsqlBatchCommand("""
                INSERT INTO poet.feedback (id, execution_id, function_id, received_at, raw, raw_truncated, raw_size, normalized, signal, produced_version, changes, raw_truncated_reason)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                ON CONFLICT (id) DO UPDATE SET execution_id = excluded.execution_id, function_id = excluded.function_id,
                    received_at = excluded.received_at, raw = excluded.raw, raw_truncated = excluded.raw_truncated,
                    raw_size = excluded.raw_size, normalized = excluded.normalized, signal = excluded.signal,
                    produced_version = excluded.produced_version, changes = excluded.changes, raw_truncated_reason = excluded.raw_truncated_reason
                """);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<string> { TypedValue = record.Id });
            p.Add(new NpgsqlParameter<string> { TypedValue = record.ExecutionId.Value });
            p.Add(new NpgsqlParameter<string> { TypedValue = record.FunctionId });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = record.ReceivedAt.ToUniversalTime() });
            p.Add(new NpgsqlParameter<string> { TypedValue = storedRaw });
            p.Add(new NpgsqlParameter<bool> { TypedValue = truncated });
            p.Add(new NpgsqlParameter<long> { TypedValue = size });
            p.Add(JsonOrNull(record.Normalized is null ? null : JsonSerializer.Serialize(record.Normalized, StoreJson.Compact.NormalizedFeedback)));
            p.Add(JsonOrNull(record.Signal is null ? null : JsonSerializer.Serialize(record.Signal, StoreJson.Compact.LearningSignal)));
            p.Add(new NpgsqlParameter { Value = record.ProducedVersion is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            p.Add(JsonOrNull(JsonSerializer.Serialize(record.Changes, StoreJson.Compact.IReadOnlyListParameterChange)));
            p.Add(new NpgsqlParameter { Value = why is null ? DBNull.Value : why, NpgsqlDbType = NpgsqlDbType.Text });
            batch.BatchCommands.Add(command);
            var notice = new NpgsqlBatchCommand($"SELECT pg_notify('{ChangeNotice.Channel}', {ChangeNotice.PayloadSql("$1", ChangeNotice.Feedback, "$2")})");
            notice.Parameters.Add(new NpgsqlParameter<string> { TypedValue = origin });
            notice.Parameters.Add(new NpgsqlParameter<string> { TypedValue = record.FunctionId });
            batch.BatchCommands.Add(notice);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(target, "store feedback " + record.Id, ex);
        }

        // As a read would return it: the stored raw text, microsecond time, no key (not a column).
        _recent.Saved(record with
        {
            RawJson = storedRaw,
            RawTruncated = truncated,
            RawSize = size,
            RawTruncatedReason = why,
            IdempotencyKey = null,
            ReceivedAt = new DateTimeOffset(record.ReceivedAt.UtcTicks - (record.ReceivedAt.UtcTicks % 10), TimeSpan.Zero),
            Changes = record.Changes ?? [],
        });
    }

    /// <inheritdoc />
    public async Task<FeedbackRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var found = await QueryAsync($"SELECT {Columns} FROM poet.feedback WHERE id = $1", id, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FeedbackRecord>> ListAsync(string functionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        return await QueryAsync($"SELECT {Columns} FROM poet.feedback WHERE function_id = $1 ORDER BY received_at, id", functionId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// From memory when this instance read them before and no other instance wrote the function's feedback since;
    /// otherwise one index range scan (<c>feedback_function</c>: function, time, id) read backwards.
    /// </remarks>
    public async Task<IReadOnlyList<FeedbackRecord>> ListRecentAsync(string functionId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (_recent.TryGet(functionId, limit, out var kept))
        {
            return kept;
        }

        var generation = _recent.Generation;
        var newest = await QueryAsync(
            $"SELECT {Columns} FROM poet.feedback WHERE function_id = $1 ORDER BY received_at DESC, id DESC LIMIT {limit}", functionId, cancellationToken)
            .ConfigureAwait(false);
        newest.Reverse();
        _recent.Keep(functionId, limit, newest, generation);
        return newest;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A keyed feedback's id is <see cref="FeedbackKeys.IdFor"/> of its key (128 bits of SHA-256), so the lookup is by
    /// primary key and needs no column of its own.
    /// </remarks>
    public async Task<FeedbackRecord?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        var record = await FindAsync(FeedbackKeys.IdFor(idempotencyKey), cancellationToken).ConfigureAwait(false);
        return record is null ? null : record with { IdempotencyKey = idempotencyKey };
    }

    private async Task<List<FeedbackRecord>> QueryAsync(string sql, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var records = new List<FeedbackRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(Read(reader));
            }

            return records;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(target, "read feedback", ex);
        }
    }

    private static FeedbackRecord Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        ExecutionId = ExecutionId.Parse(reader.GetString(1)),
        FunctionId = reader.GetString(2),
        ReceivedAt = reader.GetFieldValue<DateTimeOffset>(3),
        RawJson = reader.GetString(4),
        RawTruncated = reader.GetBoolean(5),
        RawSize = reader.GetInt64(6),
        Normalized = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize(reader.GetString(7), StoreJson.Compact.NormalizedFeedback),
        Signal = reader.IsDBNull(8) ? null : JsonSerializer.Deserialize(reader.GetString(8), StoreJson.Compact.LearningSignal),
        ProducedVersion = reader.IsDBNull(9) ? null : reader.GetInt32(9),
        Changes = reader.IsDBNull(10) ? [] : JsonSerializer.Deserialize(reader.GetString(10), StoreJson.Compact.IReadOnlyListParameterChange) ?? [],
        RawTruncatedReason = reader.IsDBNull(11) ? null : reader.GetString(11),
    };

    private static NpgsqlParameter JsonOrNull(string? json) =>
        new() { Value = json is null ? DBNull.Value : json, NpgsqlDbType = NpgsqlDbType.Jsonb };
}
