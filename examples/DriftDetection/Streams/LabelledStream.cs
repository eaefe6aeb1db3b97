namespace DriftDetection.Streams;

/// <summary>One metric stream with its labelled anomaly windows (the labels play the operator; the detector never sees them).</summary>
/// <param name="Group">The NAB group, for example <c>realKnownCause</c>.</param>
/// <param name="Name">The series name without extension, for example <c>nyc_taxi</c>.</param>
/// <param name="Timestamps">One timestamp per sample.</param>
/// <param name="Values">One value per sample.</param>
/// <param name="Windows">The labelled anomaly windows, in order.</param>
public sealed record LabelledStream(
    string Group,
    string Name,
    IReadOnlyList<DateTime> Timestamps,
    double[] Values,
    IReadOnlyList<LabelWindow> Windows)
{
    /// <summary>The stream's id: <c>group/name</c>.</summary>
    public string Id => $"{Group}/{Name}";

    /// <summary>The window containing <paramref name="index"/>, or null.</summary>
    public LabelWindow? WindowAt(int index)
    {
        foreach (var window in Windows)
        {
            if (window.Contains(index))
            {
                return window;
            }
        }

        return null;
    }
}
