namespace DriftDetection.Scoring;

/// <summary>One false alarm as an operator experiences it: alerts outside every labelled window, each within the cluster gap of the next.</summary>
/// <param name="First">The first alert's index.</param>
/// <param name="Last">The last alert's index.</param>
/// <param name="AlertCount">How many alerted samples the event groups.</param>
public sealed record FalseAlarmEvent(int First, int Last, int AlertCount);
