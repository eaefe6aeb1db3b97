using Microsoft.Extensions.AI;

namespace Poet;

/// <summary>
/// Configures POET for a container (<c>builder.AddPoet(o =&gt; ...)</c>). The defaults are the embedded mode: a
/// file store in <c>.poet</c>, the offline translator, no LLM, no server. Environment variables can set the same
/// things without code; options set in code win over the environment.
/// </summary>
/// <remarks>
/// Environment variables (read by <see cref="ApplyEnvironment"/>): <c>POET_STORE_PATH</c>,
/// <c>POET_OLLAMA_URL</c> with <c>POET_OLLAMA_MODEL</c>, <c>AITOMATIC_API_URL</c> (<c>local</c> or a service URL)
/// with <c>AITOMATIC_API_KEY</c>.
/// </remarks>
public sealed partial class PoetOptions
{
    /// <summary>Environment variable for <see cref="StorePath"/>.</summary>
    public const string StorePathVariable = "POET_STORE_PATH";

    /// <summary>Environment variable for the Ollama endpoint of <see cref="UseOllama"/>.</summary>
    public const string OllamaUrlVariable = "POET_OLLAMA_URL";

    /// <summary>Environment variable for the Ollama model of <see cref="UseOllama"/>.</summary>
    public const string OllamaModelVariable = "POET_OLLAMA_MODEL";

    /// <summary>Environment variable choosing local mode (<c>local</c>, the default) or a POET service URL.</summary>
    public const string ServiceUrlVariable = "AITOMATIC_API_URL";

    /// <summary>Environment variable with the POET service's API key.</summary>
    public const string ServiceApiKeyVariable = "AITOMATIC_API_KEY";

    private readonly List<DomainTemplate> _domains = [];

    /// <summary>The folder of the file store. Default <c>.poet</c> (relative to the working directory).</summary>
    public string StorePath { get; set; } = ".poet";

    /// <summary>The chat client that translates feedback, or null for the offline translator only.</summary>
    public IChatClient? ChatClient { get; private set; }

    /// <summary>The Ollama endpoint set by <see cref="UseOllama"/>, if any.</summary>
    public Uri? OllamaEndpoint { get; private set; }

    /// <summary>The Ollama model set by <see cref="UseOllama"/>, if any.</summary>
    public string? OllamaModel { get; private set; }

    /// <summary>The POET service set by <see cref="UseService"/> (remote mode), or null for local mode.</summary>
    public Uri? ServiceEndpoint { get; private set; }

    /// <summary>The API key for <see cref="ServiceEndpoint"/>.</summary>
    public string? ServiceApiKey { get; private set; }

    /// <summary>
    /// How many execution records may wait for the disk (or the service) before new ones are dropped (default 65,536).
    /// With <see cref="RecordingOverflowMode.Block"/> at most 8,192 wait (two batches of the writer): callers wait instead
    /// of queueing more, which keeps queued calls from piling up as garbage-collector survivors.
    /// </summary>
    public int RecorderCapacity { get; set; } = 65_536;

    /// <summary>
    /// What happens when execution records arrive faster than the store takes them: <see cref="RecordingOverflowMode.Drop"/>
    /// (the default: the caller never waits; drops are counted in <c>poet.records.dropped</c> and logged at most once a
    /// minute) or <see cref="RecordingOverflowMode.Block"/> (the caller waits for room; nothing is lost).
    /// </summary>
    public RecordingOverflowMode RecordingOverflow { get; set; } = RecordingOverflowMode.Drop;

    /// <summary>
    /// The longest an accepted execution record waits before the recorder hands it to the operating system (default
    /// 100 ms; null = no time bound, only <see cref="RecorderCapacity"/>). It bounds what a crash of the process (a
    /// SIGKILL) can lose to the records of this last moment: when the oldest waiting record is older, new records are
    /// treated as if the queue were full (<see cref="RecordingOverflow"/> decides: dropped and counted, or the caller waits).
    /// </summary>
    public TimeSpan? RecordingMaxDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Execution log segments older than this are deleted; null keeps them (default 30 days).</summary>
    public TimeSpan? ExecutionRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>When the execution log exceeds this many megabytes the oldest segments are deleted; null = no limit.</summary>
    public long? ExecutionRetentionMegabytes { get; set; }

    /// <summary>Stored feedback records older than this are deleted; null keeps them (default 90 days).</summary>
    public TimeSpan? FeedbackRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>When stored feedback exceeds this many megabytes the oldest records are deleted (default 256); null = no limit.</summary>
    public long? FeedbackRetentionMegabytes { get; set; } = 256;

    /// <summary>Raw feedback payloads longer than this (characters of JSON) are stored truncated, with a marker and their size.</summary>
    public int MaxStoredFeedbackChars { get; set; } = 1_000_000;

    /// <summary>Domain templates registered by the user, in addition to the built-in <c>ml_monitoring</c> and <c>generic</c>.</summary>
    public IReadOnlyList<DomainTemplate> Domains => _domains;

    /// <summary>Turns on LLM translation of feedback with any <c>Microsoft.Extensions.AI</c> chat client.</summary>
    /// <param name="client">The chat client (OpenAI, Azure, Ollama, ...).</param>
    /// <returns>These options, for chaining.</returns>
    public PoetOptions UseChatClient(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        ChatClient = client;
        return this;
    }

    /// <summary>Turns on LLM translation of feedback with a model served by Ollama.</summary>
    /// <param name="endpoint">The Ollama server, for example <c>http://localhost:11434</c>.</param>
    /// <param name="model">The model name, for example <c>llama3.2:3b</c> (pull it first with <c>ollama pull</c>).</param>
    /// <returns>These options, for chaining.</returns>
    public PoetOptions UseOllama(Uri endpoint, string model)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException($"The Ollama endpoint '{endpoint}' must be an absolute URL such as http://localhost:11434.", nameof(endpoint));
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException("Name the Ollama model to use, for example \"llama3.2:3b\" (see `ollama list`).", nameof(model));
        }

        OllamaEndpoint = endpoint;
        OllamaModel = model;
        return this;
    }

    /// <summary>
    /// Remote mode: learned parameters, versions, executions and feedback live in a shared POET service;
    /// Perceive/Operate/Enforce still run in-process.
    /// </summary>
    /// <param name="endpoint">The service's base URL, for example <c>http://poet.internal:8080</c>.</param>
    /// <param name="apiKey">The service's API key (also <c>AITOMATIC_API_KEY</c>).</param>
    /// <returns>These options, for chaining.</returns>
    public PoetOptions UseService(Uri endpoint, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The POET service endpoint '{endpoint}' must be an absolute http or https URL such as http://localhost:8080.", nameof(endpoint));
        }

        ServiceEndpoint = endpoint;
        ServiceApiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey;
        return this;
    }

    /// <summary>
    /// Local mode (the default): undoes <see cref="UseService"/> and <c>AITOMATIC_API_URL</c>, so versions, executions
    /// and feedback live in <see cref="StorePath"/>. A POET service itself always runs in local mode.
    /// </summary>
    /// <returns>These options, for chaining.</returns>
    public PoetOptions UseLocal()
    {
        ServiceEndpoint = null;
        ServiceApiKey = null;
        return this;
    }

    /// <summary>Registers a domain template (replaces a built-in or earlier template of the same name).</summary>
    /// <param name="template">The template.</param>
    /// <returns>These options, for chaining.</returns>
    public PoetOptions AddDomain(DomainTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (string.IsNullOrWhiteSpace(template.Name))
        {
            throw new ArgumentException("A domain template needs a Name, the value used in [Poet(Domain = ...)].", nameof(template));
        }

        _domains.RemoveAll(d => string.Equals(d.Name, template.Name, StringComparison.OrdinalIgnoreCase));
        _domains.Add(template);
        return this;
    }

    /// <summary>
    /// Applies the environment variables listed on this class. <c>AddPoet</c> calls it before the user's
    /// configuration, so code wins over the environment.
    /// </summary>
    /// <param name="getVariable">Reads one variable (default: <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException">A variable holds a value that cannot be used; the message names it.</exception>
    public PoetOptions ApplyEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;

        var storePath = getVariable(StorePathVariable);
        if (!string.IsNullOrWhiteSpace(storePath))
        {
            StorePath = storePath;
        }

        var ollamaUrl = getVariable(OllamaUrlVariable);
        if (!string.IsNullOrWhiteSpace(ollamaUrl))
        {
            if (!Uri.TryCreate(ollamaUrl, UriKind.Absolute, out var ollama))
            {
                throw new ArgumentException($"{OllamaUrlVariable}='{ollamaUrl}' is not an absolute URL; set it like http://localhost:11434 or unset it.");
            }

            var model = getVariable(OllamaModelVariable);
            if (string.IsNullOrWhiteSpace(model))
            {
                throw new ArgumentException($"{OllamaUrlVariable} is set but {OllamaModelVariable} is not; set it to a pulled model such as llama3.2:3b.");
            }

            UseOllama(ollama, model);
        }

        var serviceUrl = getVariable(ServiceUrlVariable);
        if (!string.IsNullOrWhiteSpace(serviceUrl) && !string.Equals(serviceUrl.Trim(), "local", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service))
            {
                throw new ArgumentException($"{ServiceUrlVariable}='{serviceUrl}' is neither 'local' nor an absolute URL; set it like http://localhost:8080.");
            }

            UseService(service, getVariable(ServiceApiKeyVariable));
        }

        return this;
    }
}
