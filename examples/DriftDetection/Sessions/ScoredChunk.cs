using DriftDetection.Detection;

namespace DriftDetection.Sessions;

/// <summary>One detector call on one chunk: the execution id POET gave it and the report it returned.</summary>
public sealed record ScoredChunk(string ExecutionId, AnomalyReport Report)
{
    /// <summary>Whether the chunk scored the sample at <paramref name="index"/>.</summary>
    public bool Covers(int index) => index >= Report.Start && index < Report.Start + Report.Count;
}
