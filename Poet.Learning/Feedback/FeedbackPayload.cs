using System.Text.Json;

namespace Poet.Feedback;

/// <summary>
/// A feedback payload read once, within bounds, for storage (<see cref="Raw"/>) and analysis (<see cref="Normalized"/>).
/// Bounds: items, depth and size as in <see cref="BoundedJson"/> and <see cref="FeedbackNormalizer"/>; a task is a
/// marker (never awaited or blocked on); and reading an object (its getters, its enumerator) may take at most
/// <see cref="MaxReadTime"/>: past it, the read is abandoned and the payload is stored as a <c>timeout</c> marker.
/// </summary>
/// <param name="Raw">The stored form.</param>
/// <param name="Normalized">The normalized form.</param>
internal readonly record struct FeedbackPayload(RawFeedback Raw, NormalizedFeedback Normalized)
{
    /// <summary>How long reading one payload object may take before it is abandoned.</summary>
    public static readonly TimeSpan MaxReadTime = TimeSpan.FromSeconds(5);

    /// <summary>Reads a payload within the bounds; never throws for the payload's sake.</summary>
    /// <param name="payload">Anything.</param>
    /// <param name="maxChars">The stored-feedback limit (<see cref="PoetOptions.MaxStoredFeedbackChars"/>).</param>
    /// <param name="cancellationToken">Cancels the wait (not the read).</param>
    /// <returns>The payload read.</returns>
    public static async Task<FeedbackPayload> ReadAsync(object? payload, int maxChars, CancellationToken cancellationToken)
    {
        if (IsData(payload))
        {
            return Read(payload, maxChars); // nothing of the caller's code runs: no time bound needed
        }

        // User objects run user code (getters, enumerators), which may never return: read on the pool, wait with a bound.
        var reading = Task.Run(() => Read(payload, maxChars), CancellationToken.None);
        try
        {
            return await reading.WaitAsync(MaxReadTime, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return new FeedbackPayload(
                RawFeedback.TimedOut(payload, MaxReadTime),
                new NormalizedFeedback { Kind = "unreadable", Fields = new Dictionary<string, string> { ["$error"] = "reading the payload timed out" } });
        }
    }

    private static FeedbackPayload Read(object? payload, int maxChars) =>
        new(RawFeedback.From(payload, maxChars), FeedbackNormalizer.Normalize(payload));

    private static bool IsData(object? payload) =>
        payload is null or string or JsonElement or JsonDocument or System.Text.Json.Nodes.JsonNode or bool or char or Enum or Task or ValueTask
        || (payload.GetType().IsPrimitive || payload is decimal or DateTime or DateTimeOffset or Guid or TimeSpan or ExecutionId);
}
