using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Poet.PostgreSql.Connection;
using Poet.PostgreSql.Executions;
using Poet.PostgreSql.Feedback;
using Poet.PostgreSql.Functions;
using Poet.PostgreSql.Schema;

namespace Poet;

/// <summary>
/// The PostgreSQL store: function versions, history, executions and feedback in one database (schema <c>poet</c>),
/// shared by every app instance and POET service that opens it. <c>options.UsePostgreSql(...)</c> makes
/// <c>AddPoet</c> open it; open it yourself to inspect a database (dispose it to write the queued executions).
/// </summary>
/// <remarks>
/// Opening migrates the schema (safe when several processes start at once) and starts listening for version notices,
/// so a version written by any process becomes current here within milliseconds, without polling.
/// </remarks>
public sealed class PoetPostgreSqlStore : IPoetStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlFunctionStore _functions;
    private readonly PostgreSqlExecutionSink _sink;
    private readonly ExecutionRecorder _executions;
    private int _disposed;

    private PoetPostgreSqlStore(NpgsqlDataSource dataSource, PostgreSqlTarget target, PoetOptions options, ILoggerFactory loggerFactory, int schemaVersion)
    {
        _dataSource = dataSource;
        Target = target.ToString();
        SchemaVersion = schemaVersion;
        var origin = ChangeNotice.NewOrigin();
        var feedback = new PostgreSqlFeedbackStore(dataSource, target, options, origin);
        _functions = new PostgreSqlFunctionStore(dataSource, target, origin, notice => feedback.ChangedElsewhere(notice.FunctionId), feedback.ForgetKept,
            loggerFactory.CreateLogger("Poet.PostgreSql.Functions"));
        _sink = new PostgreSqlExecutionSink(dataSource, target, options, loggerFactory.CreateLogger("Poet.PostgreSql.Executions"));
        _executions = new ExecutionRecorder(_sink, Recording(options), loggerFactory);
        Feedback = feedback;
    }

    /// <summary>
    /// The recorder's settings: the caller's capacity, overflow policy and value limits, without
    /// <see cref="PoetOptions.RecordingMaxDelay"/>. That bound keeps what a crash of the process loses to the last moment
    /// of file appends; a batch for the database waits for its round trips, and while the database is slow or down records
    /// wait in the buffer up to <see cref="PoetOptions.RecorderCapacity"/> (as in remote mode). With the bound, a write
    /// slower than 100 ms on a busy machine dropped the next calls' records though the buffer had room, and feedback on
    /// them then failed with "No POET execution".
    /// </summary>
    private static PoetOptions Recording(PoetOptions options) => new()
    {
        RecorderCapacity = options.RecorderCapacity,
        RecordingOverflow = options.RecordingOverflow,
        RecordingMaxDelay = null,
        MaxRecordedCollectionItems = options.MaxRecordedCollectionItems,
        MaxRecordedStringChars = options.MaxRecordedStringChars,
        MaxRecordedValueBytes = options.MaxRecordedValueBytes,
    };

    /// <summary>What the store is connected to, for messages: database, host, port and user (never the password).</summary>
    public string Target { get; }

    /// <summary>The schema version of the database after opening (the newest this POET knows).</summary>
    public int SchemaVersion { get; }

    /// <inheritdoc />
    public IFunctionStore Functions => _functions;

    /// <inheritdoc />
    public IExecutionStore Executions => _executions;

    /// <inheritdoc />
    public IFeedbackStore Feedback { get; }

    /// <summary>Opens the store: connects, migrates the schema and starts listening for versions.</summary>
    /// <param name="connectionString">An Npgsql connection string, for example <c>Host=127.0.0.1;Database=poet;Username=poet;Password=...</c>.</param>
    /// <param name="options">Recorder capacity, retention and recorded-value limits; null for the defaults.</param>
    /// <param name="loggerFactory">Where the store reports outages and recoveries; null for none.</param>
    /// <returns>The open store; dispose it to write the queued executions and close its connections.</returns>
    /// <exception cref="ArgumentException">The connection string is malformed (the message never repeats the password).</exception>
    /// <exception cref="PoetStoreException">The database cannot be reached or used, or has a newer schema; the message names host and database and what to fix.</exception>
    public static PoetPostgreSqlStore Open(string connectionString, PoetOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        OpenAsync(connectionString, options, loggerFactory).GetAwaiter().GetResult();

    /// <summary>Asynchronous form of <see cref="Open"/>.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="options">Recorder capacity, retention and recorded-value limits; null for the defaults.</param>
    /// <param name="loggerFactory">Where the store reports outages and recoveries; null for none.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    /// <exception cref="PoetStoreException">The database cannot be reached or used, or has a newer schema.</exception>
    public static async Task<PoetPostgreSqlStore> OpenAsync(string connectionString, PoetOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var (builder, target) = PostgreSqlTarget.Parse(connectionString);
        options ??= new PoetOptions();
        loggerFactory ??= NullLoggerFactory.Instance;
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "poet";
        }

        // The statements POET runs again and again (lookups, feedback writes, poet.append_version) are prepared on each
        // connection from their second use (Npgsql's automatic preparation), so the server stops parsing and planning
        // them each time. A connection string that sets Max Auto Prepare (0 behind a pooler without prepared
        // statements) keeps its own value.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        // Npgsql logs every command at Information: it keeps its own (null) logger; POET logs outages itself.
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        PoetPostgreSqlStore? store = null;
        try
        {
            int schema;
            try
            {
                using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                schema = (await MigrationRunner.MigrateAsync(connection, cancellationToken).ConfigureAwait(false)).After;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                throw PostgreSqlErrors.Wrap(target, "open the PostgreSQL store", ex);
            }

            store = new PoetPostgreSqlStore(dataSource, target, options, loggerFactory, schema);
            await store._functions.StartAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await dataSource.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Drops the day partitions of executions older than <see cref="PoetOptions.ExecutionRetention"/> now (also done hourly).</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The dropped partitions' names.</returns>
    internal Task<IReadOnlyList<string>> ApplyRetentionAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _sink.ApplyRetentionAsync(now, cancellationToken);

    /// <summary>Writes the queued executions, stops listening and closes the connections.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _executions.DisposeAsync().ConfigureAwait(false);
        await _functions.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous form of <see cref="DisposeAsync"/>, for containers disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
