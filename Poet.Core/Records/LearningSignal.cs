namespace Poet;

/// <summary>
/// What a translator made of one piece of feedback: the verdict, how each learnable parameter should move,
/// how sure the translator is, and why.
/// </summary>
public sealed record LearningSignal
{
    /// <summary>The verdict on the result.</summary>
    public FeedbackVerdict Verdict { get; init; }

    /// <summary>A short issue name from the domain vocabulary (for example <c>false_alarm</c>), if any.</summary>
    public string? Issue { get; init; }

    /// <summary>How each learnable parameter should move; empty when nothing should change.</summary>
    public IReadOnlyList<ParameterAdjustment> Adjustments { get; init; } = [];

    /// <summary>How sure the translator is, from 0 to 1.</summary>
    public double Confidence { get; init; }

    /// <summary>A one-line human explanation.</summary>
    public string Rationale { get; init; } = string.Empty;

    /// <summary>The translator that produced this signal (for example <c>offline</c> or <c>llm</c>).</summary>
    public string Translator { get; init; } = string.Empty;

    /// <summary>A signal that teaches nothing.</summary>
    /// <param name="translator">The translator's name.</param>
    /// <param name="rationale">Why nothing is learned.</param>
    /// <returns>A signal with verdict <see cref="FeedbackVerdict.Other"/> and no adjustments.</returns>
    public static LearningSignal None(string translator, string rationale) =>
        new() { Verdict = FeedbackVerdict.Other, Translator = translator, Rationale = rationale };
}

/// <summary>How one learnable parameter should move.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Direction">-1 (down), 0 (stay) or +1 (up).</param>
/// <param name="Magnitude">How strongly, from 0 to 1 (1 = a full trainer step).</param>
public sealed record ParameterAdjustment(string Name, int Direction, double Magnitude);
