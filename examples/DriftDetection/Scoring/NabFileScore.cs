namespace DriftDetection.Scoring;

/// <summary>One file's raw NAB score under one profile, with the raw scores of the null and the perfect detector it is normalized between.</summary>
/// <param name="Raw">The detector's raw score: rewards of detected windows minus costs of false positives and missed windows.</param>
/// <param name="Null">The raw score of a detector that never fires (every window missed).</param>
/// <param name="Perfect">The raw score of a detector that fires at the left edge of every window and nowhere else.</param>
/// <param name="Detected">Windows with a counted detection.</param>
/// <param name="FalsePositives">Scored detections outside every window.</param>
/// <param name="Missed">Windows without a detection.</param>
public sealed record NabFileScore(double Raw, double Null, double Perfect, int Detected, int FalsePositives, int Missed);
