using System.Text.Json;

namespace Poet.AspNetCore;

/// <summary>One stored feedback on a function (<c>GET /poet/functions/{id}/feedback</c>): what was said and what it did.</summary>
public sealed record FeedbackEntryResponse
{
    /// <summary>The feedback id.</summary>
    public required string Id { get; init; }

    /// <summary>The execution the feedback is about.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>When it arrived (UTC).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The payload as it was sent (any JSON); a long payload is cut, see <see cref="RawTruncated"/>.</summary>
    public required JsonElement Raw { get; init; }

    /// <summary>Whether <see cref="Raw"/> was cut because the payload was too large.</summary>
    public required bool RawTruncated { get; init; }

    /// <summary>The translated learning signal, or null when none was made.</summary>
    public LearningSignalResponse? Signal { get; init; }

    /// <summary>The version this feedback produced, or null when it moved no parameter.</summary>
    public int? ProducedVersion { get; init; }

    /// <summary>The parameter changes it caused.</summary>
    public required IReadOnlyList<ParameterChange> Changes { get; init; }
}
