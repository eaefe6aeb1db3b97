using DriftDetection.Operator;
using DriftDetection.Scoring;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Demo;

/// <summary>
/// The demo's core for one stream: score it with the defaults (before), let the operator talk to the detector within
/// the budget (each message about one execution; the stream is scored again after every new version so the operator
/// reacts to what the detector does now), and keep the last scoring as "after".
/// </summary>
public sealed class DemoRunner(Func<LabelledStream, IDetectorSession> createSession, int feedbackBudget)
{
    /// <summary>Runs the demo on one stream.</summary>
    public async Task<StreamRun> RunAsync(LabelledStream stream, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var session = createSession(stream);
        var before = await session.ScoreAsync(stream.Values, cancellationToken);
        var path = new List<VersionPoint> { new(before.Version, before.Threshold) };
        var exchanges = new List<FeedbackExchange>();
        var operatorSimulator = new OperatorSimulator(stream, feedbackBudget);
        var current = before;
        while (operatorSimulator.Next(current) is { } feedback)
        {
            var step = await session.FeedbackAsync(feedback.ExecutionId, feedback.Message, cancellationToken);
            exchanges.Add(new FeedbackExchange(feedback, step));
            progress?.Report($"{stream.Id}: message {operatorSimulator.Sent}/{feedbackBudget}, threshold {step.NewThreshold:0.###}");
            if (step.NewVersion is { } version)
            {
                path.Add(new VersionPoint(version, step.NewThreshold));
                current = await session.ScoreAsync(stream.Values, cancellationToken);
            }
        }

        return new StreamRun(
            stream,
            before.AlertIndices,
            current.AlertIndices,
            EventF1.Score(before.AlertIndices, stream.Windows),
            EventF1.Score(current.AlertIndices, stream.Windows),
            exchanges,
            path);
    }
}
