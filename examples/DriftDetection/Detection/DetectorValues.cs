using System.Globalization;

namespace DriftDetection.Detection;

/// <summary>The detector's learnable values: one version of the POET function.</summary>
/// <param name="Threshold">Alert when a sample's |z| exceeds it.</param>
/// <param name="Persistence">Consecutive samples above the threshold an alert needs.</param>
public readonly record struct DetectorValues(double Threshold, int Persistence)
{
    /// <summary>Version 1: the declared defaults.</summary>
    public static DetectorValues Defaults { get; } = new(DetectorDefaults.Threshold, DetectorDefaults.Persistence);

    /// <summary>For tables: <c>3 / 1</c> (threshold / persistence).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Threshold:0.##} / {Persistence}");
}
