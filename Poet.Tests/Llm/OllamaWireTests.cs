using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using OllamaSharp;
using Poet;

namespace Poet.Tests.Llm;

/// <summary>A real OllamaSharp client speaking HTTP to a loopback server that answers like Ollama.</summary>
public class OllamaWireTests
{
    // Generous: the first request pays for JIT and connection setup on a busy CI machine.
    private static readonly LlmResilienceSettings WireSettings = LlmTestData.FastSettings(TimeSpan.FromSeconds(30));

    [Test]
    public async Task A_well_formed_non_streamed_answer_is_used()
    {
        await using var server = await FakeOllamaServer.StartAsync();
        server.Answer = LlmTestData.Answer("false_positive", +1, 0.6, 0.85);
        using var provider = new PoetChatClientProvider(new PoetOptions().UseOllama(server.Address, "llama3.2:3b"));
        var translator = LlmTestData.Translator(provider.Client!, settings: WireSettings);

        var signal = await translator.TranslateAsync(LlmTestData.Context());

        Assert.That(signal, Is.Not.Null);
        Assert.That(signal!.Adjustments.Single(), Is.EqualTo(new ParameterAdjustment("threshold", +1, 0.6)));
        Assert.That(signal.Confidence, Is.EqualTo(0.85));

        var request = server.Requests.Single();
        Assert.That(request["model"]!.GetValue<string>(), Is.EqualTo("llama3.2:3b"));
        Assert.That(request["stream"]!.GetValue<bool>(), Is.False);
        Assert.That(request["format"]!["properties"]!["verdict"], Is.Not.Null, "the answer schema travels as Ollama's format");
        Assert.That(request["options"]!["temperature"]!.GetValue<double>(), Is.Zero);
        Assert.That(request["messages"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("system"));
        Assert.That(request["messages"]![1]!["content"]!.GetValue<string>(), Does.Contain("seasonal dip"));
    }

    [Test]
    public async Task A_well_formed_streamed_NDJSON_answer_is_used()
    {
        await using var server = await FakeOllamaServer.StartAsync();
        server.Answer = LlmTestData.Answer("false_negative", -1, 1, 0.7);
        using var ollama = new OllamaApiClient(server.Address, "llama3.2:3b");
        var translator = LlmTestData.Translator(new StreamingOnlyChatClient(ollama), settings: WireSettings);

        var signal = await translator.TranslateAsync(LlmTestData.Context("missed the outage"));

        Assert.That(server.Requests.Single()["stream"]!.GetValue<bool>(), Is.True, "the server streamed NDJSON");
        Assert.That(signal, Is.Not.Null);
        Assert.That(signal!.Verdict, Is.EqualTo(FeedbackVerdict.FalseNegative));
        Assert.That(signal.Adjustments.Single(), Is.EqualTo(new ParameterAdjustment("threshold", -1, 1)));
    }

    [TestCase(false, TestName = "garbage, non-streamed")]
    [TestCase(true, TestName = "garbage, streamed")]
    public async Task A_garbage_answer_falls_back(bool streamed)
    {
        await using var server = await FakeOllamaServer.StartAsync();
        server.Answer = "I think you should probably raise the threshold a little, maybe to 4?";
        using var ollama = new OllamaApiClient(server.Address, "llama3.2:3b");
        var translator = LlmTestData.Translator(streamed ? new StreamingOnlyChatClient(ollama) : ollama, settings: WireSettings);

        Assert.That(await translator.TranslateAsync(LlmTestData.Context()), Is.Null);
        Assert.That(translator.Fallbacks, Is.EqualTo(1));
    }

    [Test]
    public async Task An_HTTP_error_falls_back()
    {
        await using var server = await FakeOllamaServer.StartAsync();
        server.FailWith = HttpStatusCode.InternalServerError;
        using var ollama = new OllamaApiClient(server.Address, "llama3.2:3b");
        var translator = LlmTestData.Translator(ollama, settings: WireSettings);

        Assert.That(await translator.TranslateAsync(LlmTestData.Context()), Is.Null);
        Assert.That(translator.Fallbacks, Is.EqualTo(1));
        Assert.That(server.Requests, Has.Count.EqualTo(2), "one retry");
    }

    [Test]
    public async Task A_refused_connection_falls_back()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();   // nothing listens on this port any more
        using var ollama = new OllamaApiClient(new Uri($"http://127.0.0.1:{port}/"), "llama3.2:3b");
        var translator = LlmTestData.Translator(ollama, settings: WireSettings);

        Assert.That(await translator.TranslateAsync(LlmTestData.Context()), Is.Null);
        Assert.That(translator.Fallbacks, Is.EqualTo(1));
    }

    /// <summary>Answers through the client's streaming API, so OllamaSharp requests and parses NDJSON.</summary>
    private sealed class StreamingOnlyChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
    }
}
