using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.Timeout;

namespace Poet.Remote;

/// <summary>
/// The HTTP calls of remote mode. Transport failures, timeouts and refused keys become
/// <see cref="PoetServiceException"/>s whose messages name the URL and the cause.
/// </summary>
internal sealed class RemoteServiceClient
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly IHttpClientFactory _factory;
    private readonly RemoteClientOptions _options;
    private readonly Uri _base;

    /// <summary>Creates the client.</summary>
    /// <param name="factory">Creates the named clients of <see cref="RemoteHttp"/>.</param>
    /// <param name="options">The remote settings.</param>
    public RemoteServiceClient(IHttpClientFactory factory, RemoteClientOptions options)
    {
        _factory = factory;
        _options = options;
        var text = options.Endpoint.ToString();
        _base = new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }

    /// <summary>The service's base URL.</summary>
    public Uri Endpoint => _options.Endpoint;

    /// <summary>Registers a plan; the service writes v1 when the function is new and answers the current version.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The current version and its ETag.</returns>
    public async Task<VersionAnswer> RegisterAsync(FunctionPlan plan, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(RemoteRoutes.Functions))
        {
            Content = JsonContent.Create(plan, options: RemoteJson.Options),
        };
        using var response = await SendAsync(RemoteHttp.BackgroundClient, request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks for the current version unless it still has the ETag <paramref name="etag"/>.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="etag">The ETag of the version held, or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version, <see cref="VersionAnswer.NotModified"/>, or <see cref="VersionAnswer.NotFound"/>.</returns>
    public async Task<VersionAnswer> GetCurrentAsync(string functionId, string? etag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(RemoteRoutes.Current(functionId)));
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        using var response = await SendAsync(RemoteHttp.BackgroundClient, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return VersionAnswer.NotModified;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return VersionAnswer.NotFound;
        }

        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        return await ReadVersionAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one batch of execution records (a JSON array, already serialized).</summary>
    /// <param name="jsonArray">The batch as UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service stored the batch.</returns>
    public async Task AppendExecutionsAsync(ReadOnlyMemory<byte> jsonArray, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(RemoteRoutes.Executions))
        {
            Content = new ReadOnlyMemoryContent(jsonArray) { Headers = { ContentType = JsonType } },
        };
        using var response = await SendAsync(RemoteHttp.BackgroundClient, request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one batch of execution records in the compact encoding: JSON lines exactly as the execution log stores
    /// them (<see cref="RemoteRoutes.JsonLinesMediaType"/>), so neither side converts them.
    /// </summary>
    /// <param name="lines">The records, one JSON object per line, each line ending with a newline.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the service stored the batch.</returns>
    public async Task AppendExecutionLinesAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(RemoteRoutes.Executions))
        {
            Content = new ReadOnlyMemoryContent(lines) { Headers = { ContentType = ExecutionBatchFormat.Header() } },
        };
        using var response = await SendAsync(RemoteHttp.BackgroundClient, request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts feedback to the service's feedback endpoint; the service translates and trains.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="feedback">Any payload.</param>
    /// <param name="options">The idempotency key (sent as the <c>Idempotency-Key</c> header) and receive time.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="PoetFeedbackException">The service does not know the execution, or refused the payload.</exception>
    /// <exception cref="ArgumentException">The key was already used for feedback on another execution.</exception>
    /// <exception cref="PoetServiceException">The service is down, refused the key or failed.</exception>
    public async Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(RemoteRoutes.Feedback))
        {
            Content = new ByteArrayContent(FeedbackBody.Serialize(executionId, feedback, options.ReceivedAt)) { Headers = { ContentType = JsonType } },
        };
        if (options.IdempotencyKey is { } key)
        {
            request.Headers.Add(RemoteRoutes.IdempotencyKeyHeader, FeedbackKeys.Validate(key));
        }

        using var response = await SendAsync(RemoteHttp.FeedbackClient, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var detail = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw new ArgumentException(detail ?? $"The idempotency key '{options.IdempotencyKey}' was already used for other feedback.", nameof(options));
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
        {
            var detail = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            if (detail is not null)
            {
                throw new PoetFeedbackException($"The POET service at {request.RequestUri} did not accept the feedback on execution {executionId}: {detail}");
            }
        }

        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<FeedbackOutcome>(request, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>All functions the service knows.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The functions.</returns>
    public async Task<IReadOnlyList<PoetFunctionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(RemoteRoutes.Functions));
        using var response = await SendAsync(RemoteHttp.BackgroundClient, request, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<List<PoetFunctionInfo>>(request, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One function.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The function.</returns>
    /// <exception cref="KeyNotFoundException">The service does not know the function.</exception>
    public async Task<PoetFunctionInfo> GetAsync(string functionId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(RemoteRoutes.Function(functionId)));
        using var response = await SendAsync(RemoteHttp.BackgroundClient, request, cancellationToken).ConfigureAwait(false);
        await ThrowIfNotFoundAsync(response, functionId, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<PoetFunctionInfo>(request, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes an older version current on the service.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the version is current.</returns>
    /// <exception cref="KeyNotFoundException">The function or version does not exist.</exception>
    public async Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(RemoteRoutes.Rollback(functionId)))
        {
            Content = JsonContent.Create(new RollbackRequest(version), options: RemoteJson.Options),
        };
        using var response = await SendAsync(RemoteHttp.FeedbackClient, request, cancellationToken).ConfigureAwait(false);
        await ThrowIfNotFoundAsync(response, functionId, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    private Uri Url(string route) => new(_base, route.TrimStart('/'));

    private async Task<HttpResponseMessage> SendAsync(string clientName, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var client = _factory.CreateClient(clientName);
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException or TimeoutException or IOException)
        {
            throw RemoteErrors.Unreachable(request.RequestUri ?? _options.Endpoint, ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var url = request.RequestUri ?? _options.Endpoint;
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw RemoteErrors.Unauthorized(url, (int)response.StatusCode, _options.ApiKey is not null);
        }

        if (!response.IsSuccessStatusCode)
        {
            var detail = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw RemoteErrors.Failed(url, (int)response.StatusCode, detail);
        }
    }

    private static async Task ThrowIfNotFoundAsync(HttpResponseMessage response, string functionId, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var detail = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw new KeyNotFoundException(detail ?? $"The POET service knows no function '{functionId}'; list the ids with IPoetFunctions.List().");
        }
    }

    private static async Task<VersionAnswer> ReadVersionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var version = await response.Content.ReadFromJsonAsync<FunctionVersion>(RemoteJson.Options, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("The POET service answered an empty version.");
        return VersionAnswer.Changed(version, response.Headers.ETag?.ToString());
    }

    private static async Task<T> ReadAsync<T>(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(RemoteJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new PoetServiceException($"The POET service at {request.RequestUri} answered JSON that is not a {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static async Task<string?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in (string[])["detail", "title", "error", "message"])
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return value.GetString();
                    }
                }
            }

            return text.Length <= 500 ? text : text[..500];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record RollbackRequest(int Version);
}
