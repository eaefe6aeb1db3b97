using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// Tracks whether the POET service answers, shared by the catalog and the recorder, so an outage is logged once
/// (a clear warning naming the URL and the cause) and its end once, instead of once per request.
/// </summary>
internal sealed partial class RemoteConnectionMonitor(RemoteClientOptions options, ILogger<RemoteConnectionMonitor> logger)
{
    private readonly Lock _gate = new();
    private State _state = State.Unknown;

    private enum State
    {
        Unknown,
        Up,
        Down,
        Unauthorized,
    }

    /// <summary>Whether the last call reached the service and was accepted.</summary>
    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _state == State.Up;
            }
        }
    }

    /// <summary>Whether the last call failed to reach the service (an outage is in progress).</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _state == State.Down;
            }
        }
    }

    /// <summary>Whether the last call failed: the service is down or refused the API key (waiting for it cannot help).</summary>
    public bool IsFailing
    {
        get
        {
            lock (_gate)
            {
                return _state is State.Down or State.Unauthorized;
            }
        }
    }

    /// <summary>A call reached the service and was accepted.</summary>
    public void ReportSuccess()
    {
        State previous;
        lock (_gate)
        {
            previous = _state;
            _state = State.Up;
        }

        if (previous is State.Down or State.Unauthorized)
        {
            LogRecovered(logger, options.Endpoint);
        }
    }

    /// <summary>A call failed: the service could not be reached, timed out, refused the key or answered an error.</summary>
    /// <param name="error">The failure (its message names the URL and the cause).</param>
    public void ReportFailure(PoetServiceException error)
    {
        var next = RemoteErrors.IsUnauthorized(error) ? State.Unauthorized : State.Down;
        State previous;
        lock (_gate)
        {
            previous = _state;
            _state = next;
        }

        if (previous == next)
        {
            return;
        }

        PoetTelemetry.InternalErrors.Add(1, new KeyValuePair<string, object?>("poet.component", "remote"));
        if (next == State.Unauthorized)
        {
            LogUnauthorized(logger, error.Message);
        }
        else
        {
            LogDown(logger, error.Message, options.CachePath);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cause} POET keeps running: calls use the last known parameters (declared defaults, or the cache in {CachePath}) and executions wait in a bounded buffer; it retries in the background and catches up when the service answers")]
    private static partial void LogDown(ILogger logger, string cause, string cachePath);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Cause} POET keeps running with the last known parameters until the key is fixed")]
    private static partial void LogUnauthorized(ILogger logger, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET service at {Endpoint} answers again; catching up (registrations, versions, buffered executions)")]
    private static partial void LogRecovered(ILogger logger, Uri endpoint);
}
