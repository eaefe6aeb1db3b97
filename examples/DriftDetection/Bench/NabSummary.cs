using DriftDetection.Scoring;

namespace DriftDetection.Bench;

/// <summary>The corpus NAB scores of one profile: POET's passes, the oracles, and NAB's published detectors on the same files.</summary>
/// <param name="Profile">The NAB profile.</param>
/// <param name="Defaults">The declared defaults.</param>
/// <param name="Online">Learning online: the alerts of the pass during which the operator gave feedback.</param>
/// <param name="Frozen">The learned values, frozen, from the start.</param>
/// <param name="ThresholdOracle">The best threshold per file (persistence 1).</param>
/// <param name="Oracle">The best threshold and persistence per file.</param>
/// <param name="Hindsight">Online, a learner that knows every label so far and takes the best values for the stream so far before each call (<see cref="HindsightOracle"/>).</param>
/// <param name="Published">NAB's published detectors, by display name.</param>
public sealed record NabSummary(NabProfile Profile, double Defaults, double Online, double Frozen, double ThresholdOracle, double Oracle, double Hindsight,
    IReadOnlyList<(string Name, double Score)> Published);
