using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;
using Poet;

namespace Poet.Tests.AspNetCore;

/// <summary>What the test host registers; each flag drops one service to test how the endpoints cope.</summary>
internal sealed record HostSetup
{
    public Action<PoetEndpointOptions>? Configure { get; init; }

    public bool RegisterPoet { get; init; } = true;

    public bool RegisterFunctionStore { get; init; } = true;

    public bool RegisterExecutionStore { get; init; } = true;

    /// <summary>A real or hand-written execution store to register instead of the Moq fake.</summary>
    public IExecutionStore? ExecutionStore { get; init; }
}

/// <summary>
/// An in-process ASP.NET Core app (TestServer) with the /poet endpoints mapped over Moq fakes of POET's services.
/// </summary>
internal sealed class PoetEndpointsHost : IAsyncDisposable
{
    public const string Key = "test-key-0123456789abcdef0123456789abcdef";

    private readonly WebApplication _app;

    private PoetEndpointsHost(WebApplication app, PoetFakes fakes)
    {
        _app = app;
        Client = app.GetTestClient();
        Functions = fakes.Functions;
        Feedback = fakes.Feedback;
        Executions = fakes.Executions;
        FunctionStore = fakes.FunctionStore;
    }

    public Mock<IPoetFunctions> Functions { get; }

    public Mock<IPoetFeedback> Feedback { get; }

    public Mock<IExecutionStore> Executions { get; }

    public Mock<IFunctionStore> FunctionStore { get; }

    public HttpClient Client { get; }

    public static async Task<PoetEndpointsHost> StartAsync(HostSetup? setup = null)
    {
        setup ??= new HostSetup();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddPoetEndpoints(o =>
        {
            o.ApiKey = Key;
            setup.Configure?.Invoke(o);
        });
        var fakes = new PoetFakes();
        if (setup.RegisterPoet)
        {
            builder.Services.AddSingleton(fakes.Functions.Object);
            builder.Services.AddSingleton(fakes.Feedback.Object);
            if (setup.RegisterExecutionStore)
            {
                builder.Services.AddSingleton(setup.ExecutionStore ?? fakes.Executions.Object);
            }

            if (setup.RegisterFunctionStore)
            {
                builder.Services.AddSingleton(fakes.FunctionStore.Object);
            }
        }

        var app = builder.Build();
        app.MapPoetEndpoints();
        await app.StartAsync();
        return new PoetEndpointsHost(app, fakes);
    }

#pragma warning disable CA2012 // Moq setup expressions name the ValueTask-returning method; they never consume a ValueTask
    public void ExecutionsFind(ExecutionId id, ExecutionRecord? record) =>
        Executions.Setup(s => s.FindAsync(id, It.IsAny<CancellationToken>())).Returns(ValueTask.FromResult(record));

    public void ExecutionsFindNothing() =>
        Executions.Setup(s => s.FindAsync(It.IsAny<ExecutionId>(), It.IsAny<CancellationToken>())).Returns(ValueTask.FromResult<ExecutionRecord?>(null));

    public void ExecutionsFail(Exception exception) =>
        Executions.Setup(s => s.FindAsync(It.IsAny<ExecutionId>(), It.IsAny<CancellationToken>())).Throws(exception);
#pragma warning restore CA2012

    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? key = Key, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        if (json is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return request;
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? key = Key) =>
        Client.SendAsync(Request(HttpMethod.Get, path, key: key));

    public Task<HttpResponseMessage> PostAsync(string path, string json, string? key = Key) =>
        Client.SendAsync(Request(HttpMethod.Post, path, json, key));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    private sealed class PoetFakes
    {
        public Mock<IPoetFunctions> Functions { get; } = new();

        public Mock<IPoetFeedback> Feedback { get; } = new();

        public Mock<IExecutionStore> Executions { get; } = new();

        public Mock<IFunctionStore> FunctionStore { get; } = new();
    }
}
