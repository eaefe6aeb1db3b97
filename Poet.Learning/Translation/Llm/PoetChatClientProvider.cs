using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Poet;

/// <summary>
/// Gives the chat client POET translates feedback with: <see cref="PoetOptions.ChatClient"/> when the user set one
/// (<see cref="PoetOptions.UseChatClient"/>; the user owns it), otherwise an OllamaSharp <see cref="OllamaApiClient"/>
/// for <see cref="PoetOptions.OllamaEndpoint"/> and <see cref="PoetOptions.OllamaModel"/> (<see cref="PoetOptions.UseOllama"/>
/// or <c>POET_OLLAMA_URL</c> + <c>POET_OLLAMA_MODEL</c>; this provider owns and disposes it), otherwise none.
/// </summary>
internal sealed class PoetChatClientProvider : IDisposable
{
    private readonly OllamaApiClient? _owned;

    /// <summary>Resolves the client from options.</summary>
    /// <param name="options">The options.</param>
    public PoetChatClientProvider(PoetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ChatClient is { } client)
        {
            Client = client;
        }
        else if (options.OllamaEndpoint is { } endpoint && !string.IsNullOrWhiteSpace(options.OllamaModel))
        {
            var ollama = new OllamaApiClient(endpoint, options.OllamaModel);
            Client = ollama;
            _owned = ollama;
        }
    }

    /// <summary>The chat client, or null when no LLM is configured (the offline translator serves alone).</summary>
    public IChatClient? Client { get; }

    /// <summary>Whether an LLM is configured.</summary>
    public bool IsConfigured => Client is not null;

    /// <summary>Disposes the client if this provider created it (never the user's own client).</summary>
    public void Dispose() => _owned?.Dispose();
}
