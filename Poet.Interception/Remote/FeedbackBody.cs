using System.Text.Json;

namespace Poet.Remote;

/// <summary>
/// Serializes the body of <c>POST /poet/feedback</c>: <c>{ "executionId": "...", "feedback": any }</c>. Payloads
/// JSON cannot represent (exceptions, objects with cycles or delegates) are reduced to what a person would say.
/// </summary>
internal static class FeedbackBody
{
    /// <summary>The request body as UTF-8 JSON.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="feedback">Any payload.</param>
    /// <param name="receivedAt">When the feedback was given; null = when the service receives it.</param>
    /// <returns>The body.</returns>
    public static byte[] Serialize(ExecutionId executionId, object? feedback, DateTimeOffset? receivedAt = null)
    {
        var payload = feedback switch
        {
            Exception ex => new { type = ex.GetType().FullName, message = ex.Message },
            _ => feedback,
        };

        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(new Body(executionId, payload, receivedAt), RemoteJson.Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return JsonSerializer.SerializeToUtf8Bytes(new Body(executionId, feedback?.ToString(), receivedAt), RemoteJson.Options);
        }
    }

    private sealed record Body(ExecutionId ExecutionId, object? Feedback,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        DateTimeOffset? ReceivedAt);
}
