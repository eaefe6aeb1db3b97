using System.Text.Json;

namespace Poet.AspNetCore;

/// <summary>The body of <c>POST /poet/feedback</c>.</summary>
public sealed record FeedbackRequest
{
    /// <summary>The execution the feedback is about: the id a POET call returned (26 characters).</summary>
    public required string ExecutionId { get; init; }

    /// <summary>
    /// The feedback, any JSON: text (<c>"false alarm, that dip was seasonal"</c>), a rating (<c>4</c>), a boolean,
    /// or an object (<c>{ "rating": 2, "comment": "..." }</c>). <c>null</c> sends no content.
    /// </summary>
    public required JsonElement Feedback { get; init; }

    /// <summary>When the feedback was given (ISO 8601; delayed feedback from a ticket system); omitted = now.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}
