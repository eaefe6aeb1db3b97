using Microsoft.Extensions.AI;
using Moq;
using OllamaSharp;
using Poet;

namespace Poet.Tests.Llm;

public class PoetChatClientProviderTests
{
    [Test]
    public void UseOllama_gives_an_OllamaSharp_client_for_the_endpoint_and_model()
    {
        var options = new PoetOptions().UseOllama(new Uri("http://127.0.0.1:11434"), "llama3.2:3b");
        using var provider = new PoetChatClientProvider(options);

        var client = provider.Client as OllamaApiClient;
        Assert.That(client, Is.Not.Null);
        Assert.That(client!.Uri, Is.EqualTo(new Uri("http://127.0.0.1:11434")));
        Assert.That(client.SelectedModel, Is.EqualTo("llama3.2:3b"));
    }

    [Test]
    public void The_environment_variables_turn_Ollama_on()
    {
        var variables = new Dictionary<string, string?> { ["POET_OLLAMA_URL"] = "http://gpu-box:11434", ["POET_OLLAMA_MODEL"] = "qwen2.5:1.5b-instruct" };
        using var provider = new PoetChatClientProvider(new PoetOptions().ApplyEnvironment(v => variables.GetValueOrDefault(v)));
        Assert.That((provider.Client as OllamaApiClient)?.SelectedModel, Is.EqualTo("qwen2.5:1.5b-instruct"));
    }

    [Test]
    public void UseChatClient_wins_and_the_users_client_is_not_disposed()
    {
        var mine = new Mock<IChatClient>();
        var options = new PoetOptions().UseOllama(new Uri("http://127.0.0.1:11434"), "llama3.2:3b").UseChatClient(mine.Object);

        using (var provider = new PoetChatClientProvider(options))
        {
            Assert.That(provider.Client, Is.SameAs(mine.Object));
        }

        mine.Verify(c => c.Dispose(), Times.Never);
    }

    [Test]
    public void Without_an_LLM_there_is_no_client()
    {
        using var provider = new PoetChatClientProvider(new PoetOptions());
        Assert.That(provider.IsConfigured, Is.False);
        Assert.That(provider.Client, Is.Null);
    }

    [Test]
    public void Resilience_settings_are_validated()
    {
        Assert.That(() => LlmResilienceSettings.From(new PoetOptions { LlmTimeout = TimeSpan.Zero }), Throws.ArgumentException.With.Message.Contains("LlmTimeout"));
        Assert.That(() => LlmResilienceSettings.From(new PoetOptions { LlmBreakAfterFailures = 1 }), Throws.ArgumentException.With.Message.Contains("LlmBreakAfterFailures"));
        Assert.That(LlmResilienceSettings.From(new PoetOptions()).Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }
}
