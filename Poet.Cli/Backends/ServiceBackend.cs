using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Poet.Cli.Output;

namespace Poet.Cli.Backends;

/// <summary>
/// A POET service, through its <c>/poet/*</c> HTTP API with the API key in <c>X-Api-Key</c>. Feedback carries an
/// <c>Idempotency-Key</c>, so a command that is run again (or retried) applies nothing twice.
/// </summary>
internal sealed class ServiceBackend : IPoetBackend
{
    /// <summary>Items per <c>POST /poet/feedback/batch</c> request (well under the service's 1 MB body limit for short feedback).</summary>
    public const int RequestBatchSize = 500;

    private readonly HttpClient _http;

    /// <summary>Creates the backend.</summary>
    /// <param name="endpoint">The service's base URL.</param>
    /// <param name="apiKey">The API key, or null.</param>
    /// <param name="handler">The HTTP handler (tests: an in-process server's); null = sockets.</param>
    public ServiceBackend(Uri endpoint, string? apiKey, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        _http.BaseAddress = endpoint;
        _http.Timeout = TimeSpan.FromSeconds(100);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        Description = $"service {endpoint}";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FunctionRow>> ListFunctionsAsync(CancellationToken cancellationToken)
    {
        var list = await GetAsync<List<FunctionRow>>("poet/functions", null, cancellationToken).ConfigureAwait(false);
        return [.. list.OrderBy(f => f.FunctionId, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<FunctionDetails> GetFunctionAsync(string functionId, CancellationToken cancellationToken)
    {
        var detail = await GetAsync<ServiceFunction>($"poet/functions/{Uri.EscapeDataString(functionId)}", functionId, cancellationToken).ConfigureAwait(false);
        return new FunctionDetails(detail.FunctionId, detail.CurrentVersion, detail.Parameters, [.. detail.Versions.Select(v => new VersionRow(
            v.Version, v.IsCurrent, v.Parent, v.CreatedAt, v.Parameters ?? new Dictionary<string, double>(),
            v.Reason?.Kind ?? string.Empty, v.Reason?.FeedbackIds ?? [], v.Reason?.Rationale ?? string.Empty))]);
    }

    /// <inheritdoc />
    public async Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"poet/functions/{Uri.EscapeDataString(functionId)}/rollback", new { version }, null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, functionId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken)
    {
        var body = new { executionId = executionId.Value, feedback, receivedAt = options.ReceivedAt };
        using var response = await SendAsync(HttpMethod.Post, "poet/feedback", body, options.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, null, cancellationToken).ConfigureAwait(false);
        var outcome = await response.Content.ReadFromJsonAsync<ServiceOutcome>(CliJson.Options, cancellationToken).ConfigureAwait(false);
        return outcome!.ToOutcome();
    }

    /// <inheritdoc />
    public async Task<FeedbackBatchOutcome> FeedbackBatchAsync(IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken)
    {
        var results = new List<FeedbackItemOutcome>(items.Count);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var chunk in items.Chunk(RequestBatchSize))
        {
            var body = new
            {
                items = chunk.Select(i => new { executionId = i.ExecutionId.Value, feedback = i.Feedback, idempotencyKey = i.IdempotencyKey, receivedAt = i.ReceivedAt }),
            };
            using var response = await SendAsync(HttpMethod.Post, "poet/feedback/batch", body, null, cancellationToken).ConfigureAwait(false);
            await EnsureAsync(response, null, cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadFromJsonAsync<ServiceBatch>(CliJson.Options, cancellationToken).ConfigureAwait(false);
            var offset = results.Count;
            results.AddRange(answer!.Items.Select(i => new FeedbackItemOutcome
            {
                Index = offset + i.Index,
                Status = Enum.Parse<FeedbackItemStatus>(i.Status, ignoreCase: true),
                Outcome = i.Outcome?.ToOutcome(),
                Error = i.Error,
            }));
            foreach (var (function, version) in answer.VersionsWritten)
            {
                versions[function] = version;
            }
        }

        return new FeedbackBatchOutcome { Items = results, VersionsWritten = versions };
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> GetAsync<T>(string path, string? functionId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(response, functionId, cancellationToken).ConfigureAwait(false);
        try
        {
            return (await response.Content.ReadFromJsonAsync<T>(CliJson.Options, cancellationToken).ConfigureAwait(false))!;
        }
        catch (JsonException ex)
        {
            throw CliException.Failed($"The {Description} answered {path} with JSON poet cannot read: {ex.Message}", ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: CliJson.Options);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        try
        {
            return await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw CliException.Failed($"Cannot reach the POET {Description}: {ex.Message}. Check --service (or AITOMATIC_API_URL) and that the service runs.", ex);
        }
    }

    private async Task EnsureAsync(HttpResponseMessage response, string? functionId, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await ProblemDetailAsync(response, cancellationToken).ConfigureAwait(false);
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound when functionId is not null => CliException.NotFound(detail ?? $"No function '{functionId}' on the {Description}. List the ids with 'poet functions'."),
            HttpStatusCode.NotFound => CliException.NotFound(detail ?? $"Not found on the {Description}."),
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => CliException.Usage(detail ?? $"The {Description} refused the request ({(int)response.StatusCode})."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => CliException.Failed(
                $"The {Description} refused the API key ({(int)response.StatusCode}): pass --key KEY or set AITOMATIC_API_KEY to the service's key."),
            _ => CliException.Failed($"The {Description} failed ({(int)response.StatusCode}){(detail is null ? "." : ": " + detail)}"),
        };
    }

    private static async Task<string?> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = document.RootElement;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var listed = errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => $"{e.Name}: {m.GetString()}"));
                detail = string.Join("; ", listed);
            }

            return detail;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record ServiceFunction(string FunctionId, int CurrentVersion, Dictionary<string, double> Parameters, List<ServiceVersion> Versions);

    private sealed record ServiceVersion(int Version, bool IsCurrent, int? Parent, DateTimeOffset? CreatedAt, Dictionary<string, double>? Parameters, ServiceReason? Reason);

    private sealed record ServiceReason(string Kind, List<string> FeedbackIds, string Rationale);

    private sealed record ServiceSignal(string Verdict, string? Issue, double Confidence, string? Rationale, string? Translator);

    private sealed record ServiceOutcome(string ExecutionId, string FunctionId, ServiceSignal Signal, int? NewVersion, List<ParameterChange> Changes, bool AlreadyApplied, string? FeedbackId)
    {
        public FeedbackOutcome ToOutcome() => new()
        {
            ExecutionId = Poet.ExecutionId.Parse(ExecutionId),
            FunctionId = FunctionId,
            Signal = new LearningSignal
            {
                Verdict = Enum.TryParse<FeedbackVerdict>(Signal.Verdict, ignoreCase: true, out var verdict) ? verdict : FeedbackVerdict.Other,
                Issue = Signal.Issue,
                Confidence = Signal.Confidence,
                Rationale = Signal.Rationale ?? string.Empty,
                Translator = Signal.Translator ?? string.Empty,
            },
            NewVersion = NewVersion,
            Changes = Changes,
            AlreadyApplied = AlreadyApplied,
            FeedbackId = FeedbackId,
        };
    }

    private sealed record ServiceItem(int Index, string Status, ServiceOutcome? Outcome, string? Error);

    private sealed record ServiceBatch(List<ServiceItem> Items, Dictionary<string, int> VersionsWritten);
}
