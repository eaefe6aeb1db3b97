namespace Poet.FaultHarness;

/// <summary>The service the harness calls: a drift check with one learnable threshold, recorded by POET.</summary>
public interface ISensor
{
    /// <summary>Says whether <paramref name="score"/> is over the threshold.</summary>
    /// <param name="run">Which harness process made the call (kept in the record, to count what a kill lost).</param>
    /// <param name="call">The call's number within the run.</param>
    /// <param name="score">The score to judge.</param>
    /// <param name="threshold">Learned by POET.</param>
    /// <returns>The verdict.</returns>
    [Poet(Domain = "ml_monitoring")]
    Verdict Check(string run, int call, double score, [Learnable(Min = 0.01, Max = 1000)] double threshold = 3.0);
}

/// <summary>A verdict of <see cref="ISensor.Check"/>.</summary>
/// <param name="Score">The score judged.</param>
/// <param name="IsDrift">Whether it was over the threshold.</param>
public sealed record Verdict(double Score, bool IsDrift);

/// <summary>The implementation.</summary>
public sealed class Sensor : ISensor
{
    /// <inheritdoc />
    public Verdict Check(string run, int call, double score, double threshold = 3.0) => new(score, score > threshold);
}
