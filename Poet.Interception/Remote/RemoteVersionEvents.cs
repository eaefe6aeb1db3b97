using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// Holds the service's version event stream (<c>GET /poet/service/events</c>, server-sent events) open and asks the
/// catalog to sync whenever a function's version changed, so a new version reaches this app within a round trip. While
/// the stream is up, the catalog's poll slows to <see cref="RemoteClientOptions.EventsPollInterval"/> (a safety net);
/// when it drops (service down, a proxy that buffers streams, an older service without the endpoint) the catalog polls
/// every <see cref="RemoteClientOptions.PollInterval"/> again and the stream is retried with backoff.
/// </summary>
internal sealed partial class RemoteVersionEvents : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UnsupportedRetryDelay = TimeSpan.FromMinutes(5);
    private readonly IHttpClientFactory _factory;
    private readonly RemoteFunctionCatalog _catalog;
    private readonly ILogger _logger;
    private readonly ReconnectingLoop _loop;
    private volatile bool _connected;
    private int _events;

    /// <summary>Creates the listener and starts its loop.</summary>
    public RemoteVersionEvents(IHttpClientFactory factory, RemoteFunctionCatalog catalog, ILogger<RemoteVersionEvents> logger)
    {
        _factory = factory;
        _catalog = catalog;
        _logger = logger;
        _catalog.Events = this;
        _loop = new ReconnectingLoop(ListenAsync, Ended, FirstRetryDelay, MaxRetryDelay);
        _loop.Start();
    }

    /// <summary>Whether the event stream is open (the catalog then polls only as a safety net).</summary>
    public bool Connected => _connected;

    /// <summary>How many version events arrived (tests).</summary>
    public int VersionEventsReceived => Volatile.Read(ref _events);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private async Task ListenAsync(Action connected, CancellationToken stop)
    {
        var client = _factory.CreateClient(RemoteHttp.EventsClient);
        using var request = new HttpRequestMessage(HttpMethod.Get, RemoteRoutes.Events);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            LogUnsupported(_logger);
            await Task.Delay(UnsupportedRetryDelay, stop).ConfigureAwait(false);
            return;
        }

        response.EnsureSuccessStatusCode();
        using var stream = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(stop).ConfigureAwait(false))
        {
            if (item.EventType == "ready")
            {
                _connected = true;
                connected();
                _catalog.RequestSync(); // catch up on anything missed while the stream was down
            }
            else if (item.EventType == "version")
            {
                Interlocked.Increment(ref _events);
                _catalog.RequestSync();
            }
        }
    }

    private void Ended(Exception? failure)
    {
        _connected = false; // the catalog polls at its normal interval again
        if (failure is not null)
        {
            LogDropped(_logger, failure.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "POET's version event stream from the service dropped ({Reason}); polling until it is back")]
    private static partial void LogDropped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The POET service has no version event stream (an older service); this app polls for versions")]
    private static partial void LogUnsupported(ILogger logger);
}
