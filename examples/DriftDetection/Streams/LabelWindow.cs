namespace DriftDetection.Streams;

/// <summary>A labelled anomaly window: the sample indices <see cref="Start"/> to <see cref="End"/>, both inclusive.</summary>
public readonly record struct LabelWindow(int Start, int End)
{
    /// <summary>Whether the sample index lies inside the window.</summary>
    public bool Contains(int index) => index >= Start && index <= End;
}
