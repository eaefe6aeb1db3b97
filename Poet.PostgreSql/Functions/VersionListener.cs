using Microsoft.Extensions.Logging;
using Npgsql;
using Poet.PostgreSql.Connection;

namespace Poet.PostgreSql.Functions;

/// <summary>
/// Holds one connection that <c>LISTEN</c>s on <see cref="VersionNotice.Channel"/> and <see cref="ChangeNotice.Channel"/>
/// and hands every notice to the store. After each (re)connect it first listens, then calls the catch-up callback (which re-reads the
/// current versions), so a change made while the connection was lost is never missed. A lost connection is logged
/// once and retried with backoff (200 ms doubling to 5 s); the database is never polled in a loop.
/// </summary>
internal sealed partial class VersionListener : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlTarget _target;
    private readonly Func<CancellationToken, Task> _catchUp;
    private readonly Action<VersionNotice> _notice;
    private readonly Action<ChangeNotice> _change;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReconnectingLoop _loop;
    private bool _outage;
    private int _connections;

    /// <summary>Creates the listener (not started).</summary>
    public VersionListener(NpgsqlDataSource dataSource, PostgreSqlTarget target, Func<CancellationToken, Task> catchUp, Action<VersionNotice> notice,
        Action<ChangeNotice> change, ILogger logger)
    {
        _dataSource = dataSource;
        _target = target;
        _catchUp = catchUp;
        _notice = notice;
        _change = change;
        _logger = logger;
        _loop = new ReconnectingLoop(ListenAsync, Ended, FirstRetryDelay, MaxRetryDelay);
    }

    /// <summary>Whether the listening connection is up (notices arrive).</summary>
    public bool Connected { get; private set; }

    /// <summary>How many times the listener has connected (1 after start; more after reconnects).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts listening; completes once the first connection listens (or fails, leaving the loop retrying).</summary>
    /// <param name="cancellationToken">Cancels waiting for the first connection.</param>
    /// <returns>A task that completes when the listener is connected.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        _loop.Start();
        return _firstConnect.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ListenAsync(Action connected, CancellationToken stop)
    {
        using var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
        connection.Notification += OnNotification;
        using (var listen = new NpgsqlCommand($"LISTEN {VersionNotice.Channel}; LISTEN {ChangeNotice.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
        }

        await _catchUp(stop).ConfigureAwait(false);
        Connected = true;
        Interlocked.Increment(ref _connections);
        _firstConnect.TrySetResult();
        connected();
        if (_outage)
        {
            LogReconnected(_logger, _target.ToString());
            _outage = false;
        }

        while (!stop.IsCancellationRequested)
        {
            if (!await connection.WaitAsync(Idle, stop).ConfigureAwait(false))
            {
                // Quiet for a while: prove the connection is alive (a silently dropped one would never wake us).
                using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private void Ended(Exception? failure)
    {
        Connected = false;
        if (failure is null)
        {
            return;
        }

        if (!_outage)
        {
            _outage = true;
            LogLost(_logger, _target.ToString(), failure);
        }

        _firstConnect.TrySetException(PostgreSqlErrors.Wrap(_target, "listen for new versions", failure));
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == ChangeNotice.Channel)
        {
            if (ChangeNotice.TryParse(e.Payload) is { } change)
            {
                _change(change);
            }
        }
        else if (VersionNotice.TryParse(e.Payload) is { } notice)
        {
            _notice(notice);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET lost its connection to the {Target} for version notices; functions keep their last known versions and catch up when it returns")]
    private static partial void LogLost(ILogger logger, string target, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET listens for version notices on the {Target} again (caught up)")]
    private static partial void LogReconnected(ILogger logger, string target);
}
