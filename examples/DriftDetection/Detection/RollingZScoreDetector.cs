namespace DriftDetection.Detection;

/// <summary>The plain detector behind the POET proxy: alerts on samples whose rolling z-score exceeds the threshold.</summary>
public sealed class RollingZScoreDetector : IAnomalyDetector
{
    /// <inheritdoc />
    public AnomalyReport Detect(double[] values, int scoreFrom, int origin, double threshold = DetectorDefaults.Threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scoreFrom);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scoreFrom, values.Length);
        var alerts = new List<AnomalyAlert>();
        var peakIndex = origin + scoreFrom;
        var peakScore = 0.0;
        for (var i = scoreFrom; i < values.Length; i++)
        {
            var score = RollingZScore.ScoreAt(values, i);
            if (score > peakScore)
            {
                peakScore = score;
                peakIndex = origin + i;
            }

            if (score > threshold)
            {
                alerts.Add(new AnomalyAlert(origin + i, score));
            }
        }

        return new AnomalyReport
        {
            Start = origin + scoreFrom,
            Count = values.Length - scoreFrom,
            Threshold = threshold,
            Alerts = alerts,
            PeakIndex = peakIndex,
            PeakScore = peakScore,
        };
    }
}
