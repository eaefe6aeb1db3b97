using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>POST /poet/feedback</c>: feedback in any JSON form on one execution.</summary>
internal static class FeedbackEndpoints
{
    /// <summary>The header that names a feedback so that a repeated request applies nothing again.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const string Example = """{ "executionId": "01J...", "feedback": "false alarm, that dip was seasonal" }""";

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/feedback", (Func<HttpContext, Task<IResult>>)FeedbackAsync)
            .WithName("PoetFeedback")
            .WithSummary("Sends feedback on one execution")
            .WithDescription(
                "The feedback may be any JSON: text, a rating, a boolean or an object. POET translates it into a learning " +
                "signal; when the signal moves a learnable parameter, a new version is written and becomes current. " +
                "Feedback is idempotent: send an Idempotency-Key header (or let POET derive the key from the execution id and " +
                "the payload) and a repeated request applies nothing again; its answer has alreadyApplied = true.")
            .DescribesJsonBody<FeedbackRequest>()
            .Produces<FeedbackOutcomeResponse>()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireApiKey(PoetAccess.Write);

    private static async Task<IResult> FeedbackAsync(HttpContext http)
    {
        var body = await JsonRequestBody.ReadObjectAsync(http, Example).ConfigureAwait(false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Body!.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var executionId = ReadExecutionId(request, errors);
        if (!JsonFields.TryGet(request, "feedback", out var feedback))
        {
            errors["feedback"] = [
                "Required: any JSON value, such as text (\"false alarm, that dip was seasonal\"), a rating (4) or an object " +
                "({\"rating\": 2, \"comment\": \"...\"}); send null explicitly for feedback without content."];
        }

        var receivedAt = ReadReceivedAt(request, errors);
        string? key = null;
        if (http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var header))
        {
            key = header.ToString().Trim();
            if (FeedbackKeys.Problem(key) is { } keyProblem)
            {
                errors[IdempotencyKeyHeader] = [keyProblem];
            }
        }

        if (errors.Count > 0 || executionId is not { } id)
        {
            return PoetProblems.Invalid(errors);
        }

        if (!PoetServiceLookup.TryResolve<IPoetFeedback>(http, out var service, out var problem))
        {
            return problem;
        }

        FeedbackOutcome outcome;
        try
        {
            var payload = feedback.ValueKind == JsonValueKind.Null ? null : (object?)feedback;
            outcome = await (key is null && receivedAt is null
                ? service.FeedbackAsync(id, payload, http.RequestAborted) // the service derives the key from the execution id and the payload
                : service.FeedbackAsync(id, payload, new FeedbackOptions { IdempotencyKey = key, ReceivedAt = receivedAt }, http.RequestAborted))
                .ConfigureAwait(false);
        }
        catch (PoetFeedbackException)
        {
            return PoetProblems.NotFound("Unknown execution", ExecutionIdMessages.Unknown(id));
        }
        catch (ArgumentException ex) when (ex.ParamName == "idempotencyKey")
        {
            return PoetProblems.Conflict("Idempotency key already used", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return PoetProblems.Invalid("feedback", ex.Message);
        }

        PoetEndpointLog.FeedbackApplied(Logger(http), outcome.ExecutionId.Value, outcome.FunctionId, outcome.NewVersion);
        return EndpointConventions.Json(outcome.ToResponse());
    }

    private static DateTimeOffset? ReadReceivedAt(JsonElement request, Dictionary<string, string[]> errors)
    {
        if (!JsonFields.TryGet(request, "receivedAt", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var time))
        {
            return time;
        }

        errors["receivedAt"] = ["Must be an ISO 8601 time with an offset, such as \"2026-11-29T08:00:00Z\", or omitted (= now)."];
        return null;
    }

    private static ExecutionId? ReadExecutionId(JsonElement request, Dictionary<string, string[]> errors)
    {
        if (!JsonFields.TryGet(request, "executionId", out var value))
        {
            errors["executionId"] = [
                "Required: the id of the execution the feedback is about, as returned by the POET call " +
                "(for example the X-Poet-Execution-Id response header)."];
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors["executionId"] = [$"Must be a string of {ExecutionId.Length} characters; got a JSON {JsonFields.KindName(value.ValueKind)}."];
            return null;
        }

        var text = value.GetString();
        if (ExecutionId.TryParse(text, out var id))
        {
            return id;
        }

        errors["executionId"] = [ExecutionIdMessages.Invalid(text)];
        return null;
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Poet.AspNetCore.Endpoints");
}
