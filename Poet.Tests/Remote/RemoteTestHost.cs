using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using Poet.Remote;

namespace Poet.Tests.Remote;

/// <summary>
/// A POET service in process: in-memory stores, the local catalog, the service endpoints, and a stand-in for
/// <c>POST /poet/feedback</c> (the web API's endpoint, not in this tree yet) over a Moq <see cref="IPoetFeedback"/>
/// that "trains" by raising every learnable parameter by 0.5. Runs on a TestServer, or on Kestrel at 127.0.0.1.
/// </summary>
internal sealed class RemoteTestHost : IAsyncDisposable
{
    public const string ApiKey = "test-key-123";

    private readonly WebApplication _app;
    private long _executionPosts;

    private RemoteTestHost(WebApplication app, Uri baseAddress, IFunctionStore store, InMemoryExecutionStore executions, Mock<IPoetFeedback> feedback)
    {
        _app = app;
        BaseAddress = baseAddress;
        Store = store;
        Executions = executions;
        Feedback = feedback;
    }

    public Uri BaseAddress { get; }

    public IFunctionStore Store { get; }

    public InMemoryExecutionStore Executions { get; }

    public Mock<IPoetFeedback> Feedback { get; }

    public long ExecutionPosts => Interlocked.Read(ref _executionPosts);

    public IFunctionCatalog Catalog => _app.Services.GetRequiredService<IFunctionCatalog>();

    /// <summary>The handler that reaches the TestServer (null on Kestrel: use sockets).</summary>
    public Func<HttpMessageHandler>? Handler { get; private set; }

    public static Task<RemoteTestHost> StartInProcessAsync(IFunctionStore? store = null) => StartAsync(store, port: null);

    public static Task<RemoteTestHost> StartKestrelAsync(int port, IFunctionStore? store = null) => StartAsync(store, port);

    public HttpClient CreateClient(string? apiKey = ApiKey)
    {
        var client = Handler is null ? new HttpClient() : new HttpClient(Handler());
        client.BaseAddress = BaseAddress;
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(RemoteRoutes.ApiKeyHeader, apiKey);
        }

        return client;
    }

    /// <summary>Remote settings pointing at this host, with short intervals for tests.</summary>
    public RemoteClientOptions ClientOptions(string storePath, string? apiKey = ApiKey) => TestOptions(BaseAddress, storePath, apiKey);

    public static RemoteClientOptions TestOptions(Uri endpoint, string storePath, string? apiKey = ApiKey) => new()
    {
        Endpoint = endpoint,
        ApiKey = apiKey,
        StorePath = storePath,
        PollInterval = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromMilliseconds(300),
        FlushInterval = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(5),
        FeedbackTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A port nothing listens on (bound, read, released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<RemoteTestHost> StartAsync(IFunctionStore? store, int? port)
    {
        store ??= new InMemoryFunctionStore();
        var executions = new InMemoryExecutionStore();
        var feedback = TrainingFeedback(store, executions);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (port is null)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IFunctionCatalog>(sp => new LocalFunctionCatalog(sp.GetRequiredService<IFunctionStore>(), new DomainCatalog()));
        builder.Services.AddSingleton<IExecutionStore>(executions);
        builder.Services.AddSingleton<IPoetFunctions>(new StoreFunctions(store));
        builder.Services.AddSingleton(feedback.Object);
        var app = builder.Build();
        RemoteTestHost? host = null;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(RemoteRoutes.Executions) && host is not null)
            {
                Interlocked.Increment(ref host._executionPosts);
            }

            await next(context);
        });
        app.MapPoetServiceEndpoints(o => o.ApiKey = ApiKey);
        MapFeedbackStandIn(app);
        await app.StartAsync();

        var baseAddress = port is null ? new Uri("http://localhost/") : new Uri($"http://127.0.0.1:{port}/");
        host = new RemoteTestHost(app, baseAddress, store, executions, feedback);
        if (port is null)
        {
            var server = app.GetTestServer();
            host.Handler = server.CreateHandler;
        }

        return host;
    }

    /// <summary>Stands in for the web API's <c>POST /poet/feedback</c> (contract: body { executionId, feedback } → FeedbackOutcome, web JSON defaults).</summary>
    private static void MapFeedbackStandIn(WebApplication app) =>
        app.MapPost(RemoteRoutes.Feedback, async (HttpContext context, IPoetFeedback feedback) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            if (!ExecutionId.TryParse(body.RootElement.GetProperty("executionId").GetString(), out var id))
            {
                return Results.Problem(detail: "executionId is not an execution id", statusCode: 400);
            }

            try
            {
                var outcome = await feedback.FeedbackAsync(id, body.RootElement.GetProperty("feedback").Clone());
                return Results.Json(outcome); // web defaults, no ExecutionId converter: the client must cope
            }
            catch (PoetFeedbackException ex)
            {
                return Results.Problem(detail: ex.Message, statusCode: 404);
            }
        }).AddEndpointFilter(new ServiceApiKeyFilter(ApiKey, RemoteRoutes.ApiKeyHeader));

    private static Mock<IPoetFeedback> TrainingFeedback(IFunctionStore store, InMemoryExecutionStore executions)
    {
        var mock = new Mock<IPoetFeedback>();
        mock.Setup(f => f.FeedbackAsync(It.IsAny<ExecutionId>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns(async (ExecutionId id, object? payload, CancellationToken ct) =>
            {
                var record = await executions.FindAsync(id, ct)
                    ?? throw new PoetFeedbackException($"No execution {id} is recorded on this service.");
                var before = store.GetCurrent(record.FunctionId)!;
                var written = await store.AppendVersionAsync(
                    record.FunctionId,
                    current => current with
                    {
                        Parameters = current.Parameters.ToDictionary(p => p.Key, p => p.Value + 0.5),
                        Reason = new VersionReason { Kind = "feedback", Rationale = payload?.ToString() ?? "null" },
                    },
                    ct);
                return new FeedbackOutcome
                {
                    ExecutionId = id,
                    FunctionId = record.FunctionId,
                    Signal = new LearningSignal { Verdict = FeedbackVerdict.FalsePositive, Issue = "false_alarm", Translator = "test", Confidence = 0.9 },
                    NewVersion = written!.Version,
                    Changes = [.. written.Parameters.Select(p => new ParameterChange(p.Key, before.Parameters[p.Key], p.Value))],
                };
            });
        return mock;
    }
}
