using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// The remote-mode <see cref="IFunctionCatalog"/>: mirrors the POET service in memory so the call path never waits
/// on the network. <see cref="Register"/> answers at once (the last version cached under <c>.poet/remote-cache</c>,
/// else the declared defaults) and registers the plan with the service in the background; a background loop then
/// asks for each function's current version every <see cref="RemoteClientOptions.PollInterval"/> with
/// <c>If-None-Match</c>, so a version written by any instance's feedback is used here within about one interval.
/// While the service's version event stream is open (<see cref="RemoteVersionEvents"/>), each event triggers a sync
/// at once and the poll slows to <see cref="RemoteClientOptions.EventsPollInterval"/>.
/// While the service is down the loop backs off (up to <see cref="RemoteClientOptions.MaxRetryDelay"/>), the
/// outage is logged once, and the loop catches up (registrations, then versions) when the service answers again.
/// </summary>
internal sealed partial class RemoteFunctionCatalog : IFunctionCatalog, IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _functions = new(StringComparer.Ordinal);
    private readonly RemoteServiceClient _client;
    private readonly RemoteConnectionMonitor _monitor;
    private readonly RemoteParameterCache _cache;
    private readonly RemoteClientOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    // Never disposed: a round still running at disposal may release it (it holds no wait handle).
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    /// <summary>Creates the catalog and starts its background loop.</summary>
    /// <param name="client">The service client.</param>
    /// <param name="monitor">Logs outages once.</param>
    /// <param name="cache">The local parameter cache.</param>
    /// <param name="options">The remote settings.</param>
    /// <param name="logger">Logs version changes and unexpected failures.</param>
    public RemoteFunctionCatalog(RemoteServiceClient client, RemoteConnectionMonitor monitor, RemoteParameterCache cache, RemoteClientOptions options, ILogger<RemoteFunctionCatalog> logger)
    {
        _client = client;
        _monitor = monitor;
        _cache = cache;
        _options = options;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <inheritdoc />
    public FunctionVersion Register(FunctionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_functions.TryGetValue(plan.FunctionId, out var known))
        {
            return known.Current;
        }

        var added = false;
        var entry = _functions.GetOrAdd(plan.FunctionId, _ =>
        {
            added = true;
            return new Entry(plan, _cache.TryLoad(plan) ?? TrainSpecBuilder.InitialVersion(plan));
        });
        if (added)
        {
            RequestSync();
        }

        return entry.Current;
    }

    /// <inheritdoc />
    public FunctionVersion GetCurrent(string functionId) =>
        _functions.TryGetValue(functionId, out var entry)
            ? entry.Current
            : throw new KeyNotFoundException($"POET function '{functionId}' is not registered; call it once through its POET proxy first.");

    /// <summary>The version event stream, when one is held (set by <see cref="RemoteVersionEvents"/>; disposed with the catalog).</summary>
    internal RemoteVersionEvents? Events { get; set; }

    /// <summary>Asks the background loop to sync now (after feedback or a rollback, so this instance sees the result at once).</summary>
    public void RequestSync()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    /// <summary>Runs one sync round now: registrations first, then versions (used by tests and after feedback).</summary>
    /// <param name="cancellationToken">Cancels the round.</param>
    /// <returns><see langword="true"/> when the service answered every call.</returns>
    /// <remarks>
    /// Rounds run one at a time (the background loop, start-up and callers may ask at once): an answer read before a
    /// newer one was applied can then never overwrite it.
    /// </remarks>
    public async Task<bool> SyncOnceAsync(CancellationToken cancellationToken = default)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await SyncEachFunctionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private async Task<bool> SyncEachFunctionAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in _functions.Values)
        {
            try
            {
                if (!entry.Registered)
                {
                    Apply(entry, await _client.RegisterAsync(entry.Plan, cancellationToken).ConfigureAwait(false));
                    entry.Registered = true;
                    continue;
                }

                var answer = await _client.GetCurrentAsync(entry.Plan.FunctionId, entry.ETag, cancellationToken).ConfigureAwait(false);
                if (answer.IsNotFound)
                {
                    // The service lost the function (a new, empty store): register it again.
                    entry.Registered = false;
                    Apply(entry, await _client.RegisterAsync(entry.Plan, cancellationToken).ConfigureAwait(false));
                    entry.Registered = true;
                }
                else
                {
                    Apply(entry, answer);
                }
            }
            catch (PoetServiceException ex)
            {
                _monitor.ReportFailure(ex);
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSyncFailed(_logger, entry.Plan.FunctionId, ex);
                PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "remote-catalog"));
            }
        }

        if (!_functions.IsEmpty)
        {
            _monitor.ReportSuccess();
        }

        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Events is { } events)
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _options.PollInterval;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var ok = await SyncOnceAsync(stop).ConfigureAwait(false);
                // While the event stream is open, versions are pushed: poll only as a safety net.
                var interval = Events?.Connected == true ? _options.EventsPollInterval : _options.PollInterval;
                delay = ok ? interval : Min(delay * 2, _options.MaxRetryDelay);
                await _wake.WaitAsync(delay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSyncFailed(_logger, "*", ex);
                await Task.Delay(_options.MaxRetryDelay, stop).ConfigureAwait(false);
            }
        }
    }

    private void Apply(Entry entry, VersionAnswer answer)
    {
        if (answer.Version is not { } version)
        {
            return;
        }

        // Values for the parameters this app declares, clamped to its bounds (a plan may differ from the service's).
        var parameters = entry.Plan.Learnable.ToDictionary(
            p => p.Name,
            p => version.Parameters.TryGetValue(p.Name, out var value) ? p.Clamp(value) : p.Default,
            StringComparer.Ordinal);
        var previous = entry.Current;
        entry.Current = version with { Parameters = parameters };
        entry.ETag = answer.ETag;
        if (previous.Version != version.Version || previous.CreatedAt != version.CreatedAt || !SameValues(previous.Parameters, parameters))
        {
            LogVersionChanged(_logger, entry.Plan.FunctionId, version.Version, _options.Endpoint);
            _cache.Save(entry.Current);
        }
    }

    private static bool SameValues(IReadOnlyDictionary<string, double> left, Dictionary<string, double> right) =>
        left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var value) && value.Equals(p.Value));

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;

    [LoggerMessage(Level = LogLevel.Information, Message = "POET function {FunctionId} now runs version {Version} from the service at {Endpoint}")]
    private static partial void LogVersionChanged(ILogger logger, string functionId, int version, Uri endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not sync function {FunctionId} with the service; it keeps the last known version")]
    private static partial void LogSyncFailed(ILogger logger, string functionId, Exception exception);

    private sealed class Entry(FunctionPlan plan, FunctionVersion initial)
    {
        private FunctionVersion _current = initial;

        public FunctionPlan Plan { get; } = plan;

        public FunctionVersion Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }

        public string? ETag { get; set; }

        public bool Registered { get; set; }
    }
}
