using DriftDetection.Scoring;
using DriftDetection.Streams;

namespace DriftDetection.Bench;

/// <summary>
/// Where a pass loses NAB points against the oracle, split by label timing: the false alarms before and after the sample
/// from which the operator's first message could act (the first label), and the windows (missed, or caught later than the
/// oracle caught them) that began before the first label, between it and the first message about a window (the first
/// incident label: before it, the learner had heard only of false alarms), and after that. Each part is the oracle's share
/// of the raw score minus the pass's, so a negative part is where the pass did better than the oracle; the parts sum to the
/// oracle's raw score minus the pass's.
/// </summary>
/// <param name="FalseAlarmsBefore">False alarms before the first label.</param>
/// <param name="FalseAlarmsAfter">False alarms from the first label on.</param>
/// <param name="WindowsBeforeAnyLabel">Windows that began before the first label.</param>
/// <param name="WindowsBeforeIncidentLabel">Windows that began from the first label on but before the first incident label.</param>
/// <param name="WindowsAfterIncidentLabel">Windows that began from the first incident label on.</param>
public readonly record struct LossSplit(double FalseAlarmsBefore, double FalseAlarmsAfter, double WindowsBeforeAnyLabel, double WindowsBeforeIncidentLabel, double WindowsAfterIncidentLabel)
{
    /// <summary>The whole loss: the oracle's score minus the pass's.</summary>
    public double Total => FalseAlarmsBefore + FalseAlarmsAfter + WindowsBeforeAnyLabel + WindowsBeforeIncidentLabel + WindowsAfterIncidentLabel;

    /// <summary>The loss of <paramref name="alerts"/> against <paramref name="oracleAlerts"/> on one stream, in raw NAB points.</summary>
    /// <param name="stream">The stream, with its labels.</param>
    /// <param name="oracleAlerts">The oracle's alerted samples.</param>
    /// <param name="alerts">The pass's alerted samples.</param>
    /// <param name="firstLabel">The first sample the operator's first message could change.</param>
    /// <param name="firstIncidentLabel">The first sample the operator's first message about a window could change (at or after <paramref name="firstLabel"/>).</param>
    /// <param name="profile">The NAB profile.</param>
    public static LossSplit Of(LabelledStream stream, IEnumerable<int> oracleAlerts, IEnumerable<int> alerts, int firstLabel, int firstIncidentLabel, NabProfile profile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstIncidentLabel, firstLabel);
        var oracle = Parts(stream, oracleAlerts, firstLabel, firstIncidentLabel, profile);
        var pass = Parts(stream, alerts, firstLabel, firstIncidentLabel, profile);
        return new LossSplit(
            oracle.FalseAlarmsBefore - pass.FalseAlarmsBefore,
            oracle.FalseAlarmsAfter - pass.FalseAlarmsAfter,
            oracle.WindowsBeforeAnyLabel - pass.WindowsBeforeAnyLabel,
            oracle.WindowsBeforeIncidentLabel - pass.WindowsBeforeIncidentLabel,
            oracle.WindowsAfterIncidentLabel - pass.WindowsAfterIncidentLabel);
    }

    /// <summary>The sum of two splits.</summary>
    public static LossSplit operator +(LossSplit a, LossSplit b) => new(
        a.FalseAlarmsBefore + b.FalseAlarmsBefore,
        a.FalseAlarmsAfter + b.FalseAlarmsAfter,
        a.WindowsBeforeAnyLabel + b.WindowsBeforeAnyLabel,
        a.WindowsBeforeIncidentLabel + b.WindowsBeforeIncidentLabel,
        a.WindowsAfterIncidentLabel + b.WindowsAfterIncidentLabel);

    /// <summary>Every part times <paramref name="factor"/> (raw points to corpus points: 100 over the corpus's perfect minus null score).</summary>
    public LossSplit Scale(double factor) => new(
        FalseAlarmsBefore * factor, FalseAlarmsAfter * factor, WindowsBeforeAnyLabel * factor, WindowsBeforeIncidentLabel * factor, WindowsAfterIncidentLabel * factor);

    /// <summary>A pass's raw score in the same parts.</summary>
    private static LossSplit Parts(LabelledStream stream, IEnumerable<int> alerts, int firstLabel, int firstIncidentLabel, NabProfile profile)
    {
        var starts = stream.Windows.ToDictionary(w => w.End + 1, w => w.Start); // a window's parts are known from the row after its end
        var parts = new double[5];
        foreach (var part in NabScorer.Contributions(stream.Values.Length, stream.Windows, alerts, profile))
        {
            if (part.Kind == NabContributionKind.FalsePositive)
            {
                parts[part.KnownFrom - 1 < firstLabel ? 0 : 1] += part.Value;
                continue;
            }

            var start = starts[part.KnownFrom];
            parts[start < firstLabel ? 2 : start < firstIncidentLabel ? 3 : 4] += part.Value;
        }

        return new LossSplit(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }
}
