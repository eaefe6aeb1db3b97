using DriftDetection.Demo;
using DriftDetection.Scoring;

namespace DriftDetection.Bench;

/// <summary>One stream in the learning benchmark: its demo run, its oracle, and the hindsight learner's online alerts (<see cref="HindsightOracle"/>).</summary>
public sealed record BenchRow(StreamRun Run, OracleResult Oracle, IReadOnlyList<int> HindsightAlerts)
{
    /// <summary>
    /// How much the online pass gained over the defaults under <paramref name="profile"/>, in points of this file normalized on
    /// its own (100 = from missing every window to detecting all at their left edge; a file without windows counts as one window).
    /// </summary>
    public double OnlineGain(NabProfile profile)
    {
        var (defaults, online, _) = Run.Nab(profile);
        var span = Math.Max(defaults.Perfect - defaults.Null, profile.TpWeight + profile.FnWeight);
        return 100 * (online.Raw - defaults.Raw) / span;
    }

    /// <summary>Where the online pass loses raw points against the oracle (NAB standard), split by label timing (<see cref="LossSplit"/>).</summary>
    public LossSplit OnlineLoss => LossSplit.Of(Run.Stream, Oracle.Both[0].Alerts, Run.OnlineAlerts, Run.FirstLabelAt, Run.FirstIncidentLabelAt, NabProfile.Standard);

    /// <summary>Where the frozen pass loses raw points against the oracle (NAB standard), split by the online pass's label timing.</summary>
    public LossSplit FrozenLoss => LossSplit.Of(Run.Stream, Oracle.Both[0].Alerts, Run.FrozenAlerts, Run.FirstLabelAt, Run.FirstIncidentLabelAt, NabProfile.Standard);

    /// <summary>Whether the online pass scored worse than the defaults by more than <see cref="LearningBench.WorseTolerance"/> points (standard profile).</summary>
    public bool IsWorse => OnlineGain(NabProfile.Standard) < -LearningBench.WorseTolerance;
}
