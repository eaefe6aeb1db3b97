using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Poet.Remote;

/// <summary>
/// Builds the <see cref="IHttpClientFactory"/> remote mode uses: two named clients over one primary handler, each
/// with its own resilience pipeline (Microsoft.Extensions.Http.Resilience).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="BackgroundClient"/> (registration, version polling, execution batches): total budget
/// <see cref="RemoteClientOptions.RequestTimeout"/>, two quick retries of safe (GET) requests on transient errors,
/// an attempt timeout of half the budget. The background loops retry on their own schedule anyway.</item>
/// <item><see cref="FeedbackClient"/> (feedback, rollback): total budget <see cref="RemoteClientOptions.FeedbackTimeout"/>,
/// two retries on transient errors (a lost response, 5xx, 429). Safe because both are idempotent: feedback carries an
/// idempotency key (the caller's <c>Idempotency-Key</c>, else derived by the service from the execution id and the
/// payload), so a retried post is recognized and not applied twice; rollback sets a version. A service that is down
/// fails within a second (connection refused) or within <see cref="RemoteClientOptions.ConnectTimeout"/> per attempt
/// (unreachable host).</item>
/// </list>
/// The pipeline logs nothing of its own (no HttpClient request lines, no Polly retry warnings with stack traces):
/// POET's categories say what matters once, <c>Poet.Remote.RemoteConnectionMonitor</c> one warning per outage and one
/// line when it ends, <c>Poet.Remote.RemoteExecutionRecorder</c> one debug line per batch.
/// </remarks>
internal static class RemoteHttp
{
    /// <summary>The named client for background calls and the functions API.</summary>
    public const string BackgroundClient = "Poet.Service";

    /// <summary>The named client for feedback.</summary>
    public const string FeedbackClient = "Poet.Service.Feedback";

    /// <summary>The client of the version event stream (no timeout: the stream stays open).</summary>
    public const string EventsClient = "Poet.Service.Events";

    /// <summary>Builds a small service provider holding the HTTP client factory.</summary>
    /// <param name="options">The remote settings.</param>
    /// <param name="primaryHandler">The innermost handler (tests pass an in-process server's handler); null = sockets.</param>
    /// <returns>The provider (dispose it with the container); resolve <see cref="IHttpClientFactory"/> from it.</returns>
    public static ServiceProvider BuildProvider(RemoteClientOptions options, Func<HttpMessageHandler>? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection(); // its own logging has no providers: the app's logs stay quiet

        var handler = primaryHandler ?? (() => new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        });

        services.AddHttpClient(BackgroundClient, client => Configure(client, options))
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(handler)
            .AddResilienceHandler("poet-background", pipeline =>
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(100),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddTimeout(options.RequestTimeout)
                    .AddRetry(retry)
                    .AddTimeout(options.RequestTimeout / 2);
            });

        // The version event stream: one long-lived request, so no timeout pipeline (the reader notices a dead stream).
        services.AddHttpClient(EventsClient, client => Configure(client, options))
            .ConfigurePrimaryHttpMessageHandler(handler);

        services.AddHttpClient(FeedbackClient, client => Configure(client, options))
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(handler)
            .AddResilienceHandler("poet-feedback", pipeline => pipeline
                .AddTimeout(options.FeedbackTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                }));

        return services.BuildServiceProvider();
    }

    private static void Configure(HttpClient client, RemoteClientOptions options)
    {
        client.BaseAddress = options.Endpoint;
        client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipelines own the timeouts
        if (options.ApiKey is not null)
        {
            client.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, options.ApiKey);
        }
    }
}
