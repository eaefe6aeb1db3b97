using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Poet.Remote;

/// <summary>
/// <c>GET /poet/service/events</c>: a server-sent event stream that tells remote clients a function's current version
/// changed (<c>event: version</c>, <c>data: {"functionId":"…","version":n}</c>), so they fetch it at once instead of
/// polling every half second. The stream starts with <c>event: ready</c> and sends <c>event: ping</c> every 15 s
/// so proxies keep it open. Changes come from <see cref="IFunctionStore.Changed"/> (over PostgreSQL: every service's
/// changes, through LISTEN/NOTIFY). A client that cannot hold the stream falls back to polling.
/// </summary>
internal static class VersionEvents
{
    /// <summary>How often an idle stream sends a ping.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    /// <summary>The handler.</summary>
    public static IResult Stream(HttpContext context)
    {
        var store = context.RequestServices.GetService<IFunctionStore>();
        if (store is null)
        {
            return ServiceProblems.Missing(nameof(IFunctionStore));
        }

        // The stream ends when the client goes or the app stops (shutdown does not wait for open streams).
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        return TypedResults.ServerSentEvents(Events(store, context.RequestAborted, stopping));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(IFunctionStore store, [EnumeratorCancellation] CancellationToken aborted, CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        var cancellationToken = linked.Token;
        // Bounded: a client that stops reading loses old notices, not memory; any notice makes it re-sync everything.
        var changes = Channel.CreateBounded<FunctionChangedEventArgs>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChanged(object? sender, FunctionChangedEventArgs e) => changes.Writer.TryWrite(e);
        store.Changed += OnChanged;
        try
        {
            yield return new SseItem<string>("{}", "ready");
            while (!cancellationToken.IsCancellationRequested)
            {
                FunctionChangedEventArgs? change = null;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    wait.CancelAfter(PingInterval);
                    try
                    {
                        change = await changes.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Idle: ping below.
                    }
                    catch (OperationCanceledException)
                    {
                        yield break;
                    }
                }

                yield return change is null
                    ? new SseItem<string>("{}", "ping")
                    : new SseItem<string>(JsonSerializer.Serialize(new VersionEvent(change.FunctionId, change.CurrentVersion), RemoteJson.Options), "version");
            }
        }
        finally
        {
            store.Changed -= OnChanged;
        }
    }
}
