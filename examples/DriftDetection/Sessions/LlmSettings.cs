using Poet;

namespace DriftDetection.Sessions;

/// <summary>The LLM the <c>--llm</c> mode uses, configured by environment: POET_OLLAMA_URL and POET_OLLAMA_MODEL.</summary>
public static class LlmSettings
{
    /// <summary>Reads the endpoint and model; throws a message that says what to set when either is missing.</summary>
    public static (Uri Endpoint, string Model) FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var url = getVariable(PoetOptions.OllamaUrlVariable);
        var model = getVariable(PoetOptions.OllamaModelVariable);
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(model) || !Uri.TryCreate(url, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException(
                $"--llm needs {PoetOptions.OllamaUrlVariable} (for example http://localhost:11434) and {PoetOptions.OllamaModelVariable} " +
                "(for example llama3.2) in the environment.");
        }

        return (endpoint, model);
    }
}
