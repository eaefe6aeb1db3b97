using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Poet.PostgreSql.Connection;

namespace Poet.PostgreSql.Functions;

/// <summary>
/// <see cref="IFunctionStore"/> over <c>poet.functions</c>, <c>poet.versions</c> and <c>poet.history</c>. Version numbers
/// are allocated in a transaction that locks the function's row, so however many processes give feedback at once
/// every number is used exactly once and none is skipped (an aborted transaction writes nothing). Every change of a
/// current version sends a <c>poet_versions</c> notice in the same transaction; each store instance keeps the current
/// versions it has read in memory and updates them from those notices, so <see cref="GetCurrent"/> never polls the
/// database. <see cref="Changed"/> is raised for changes made by this instance and by every other process.
/// </summary>
/// <remarks>
/// A new version is written in one round trip (<c>poet.append_version</c>, which commits with the statement) when this
/// instance's view of the function is current: <c>derive</c> runs on the version held in memory, and the database
/// function checks under the row lock that the function's revision and newest version number are still the ones that
/// view had. When another process changed the function first, nothing is written and the version is derived again
/// inside a transaction that locks the row and reads the current version (four round trips). Plans and train specs
/// are kept in memory per version; a train spec replaced by another process is dropped from memory on its
/// <c>poet_changes</c> notice.
/// <para>A version written for feedback (its reason names feedback ids) commits without waiting for its WAL to reach
/// the disk: the feedback path stores the feedback with its signal and the version it produced right after, in a
/// synchronous commit that flushes the WAL up to it, this version included, before the feedback is answered; so a
/// feedback costs one wait for the disk, not two. Killing the app in between loses nothing the database committed (its
/// WAL writer flushes within 0.2-0.6 s); a crash of the database server within that window loses the version together
/// with the feedback nobody was answered for (other instances may have run it meanwhile: after the crash they
/// reconnect and read the current version again). Rollbacks and versions without feedback commit synchronously.</para>
/// </remarks>
internal sealed partial class PostgreSqlFunctionStore : IFunctionStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlTarget _target;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Current> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string FunctionId, int Version), FunctionVersion> _versions = new();
    private readonly ConcurrentDictionary<(string FunctionId, int Version), FunctionPlan> _plans = new();
    private readonly ConcurrentDictionary<(string FunctionId, int Version), TrainSpec> _trainSpecs = new();
    private readonly VersionListener _listener;
    private readonly string _origin;
    private readonly Action<ChangeNotice> _otherChange;
    private readonly Action _caughtUp;
    private long _trainSpecEpoch;

    /// <summary>Creates the store; <see cref="StartAsync"/> starts listening for other processes' versions.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="target">The database, for messages.</param>
    /// <param name="origin">This store instance's origin in <see cref="ChangeNotice"/>s.</param>
    /// <param name="otherChange">Receives other instances' change notices this store does not handle itself (feedback).</param>
    /// <param name="caughtUp">Called after each (re)connect of the listener: notices may have been missed meanwhile.</param>
    /// <param name="logger">Where failures to apply notices are logged.</param>
    public PostgreSqlFunctionStore(NpgsqlDataSource dataSource, PostgreSqlTarget target, string origin, Action<ChangeNotice> otherChange, Action caughtUp, ILogger logger)
    {
        _dataSource = dataSource;
        _target = target;
        _logger = logger;
        _origin = origin;
        _otherChange = otherChange;
        _caughtUp = caughtUp;
        _listener = new VersionListener(dataSource, target, CatchUpAsync, OnNotice, OnChange, logger);
    }

    /// <inheritdoc />
    public event EventHandler<FunctionChangedEventArgs>? Changed;

    /// <summary>The notice listener (tests check reconnects through it).</summary>
    internal VersionListener Listener => _listener;

    /// <summary>Starts listening for version notices.</summary>
    /// <param name="cancellationToken">Cancels waiting for the first connection.</param>
    /// <returns>A task that completes when notices arrive.</returns>
    public Task StartAsync(CancellationToken cancellationToken) => _listener.StartAsync(cancellationToken);

    /// <inheritdoc />
    public IReadOnlyList<string> ListFunctions() => Run<IReadOnlyList<string>>("list functions", () =>
    {
        using var command = _dataSource.CreateCommand("SELECT function_id FROM poet.functions ORDER BY function_id COLLATE \"C\"");
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    })!;

    /// <inheritdoc />
    public FunctionVersion? GetCurrent(string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        if (_current.TryGetValue(functionId, out var known))
        {
            return known.Version;
        }

        var loaded = Run("read the current version of " + functionId, () => LoadCurrent(functionId));
        return loaded is null ? null : Remember(functionId, loaded.Value.Revision, loaded.Value.Version, loaded.Value.Latest).Version;
    }

    /// <inheritdoc />
    public FunctionVersion? GetVersion(string functionId, int version)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        if (_versions.TryGetValue((functionId, version), out var cached))
        {
            return cached;
        }

        var json = Run("read a version of " + functionId, () => Scalar<string>(
            "SELECT metadata::text FROM poet.versions WHERE function_id = $1 AND version = $2", functionId, version));
        if (json is null)
        {
            return null;
        }

        var read = FunctionJson.ReadVersion(json);
        return _versions.GetOrAdd((functionId, version), read);
    }

    /// <inheritdoc />
    public IReadOnlyList<int> GetVersions(string functionId) => Run<IReadOnlyList<int>>("list the versions of " + functionId, () =>
    {
        using var command = _dataSource.CreateCommand("SELECT version FROM poet.versions WHERE function_id = $1 ORDER BY version");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = functionId });
        using var reader = command.ExecuteReader();
        var numbers = new List<int>();
        while (reader.Read())
        {
            numbers.Add(reader.GetInt32(0));
        }

        return numbers;
    })!;

    /// <inheritdoc />
    /// <remarks>A version's plan never changes: it is read once per version and kept.</remarks>
    public FunctionPlan? GetPlan(string functionId, int version)
    {
        if (_plans.TryGetValue((functionId, version), out var cached))
        {
            return cached;
        }

        return Run("read a plan of " + functionId, () => Scalar<string>(
            "SELECT plan::text FROM poet.versions WHERE function_id = $1 AND version = $2", functionId, version)) is { } json
            ? _plans.GetOrAdd((functionId, version), FunctionJson.ReadPlan(json))
            : null;
    }

    /// <inheritdoc />
    /// <remarks>Kept per version until it is replaced (here, or by another process: its notice drops the kept one).</remarks>
    public TrainSpec? GetTrainSpec(string functionId, int version)
    {
        if (_trainSpecs.TryGetValue((functionId, version), out var cached))
        {
            return cached;
        }

        var epoch = Volatile.Read(ref _trainSpecEpoch);
        var spec = Run("read a train spec of " + functionId, () => Scalar<string>(
            "SELECT train_spec::text FROM poet.versions WHERE function_id = $1 AND version = $2", functionId, version)) is { } json
            ? FunctionJson.ReadTrainSpec(json)
            : null;

        // Kept only when no train spec was replaced meanwhile (a read that raced a replacement may hold the old one).
        if (spec is not null && Volatile.Read(ref _trainSpecEpoch) == epoch)
        {
            _trainSpecs[(functionId, version)] = spec;
        }

        return spec;
    }

    /// <inheritdoc />
    public FunctionVersion EnsureCreated(FunctionPlan plan, TrainSpec trainSpec, FunctionVersion initial)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(trainSpec);
        ArgumentNullException.ThrowIfNull(initial);
        if (GetCurrent(plan.FunctionId) is { } existing)
        {
            return existing;
        }

        var created = initial with
        {
            FunctionId = plan.FunctionId,
            Version = 1,
            Parent = null,
            CreatedAt = initial.CreatedAt == default ? DateTimeOffset.UtcNow : initial.CreatedAt,
        };
        var inserted = Run("register function " + plan.FunctionId, () =>
        {
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using (var claim = new NpgsqlCommand(
                "INSERT INTO poet.functions (function_id, current_version, revision) VALUES ($1, 1, 1) ON CONFLICT (function_id) DO NOTHING", connection))
            {
                claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = plan.FunctionId });
                if (claim.ExecuteNonQuery() == 0)
                {
                    return false; // another process registered it first (we waited for its commit)
                }
            }

            using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Command(
                "INSERT INTO poet.versions (function_id, version, parent, created_at, metadata, plan, train_spec) VALUES ($1, 1, NULL, $2, $3, $4, $5)",
                Text(plan.FunctionId), Time(created.CreatedAt), Json(FunctionJson.Write(created)), Json(FunctionJson.Write(plan)), Json(FunctionJson.Write(trainSpec))));
            batch.BatchCommands.Add(Command(
                "INSERT INTO poet.history (function_id, kind, version, previous, reason) VALUES ($1, 'initial', 1, NULL, $2)",
                Text(plan.FunctionId), Json(FunctionJson.Write(created.Reason))));
            batch.BatchCommands.Add(Command(
                $"SELECT pg_notify('{VersionNotice.Channel}', {VersionNotice.PayloadSql}) FROM poet.functions WHERE function_id = $1", Text(plan.FunctionId)));
            batch.ExecuteNonQuery();
            transaction.Commit();
            return true;
        });

        if (!inserted)
        {
            return GetCurrent(plan.FunctionId) ?? throw new PoetStoreException($"Function '{plan.FunctionId}' was registered by another process but its current version cannot be read ({_target}).");
        }

        _versions[(plan.FunctionId, 1)] = created;
        _plans[(plan.FunctionId, 1)] = plan;
        Remember(plan.FunctionId, 1, created, latest: 1);
        RaiseChanged(plan.FunctionId, 1);
        return created;
    }

    /// <inheritdoc />
    public async Task<FunctionVersion?> AppendVersionAsync(string functionId, Func<FunctionVersion, FunctionVersion?> derive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentNullException.ThrowIfNull(derive);
        if (_current.TryGetValue(functionId, out var known) && known.Latest is { } knownLatest)
        {
            var next = derive(known.Version);
            if (next is null)
            {
                // Nothing to write on the version held in memory: final when that version is still the current one.
                if (await ReadRevisionAsync(functionId, cancellationToken).ConfigureAwait(false) == known.Revision)
                {
                    return null;
                }
            }
            else
            {
                var candidate = next with { FunctionId = functionId, Version = knownLatest + 1, Parent = known.Version.Version, CreatedAt = DateTimeOffset.UtcNow };
                if (await TryAppendAsync(known.Revision, candidate, cancellationToken).ConfigureAwait(false) is { } appended)
                {
                    return Appended(candidate, appended);
                }
            }
        }

        return await AppendLockedAsync(functionId, derive, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The general path: derives the version inside a transaction that locks the function's row.</summary>
    private async Task<FunctionVersion?> AppendLockedAsync(string functionId, Func<FunctionVersion, FunctionVersion?> derive, CancellationToken cancellationToken)
    {
        FunctionVersion written;
        long revision;
        try
        {
            using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // The row lock serializes version allocation per function across every process on the database. It is
            // taken alone: a locking join would be re-checked against the old version row after waiting, and miss.
            int currentNumber;
            using (var lockRow = new NpgsqlCommand("SELECT current_version FROM poet.functions WHERE function_id = $1 FOR UPDATE", connection))
            {
                lockRow.Parameters.Add(Text(functionId));
                currentNumber = await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as int? ?? throw Unknown(functionId);
            }

            FunctionVersion current;
            int latest;
            using (var read = new NpgsqlCommand(
                "SELECT metadata::text, (SELECT max(version) FROM poet.versions WHERE function_id = $1) FROM poet.versions WHERE function_id = $1 AND version = $2",
                connection))
            {
                read.Parameters.Add(Text(functionId));
                read.Parameters.Add(Int(currentNumber));
                using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new PoetStoreException($"The current version {currentNumber} of '{functionId}' has no row in poet.versions ({_target}); roll back to an existing version.");
                }

                current = FunctionJson.ReadVersion(reader.GetString(0));
                latest = reader.GetInt32(1);
            }

            var next = derive(current);
            if (next is null)
            {
                return null;
            }

            written = next with { FunctionId = functionId, Version = latest + 1, Parent = current.Version, CreatedAt = DateTimeOffset.UtcNow };
            using var batch = new NpgsqlBatch(connection);
            var asynchronous = DurableWithItsFeedback(written);
            if (asynchronous)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(AsynchronousCommit));
            }

            // The update first, so its row (the new revision) is the reader's first result; the notice goes out at commit.
            batch.BatchCommands.Add(Command(
                $"UPDATE poet.functions SET current_version = $2, revision = revision + 1, updated_at = now() WHERE function_id = $1 RETURNING revision, pg_notify('{VersionNotice.Channel}', {VersionNotice.PayloadSql})",
                Text(functionId), Int(written.Version)));
            batch.BatchCommands.Add(Command("""
                INSERT INTO poet.versions (function_id, version, parent, created_at, metadata, plan, train_spec)
                SELECT function_id, $2, version, $3, $4, plan, train_spec FROM poet.versions WHERE function_id = $1 AND version = $5
                """, Text(functionId), Int(written.Version), Time(written.CreatedAt), Json(FunctionJson.Write(written)), Int(current.Version)));
            batch.BatchCommands.Add(Command(
                "INSERT INTO poet.history (function_id, kind, version, previous, reason) VALUES ($1, 'version', $2, $3, $4)",
                Text(functionId), Int(written.Version), Int(current.Version), Json(FunctionJson.Write(written.Reason))));
            using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (asynchronous)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }

                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                revision = reader.GetInt64(0);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, "write a new version of " + functionId, ex);
        }

        return Appended(written, revision);
    }

    private async Task<long?> ReadRevisionAsync(string functionId, CancellationToken cancellationToken)
    {
        try
        {
            using var command = _dataSource.CreateCommand("SELECT revision FROM poet.functions WHERE function_id = $1");
            command.Parameters.Add(Text(functionId));
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, "read the revision of " + functionId, ex);
        }
    }

    /// <summary>One round trip: <c>poet.append_version</c> writes the version when the function is still at <paramref name="revision"/>.</summary>
    /// <returns>The function's revision after the write, or null when another process changed the function first.</returns>
    private async Task<long?> TryAppendAsync(long revision, FunctionVersion version, CancellationToken cancellationToken)
    {
        try
        {
            // One implicit transaction: the batch goes out with one Sync, so the commit setting holds for it alone.
            using var batch = _dataSource.CreateBatch();
            var asynchronous = DurableWithItsFeedback(version);
            if (asynchronous)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(AsynchronousCommit));
            }

            batch.BatchCommands.Add(Command("SELECT revision FROM poet.append_version($1, $2, $3, $4, $5, $6)",
                Text(version.FunctionId), new NpgsqlParameter<long> { TypedValue = revision }, Int(version.Version), Time(version.CreatedAt),
                Json(FunctionJson.Write(version)), Json(FunctionJson.Write(version.Reason))));
            using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (asynchronous)
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            }

            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(0) : null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, "write a new version of " + version.FunctionId, ex);
        }
    }

    /// <summary>Sets <c>synchronous_commit = off</c> for the current transaction only.</summary>
    private const string AsynchronousCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>
    /// A version written for feedback (its reason names the feedback ids) commits without waiting for the WAL flush:
    /// the feedback path stores those feedback records with their signal right after, synchronously, and that commit
    /// flushes the WAL up to it, this version included, before the feedback is answered. See the class remarks.
    /// </summary>
    private static bool DurableWithItsFeedback(FunctionVersion version) =>
        version.Reason.Kind == "feedback" && version.Reason.FeedbackIds.Count > 0;

    private FunctionVersion Appended(FunctionVersion written, long revision)
    {
        _versions[(written.FunctionId, written.Version)] = written;
        InheritKept(written);
        Remember(written.FunctionId, revision, written, latest: written.Version);
        RaiseChanged(written.FunctionId, written.Version);
        return written;
    }

    /// <inheritdoc />
    public async Task SetCurrentAsync(string functionId, int version, VersionReason reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentNullException.ThrowIfNull(reason);
        long revision;
        try
        {
            using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            int previous;
            using (var lockRow = new NpgsqlCommand("SELECT current_version FROM poet.functions WHERE function_id = $1 FOR UPDATE", connection))
            {
                lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = functionId });
                previous = await lockRow.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as int? ?? throw Unknown(functionId);
            }

            var versions = new List<int>();
            using (var list = new NpgsqlCommand("SELECT version FROM poet.versions WHERE function_id = $1 ORDER BY version", connection))
            {
                list.Parameters.Add(new NpgsqlParameter<string> { TypedValue = functionId });
                using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(reader.GetInt32(0));
                }
            }

            if (!versions.Contains(version))
            {
                throw new KeyNotFoundException($"'{functionId}' has no version {version} (versions: {(versions.Count == 0 ? "none" : string.Join(", ", versions))}).");
            }

            using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(Command(
                $"UPDATE poet.functions SET current_version = $2, revision = revision + 1, updated_at = now() WHERE function_id = $1 RETURNING revision, pg_notify('{VersionNotice.Channel}', {VersionNotice.PayloadSql})",
                Text(functionId), Int(version)));
            batch.BatchCommands.Add(Command(
                "INSERT INTO poet.history (function_id, kind, version, previous, reason) VALUES ($1, $2, $3, $4, $5)",
                Text(functionId), Text(reason.Kind == "initial" ? "rollback" : reason.Kind), Int(version), Int(previous), Json(FunctionJson.Write(reason))));
            using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                revision = reader.GetInt64(0);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, $"make version {version} of {functionId} current", ex);
        }

        if (GetVersion(functionId, version) is { } target)
        {
            Remember(functionId, revision, target, latest: null);
        }

        RaiseChanged(functionId, version);
    }

    /// <inheritdoc />
    public async Task ReplaceTrainSpecAsync(string functionId, int version, TrainSpec trainSpec, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        ArgumentNullException.ThrowIfNull(trainSpec);
        int updated;
        try
        {
            // The notice (sent at commit) makes other instances drop the train spec they keep in memory.
            using var command = _dataSource.CreateCommand(
                $"UPDATE poet.versions SET train_spec = $3 WHERE function_id = $1 AND version = $2 RETURNING pg_notify('{ChangeNotice.Channel}', {ChangeNotice.PayloadSql("$4", ChangeNotice.TrainSpec, "function_id")})");
            command.Parameters.Add(Text(functionId));
            command.Parameters.Add(Int(version));
            command.Parameters.Add(Json(FunctionJson.Write(trainSpec)));
            command.Parameters.Add(Text(_origin));
            updated = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            ForgetTrainSpecs(functionId);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, $"replace the train spec of version {version} of {functionId}", ex);
        }

        if (updated == 0)
        {
            throw new KeyNotFoundException($"'{functionId}' has no version {version}.");
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    /// <summary>A new version carries its parent's plan and train spec (copied in the database): keeps them for it too.</summary>
    private void InheritKept(FunctionVersion version)
    {
        if (version.Parent is not { } parent)
        {
            return;
        }

        if (_plans.TryGetValue((version.FunctionId, parent), out var plan))
        {
            _plans.TryAdd((version.FunctionId, version.Version), plan);
        }

        if (_trainSpecs.TryGetValue((version.FunctionId, parent), out var spec))
        {
            _trainSpecs.TryAdd((version.FunctionId, version.Version), spec);
        }
    }

    private void ForgetTrainSpecs(string functionId)
    {
        Interlocked.Increment(ref _trainSpecEpoch);
        foreach (var key in _trainSpecs.Keys.Where(k => k.FunctionId == functionId))
        {
            _trainSpecs.TryRemove(key, out _);
        }
    }

    private void OnChange(ChangeNotice notice)
    {
        if (notice.Origin == _origin)
        {
            return; // our own change: the caches were updated when it was made
        }

        if (notice.Kind == ChangeNotice.TrainSpec)
        {
            ForgetTrainSpecs(notice.FunctionId);
        }
        else
        {
            _otherChange(notice);
        }
    }

    private (long Revision, FunctionVersion Version, int Latest)? LoadCurrent(string functionId)
    {
        using var command = _dataSource.CreateCommand("""
            SELECT f.revision, v.metadata::text, (SELECT max(version) FROM poet.versions WHERE function_id = $1) FROM poet.functions f
            JOIN poet.versions v ON v.function_id = f.function_id AND v.version = f.current_version
            WHERE f.function_id = $1
            """);
        command.Parameters.Add(Text(functionId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), FunctionJson.ReadVersion(reader.GetString(1)), reader.GetInt32(2)) : null;
    }

    /// <summary>Re-reads the current version of every function this instance knows (after a (re)connect).</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var latest = new List<VersionNotice>();
        using (var command = _dataSource.CreateCommand("SELECT function_id, revision, current_version FROM poet.functions"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                latest.Add(new VersionNotice(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2)));
            }
        }

        foreach (var notice in latest)
        {
            if (_current.TryGetValue(notice.FunctionId, out var known) && known.Revision < notice.Revision)
            {
                Apply(notice);
            }
        }

        // Change notices may have been missed while the listener was away: drop what they would have dropped.
        Interlocked.Increment(ref _trainSpecEpoch);
        _trainSpecs.Clear();
        _caughtUp();
    }

    private void OnNotice(VersionNotice notice)
    {
        if (!_current.TryGetValue(notice.FunctionId, out var known))
        {
            // Not read here yet: nothing cached to update (the first read goes to the database); just tell listeners.
            RaiseChanged(notice.FunctionId, notice.Version);
            return;
        }

        if (known.Revision >= notice.Revision)
        {
            return; // our own change, or an older notice
        }

        // Off the listener's connection: reading the version may need the database.
        _ = Task.Run(() => Apply(notice));
    }

    private void Apply(VersionNotice notice)
    {
        try
        {
            if (GetVersion(notice.FunctionId, notice.Version) is not { } version)
            {
                return;
            }

            InheritKept(version);
            var before = _current.TryGetValue(notice.FunctionId, out var known) ? known : null;
            var after = Remember(notice.FunctionId, notice.Revision, version, latest: notice.Version);
            if (!ReferenceEquals(before, after) && after.Revision == notice.Revision)
            {
                RaiseChanged(notice.FunctionId, notice.Version);
            }
        }
        catch (Exception ex)
        {
            LogApplyFailed(_logger, notice.FunctionId, notice.Version, ex);
            PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "postgresql-versions"));
        }
    }

    /// <summary>Keeps the newest known state of a function.</summary>
    /// <param name="functionId">The function.</param>
    /// <param name="revision">Its revision.</param>
    /// <param name="version">Its current version at that revision.</param>
    /// <param name="latest">A version number known to exist (the newest is the highest seen), or null.</param>
    private Current Remember(string functionId, long revision, FunctionVersion version, int? latest) =>
        _current.AddOrUpdate(
            functionId,
            static (_, state) => new Current(state.revision, state.version, state.latest),
            static (_, existing, state) => existing.Revision >= state.revision
                ? existing
                : new Current(state.revision, state.version, Max(existing.Latest, state.latest)),
            (revision, version, latest));

    private static int? Max(int? known, int? seen) => known is { } a && seen is { } b ? Math.Max(a, b) : known ?? seen;

    private void RaiseChanged(string functionId, int version) => FunctionChangedEvents.Raise(Changed, this, functionId, version, _logger);

    private T? Run<T>(string doing, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw PostgreSqlErrors.Wrap(_target, doing, ex);
        }
    }

    private T? Scalar<T>(string sql, string functionId, int version)
    {
        using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(Text(functionId));
        command.Parameters.Add(Int(version));
        return command.ExecuteScalar() is T value ? value : default;
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    private static NpgsqlParameter<int> Int(int value) => new() { TypedValue = value };

    private static NpgsqlParameter<DateTimeOffset> Time(DateTimeOffset value) => new() { TypedValue = value.ToUniversalTime() };

    private static NpgsqlParameter<string> Json(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static KeyNotFoundException Unknown(string functionId) =>
        new($"The POET store has no function '{functionId}': it is created the first time the function is called through a POET proxy.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not apply version {Version} of {FunctionId} from another process; it catches up on the next notice or reconnect")]
    private static partial void LogApplyFailed(ILogger logger, string functionId, int version, Exception exception);


    /// <summary>A function's state as this instance knows it.</summary>
    /// <param name="Revision">The change counter.</param>
    /// <param name="Version">The current version.</param>
    /// <param name="Latest">The newest version number seen (the next version is one more), or null when not known.</param>
    private sealed record Current(long Revision, FunctionVersion Version, int? Latest);
}
