namespace Poet.AspNetCore;

/// <summary>A learning signal: what a translator made of one piece of feedback.</summary>
public sealed record LearningSignalResponse
{
    /// <summary>
    /// The verdict: <c>other</c>, <c>correct</c>, <c>falsePositive</c>, <c>falseNegative</c>, <c>tooSlow</c> or <c>unreliable</c>.
    /// </summary>
    public required string Verdict { get; init; }

    /// <summary>A short issue name from the domain vocabulary, if any.</summary>
    public string? Issue { get; init; }

    /// <summary>How each learnable parameter should move.</summary>
    public required IReadOnlyList<ParameterAdjustment> Adjustments { get; init; }

    /// <summary>How sure the translator is, from 0 to 1.</summary>
    public required double Confidence { get; init; }

    /// <summary>A one-line human explanation.</summary>
    public required string Rationale { get; init; }

    /// <summary>The translator that produced the signal (for example <c>offline</c> or <c>llm</c>).</summary>
    public required string Translator { get; init; }
}
