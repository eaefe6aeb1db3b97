namespace DriftDetection.Operator;

/// <summary>What an operator message is about.</summary>
public enum FeedbackKind
{
    /// <summary>An alert outside every labelled window.</summary>
    FalseAlarm,

    /// <summary>A labelled window without any alert.</summary>
    Missed,

    /// <summary>A labelled window that alerted (or a quiet stream that stayed quiet).</summary>
    Praise,
}
