namespace DriftApi.Detection;

/// <summary>
/// Drift when the current window's mean lies more than <c>threshold</c> reference standard deviations from the
/// reference mean. A constant reference uses a tiny floor for its deviation, so the score stays finite.
/// </summary>
public sealed class ZScoreDriftDetector : IDriftDetector
{
    private const double DeviationFloor = 1e-9;

    /// <inheritdoc />
    public DriftReport Detect(double[] reference, double[] current, double threshold = 3.0, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Length < 2)
        {
            throw new ArgumentException("The reference window needs at least two values.", nameof(reference));
        }

        if (current.Length == 0)
        {
            throw new ArgumentException("The current window needs at least one value.", nameof(current));
        }

        var referenceMean = reference.Average();
        var variance = reference.Sum(v => (v - referenceMean) * (v - referenceMean)) / (reference.Length - 1);
        var deviation = Math.Max(Math.Sqrt(variance), DeviationFloor * Math.Max(1, Math.Abs(referenceMean)));
        cancellationToken.ThrowIfCancellationRequested();
        var currentMean = current.Average();
        var score = Math.Min(Math.Abs(currentMean - referenceMean) / deviation, double.MaxValue);
        return new DriftReport(score > threshold, score, threshold, referenceMean, currentMean);
    }
}
