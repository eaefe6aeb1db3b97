using System.Globalization;

namespace DriftDetection.Detection;

/// <summary>The detector's learnable values: one version of the POET function.</summary>
/// <param name="Threshold">Alert when a sample's |z| exceeds it.</param>
/// <param name="Persistence">Consecutive samples above the threshold an alert needs.</param>
/// <param name="Cooldown">Samples after a trigger within which another trigger does not alert.</param>
public readonly record struct DetectorValues(double Threshold, int Persistence, int Cooldown)
{
    /// <summary>Version 1: the declared defaults.</summary>
    public static DetectorValues Defaults { get; } = new(DetectorDefaults.Threshold, DetectorDefaults.Persistence, DetectorDefaults.Cooldown);

    /// <summary>The alerted samples of a whole stream's <paramref name="scores"/> with these values.</summary>
    public List<int> Alerts(ReadOnlySpan<double> scores) => AlertRule.Alerts(scores, Threshold, Persistence, Cooldown);

    /// <summary>For tables: <c>3 / 1 / 120</c> (threshold / persistence / cooldown).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Threshold:0.##} / {Persistence} / {Cooldown}");
}
