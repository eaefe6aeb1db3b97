namespace DriftDetection.Detection;

/// <summary>Which deviations from the baseline score.</summary>
public enum Direction
{
    /// <summary>Both: the score is |z|.</summary>
    Both,

    /// <summary>Only rises: the score is z when positive, else 0.</summary>
    Up,

    /// <summary>Only drops: the score is -z when negative, else 0.</summary>
    Down,
}
