using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Poet.Tests.Llm;

/// <summary>
/// A loopback Kestrel server answering <c>POST /api/chat</c> the way Ollama does (docs/api.md of ollama/ollama):
/// with <c>"stream": false</c> one JSON object carrying the whole <c>message</c> and <c>"done": true</c> plus the
/// statistics; otherwise (streaming is Ollama's default) NDJSON lines with message fragments and
/// <c>"done": false</c>, then a final line with <c>"done": true</c>, <c>"done_reason"</c> and the statistics.
/// </summary>
internal sealed class FakeOllamaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<JsonNode> _requests = [];

    private FakeOllamaServer(WebApplication app) => _app = app;

    /// <summary>What the model "says" (the message content).</summary>
    public string Answer { get; set; } = string.Empty;

    /// <summary>When set, every request gets this HTTP status and an Ollama-style error body.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>The server's base address.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The request bodies received.</summary>
    public IReadOnlyList<JsonNode> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeOllamaServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeOllamaServer(app);
        app.MapPost("/api/chat", server.ChatAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private async Task ChatAsync(HttpContext context)
    {
        var request = (await JsonNode.ParseAsync(context.Request.Body))!;
        lock (_requests)
        {
            _requests.Add(request);
        }

        var model = request["model"]?.GetValue<string>() ?? "unknown";
        if (FailWith is { } status)
        {
            context.Response.StatusCode = (int)status;
            await context.Response.WriteAsJsonAsync(new { error = "model runner has unexpectedly stopped" });
            return;
        }

        var stream = request["stream"]?.GetValue<bool>() ?? true;
        if (!stream)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            var done = Final(model, Answer);
            await context.Response.WriteAsync(done.ToJsonString(), Encoding.UTF8);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        for (var i = 0; i < Answer.Length; i += 7)
        {
            var chunk = new JsonObject
            {
                ["model"] = model,
                ["created_at"] = Now(),
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Answer.Substring(i, Math.Min(7, Answer.Length - i)) },
                ["done"] = false,
            };
            await context.Response.WriteAsync(chunk.ToJsonString() + "\n", Encoding.UTF8);
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync(Final(model, string.Empty).ToJsonString() + "\n", Encoding.UTF8);
    }

    private static JsonObject Final(string model, string content) => new()
    {
        ["model"] = model,
        ["created_at"] = Now(),
        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
        ["done_reason"] = "stop",
        ["done"] = true,
        ["total_duration"] = 2254970291,
        ["load_duration"] = 574751416,
        ["prompt_eval_count"] = 34,
        ["prompt_eval_duration"] = 1502000000,
        ["eval_count"] = 12,
        ["eval_duration"] = 175000000,
    };

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
