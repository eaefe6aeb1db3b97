using System.Globalization;

namespace Poet.Cli.Import;

/// <summary>Checks the fields of one row (the same rules for CSV and JSON lines).</summary>
internal static class ImportFields
{
    /// <summary>Builds the row from its fields.</summary>
    /// <param name="line">The line number.</param>
    /// <param name="executionId">The <c>execution_id</c> text.</param>
    /// <param name="feedback">The feedback payload (text or JSON).</param>
    /// <param name="feedbackId">The <c>feedback_id</c> (the idempotency key), or null.</param>
    /// <param name="receivedAt">The <c>received_at</c> text, or null.</param>
    /// <returns>The row, good or bad.</returns>
    public static ImportRow Row(long line, string? executionId, object? feedback, string? feedbackId, string? receivedAt)
    {
        if (string.IsNullOrWhiteSpace(executionId))
        {
            return ImportRow.Bad(line, "execution_id is empty.");
        }

        if (!ExecutionId.TryParse(executionId.Trim(), out var id))
        {
            return ImportRow.Bad(line, $"execution_id '{Clip(executionId)}' is not a POET execution id ({ExecutionId.Length} characters of Crockford base32).");
        }

        if (feedback is null || (feedback is string text && string.IsNullOrWhiteSpace(text)))
        {
            return ImportRow.Bad(line, "feedback is empty: give text, a number or JSON.");
        }

        string? key = null;
        if (!string.IsNullOrWhiteSpace(feedbackId))
        {
            if (FeedbackKeys.Problem(feedbackId) is { } problem)
            {
                return ImportRow.Bad(line, $"feedback_id: {problem}");
            }

            key = feedbackId.Trim();
        }

        DateTimeOffset? time = null;
        if (!string.IsNullOrWhiteSpace(receivedAt))
        {
            if (!DateTimeOffset.TryParse(receivedAt.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return ImportRow.Bad(line, $"received_at '{Clip(receivedAt)}' is not a time; use ISO 8601 such as 2026-11-29T08:00:00Z.");
            }

            time = parsed;
        }

        return new ImportRow(line, new FeedbackItem(id, feedback) { IdempotencyKey = key, ReceivedAt = time }, null);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
