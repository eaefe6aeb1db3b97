using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary><c>POST /poet/feedback/batch</c>: delayed feedback in bulk, learned once per batch, idempotently.</summary>
internal static class FeedbackBatchEndpoints
{
    /// <summary>The most items one request may carry.</summary>
    public const int MaxItems = 10_000;

    private const string Example =
        """{ "items": [ { "executionId": "01J...", "feedback": "false alarm", "idempotencyKey": "TICKET-101", "receivedAt": "2026-11-28T09:00:00Z" } ] }""";

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/feedback/batch", (Func<HttpContext, Task<IResult>>)BatchAsync)
            .WithName("PoetFeedbackBatch")
            .WithSummary("Sends a batch of feedback (delayed ground truth)")
            .WithDescription(
                "Each item is { executionId, feedback, idempotencyKey?, receivedAt? }. Signals are applied in order and each " +
                "function gets at most one new version per request, listing the feedback ids it used. Items already applied " +
                "(same idempotency key, or same execution and payload) are skipped; bad items are reported, not fatal.")
            .ProducesBodyProblems()
            .RequireApiKey(PoetAccess.Write);

    private static async Task<IResult> BatchAsync(HttpContext http)
    {
        var body = await JsonRequestBody.ReadObjectAsync(http, Example).ConfigureAwait(false);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!JsonFields.TryGet(body.Body!.Value, "items", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return PoetProblems.Invalid("items", $"Required: an array of {{ executionId, feedback, idempotencyKey?, receivedAt? }}, such as {Example}.");
        }

        if (array.GetArrayLength() > MaxItems)
        {
            return PoetProblems.Invalid("items", $"At most {MaxItems} items per request; split the batch.");
        }

        var items = new List<FeedbackItem>();
        var invalid = new Dictionary<int, string>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if (Read(element) is { } item)
            {
                items.Add(item);
            }
            else
            {
                invalid[index] = "Each item needs executionId (a 26-character execution id) and feedback; idempotencyKey is a string, receivedAt an ISO 8601 time.";
                items.Add(new FeedbackItem(default, null)); // rejected by the service as an empty id, keeping positions
            }

            index++;
        }

        if (!PoetServiceLookup.TryResolve<IPoetFeedback>(http, out var service, out var problem))
        {
            return problem;
        }

        var outcome = await service.FeedbackBatchAsync(items, http.RequestAborted).ConfigureAwait(false);
        return EndpointConventions.Json(new
        {
            items = outcome.Items.Select(i => new
            {
                index = i.Index,
                status = JsonNamingPolicy.CamelCase.ConvertName(i.Status.ToString()),
                outcome = i.Outcome is null ? null : FeedbackOutcomeResponse.From(i.Outcome),
                error = invalid.TryGetValue(i.Index, out var why) ? why : i.Error,
            }),
            versionsWritten = outcome.VersionsWritten,
            applied = outcome.Applied,
            alreadyApplied = outcome.AlreadyApplied,
            rejected = outcome.Rejected,
        });
    }

    private static FeedbackItem? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !JsonFields.TryGet(element, "executionId", out var id) || id.ValueKind != JsonValueKind.String
            || !ExecutionId.TryParse(id.GetString(), out var executionId)
            || !JsonFields.TryGet(element, "feedback", out var feedback))
        {
            return null;
        }

        string? key = null;
        if (JsonFields.TryGet(element, "idempotencyKey", out var k) && k.ValueKind != JsonValueKind.Null)
        {
            if (k.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            key = k.GetString();
        }

        DateTimeOffset? receivedAt = null;
        if (JsonFields.TryGet(element, "receivedAt", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.String || !r.TryGetDateTimeOffset(out var time))
            {
                return null;
            }

            receivedAt = time;
        }

        return new FeedbackItem(executionId, feedback.ValueKind == JsonValueKind.Null ? null : feedback.Clone()) { IdempotencyKey = key, ReceivedAt = receivedAt };
    }
}
