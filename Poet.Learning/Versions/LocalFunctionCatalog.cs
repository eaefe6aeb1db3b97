using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Poet;

/// <summary>
/// The local <see cref="IFunctionCatalog"/>: registers functions in the store and serves their current version
/// from memory. Changes made through this store instance apply at once; changes made by other processes are
/// picked up by polling the store every <c>pollInterval</c> (default 500 ms).
/// </summary>
public sealed partial class LocalFunctionCatalog : IFunctionCatalog, IDisposable
{
    private readonly IFunctionStore _store;
    private readonly DomainCatalog _domains;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, FunctionVersion> _current = new(StringComparer.Ordinal);
    private readonly Timer _poll;

    /// <summary>Creates the catalog.</summary>
    /// <param name="store">The function store.</param>
    /// <param name="domains">The domain templates.</param>
    /// <param name="logger">Logs store failures (POET keeps serving the last known version).</param>
    /// <param name="pollInterval">How often to look for versions written by other processes.</param>
    public LocalFunctionCatalog(IFunctionStore store, DomainCatalog domains, ILogger<LocalFunctionCatalog>? logger = null, TimeSpan? pollInterval = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _domains = domains ?? throw new ArgumentNullException(nameof(domains));
        _logger = logger ?? NullLogger<LocalFunctionCatalog>.Instance;
        _store.Changed += OnStoreChanged;
        var interval = pollInterval ?? TimeSpan.FromMilliseconds(500);
        _poll = new Timer(_ => Refresh(), null, interval, interval);
    }

    /// <inheritdoc />
    public FunctionVersion Register(FunctionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_current.TryGetValue(plan.FunctionId, out var known))
        {
            return known;
        }

        var domain = _domains.Get(plan.Domain);
        var version = _store.EnsureCreated(plan, TrainSpecBuilder.Build(plan, domain), TrainSpecBuilder.InitialVersion(plan));
        if (_current.TryAdd(plan.FunctionId, version))
        {
            ProposeTrainMap(plan);
            return version;
        }

        return _current[plan.FunctionId];
    }

    /// <summary>Asks an LLM for the function's issue map when one is configured (off the hot path; never throws).</summary>
    internal ITrainMapProposer? TrainMapProposer { get; init; }

    /// <inheritdoc />
    public FunctionVersion GetCurrent(string functionId)
    {
        if (_current.TryGetValue(functionId, out var version))
        {
            return version;
        }

        version = _store.GetCurrent(functionId)
            ?? throw new KeyNotFoundException($"POET function '{functionId}' is not registered; call it once through its POET proxy first.");
        return _current.GetOrAdd(functionId, version);
    }

    /// <summary>Re-reads the current version of every registered function from the store.</summary>
    public void Refresh()
    {
        foreach (var functionId in _current.Keys)
        {
            try
            {
                var latest = _store.GetCurrent(functionId);
                if (latest is not null)
                {
                    _current[functionId] = latest;
                }
            }
            catch (Exception ex)
            {
                LogRefreshFailed(_logger, functionId, ex);
                PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "catalog"));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _store.Changed -= OnStoreChanged;
        _poll.Dispose();
    }

    private void ProposeTrainMap(FunctionPlan plan)
    {
        try
        {
            TrainMapProposer?.OnFunctionRegistered(plan);
        }
        catch (Exception ex)
        {
            LogProposalFailed(_logger, plan.FunctionId, ex);
        }
    }

    private void OnStoreChanged(object? sender, FunctionChangedEventArgs e)
    {
        var latest = _store.GetVersion(e.FunctionId, e.CurrentVersion);
        if (latest is not null)
        {
            _current[e.FunctionId] = latest;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not start the train map proposal for {FunctionId}; the domain template's map serves")]
    private static partial void LogProposalFailed(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not refresh function {FunctionId} from the store; it keeps using the last known version")]
    private static partial void LogRefreshFailed(ILogger logger, string functionId, Exception exception);
}
