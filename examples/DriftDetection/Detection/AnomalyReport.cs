namespace DriftDetection.Detection;

/// <summary>
/// What one detector call found in one chunk of a stream. A class (not a struct) so POET links it to its execution and
/// feedback on the report finds the call that produced it. Indices are indices in the whole stream.
/// </summary>
public sealed class AnomalyReport
{
    /// <summary>The first scored sample's index in the whole stream.</summary>
    public required int Start { get; init; }

    /// <summary>How many samples were scored.</summary>
    public required int Count { get; init; }

    /// <summary>The threshold this call ran with (the learned value POET supplied).</summary>
    public required double Threshold { get; init; }

    /// <summary>The samples whose score exceeded the threshold.</summary>
    public required IReadOnlyList<AnomalyAlert> Alerts { get; init; }

    /// <summary>The index of the highest-scoring sample (the closest call when nothing alerted).</summary>
    public required int PeakIndex { get; init; }

    /// <summary>The highest score in the chunk.</summary>
    public required double PeakScore { get; init; }
}
