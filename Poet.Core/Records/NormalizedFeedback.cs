namespace Poet;

/// <summary>Any feedback payload reduced to the parts a translator reads.</summary>
public sealed record NormalizedFeedback
{
    /// <summary>The payload's text (a string payload, or a text/comment/message field), if any.</summary>
    public string? Text { get; init; }

    /// <summary>A rating scaled to 0 (worst) .. 1 (best), if the payload carried one.</summary>
    public double? Rating { get; init; }

    /// <summary>The rating as the payload gave it, for messages: <c>1/5</c> for <c>{"rating":1}</c> (whose <see cref="Rating"/> is 0).</summary>
    public string? RatingText { get; init; }

    /// <summary>An explicit label such as <c>false_positive</c> or <c>correct</c>, if the payload carried one.</summary>
    public string? Label { get; init; }

    /// <summary>Other scalar fields of a structured payload, as text.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The payload's kind: <c>null</c>, <c>text</c>, <c>number</c>, <c>boolean</c>, <c>json</c>, <c>object</c>, <c>exception</c>, ...</summary>
    public string Kind { get; init; } = "null";

    /// <summary>Whether the payload carried nothing usable.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Rating is null && Label is null && Fields.Count == 0;
}
