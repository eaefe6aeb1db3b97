using Poet;

namespace DriftApi.Detection;

/// <summary>Detects drift between a reference window and a current window of a metric.</summary>
public interface IDriftDetector
{
    /// <summary>Compares the current window with the reference window.</summary>
    /// <param name="reference">The reference window (at least two values).</param>
    /// <param name="current">The current window (at least one value).</param>
    /// <param name="threshold">How many reference standard deviations the mean may move before it is drift; learned by POET.</param>
    /// <param name="cancellationToken">
    /// Cancelled when the caller gives up or at the 2 s deadline of an attempt. The check honours it, so its timeout is
    /// cooperative: attempts run on the request's own thread, with no hand-off to another thread per request.
    /// </param>
    /// <returns>The report.</returns>
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy", Retries = 2, TimeoutMs = 2000, CooperativeTimeout = true)]
    DriftReport Detect(double[] reference, double[] current,
                       [Learnable(Min = 0.01, Max = 10)] double threshold = 3.0, CancellationToken cancellationToken = default);
}
