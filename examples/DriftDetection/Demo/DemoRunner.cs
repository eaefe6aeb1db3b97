using DriftDetection.Operator;
using DriftDetection.Sessions;
using DriftDetection.Streams;

namespace DriftDetection.Demo;

/// <summary>
/// The demo's core for one stream: score it with the defaults; then the online pass, where the detector works through the
/// stream call by call and the operator (the labels, within the budget) reacts right after each call, so a new version
/// helps only later calls; then score it again with the learned values frozen.
/// </summary>
public sealed class DemoRunner(Func<LabelledStream, IDetectorSession> createSession, int feedbackBudget)
{
    /// <summary>Runs the demo on one stream.</summary>
    public async Task<StreamRun> RunAsync(LabelledStream stream, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var session = createSession(stream);
        var defaults = session.Score(stream.Values);
        var path = new List<VersionPoint> { new(session.CurrentVersion, session.Current) };
        var exchanges = new List<FeedbackExchange>();
        var operatorOnCall = new OnlineOperator(stream, feedbackBudget);
        var calls = new List<ScoredChunk>();
        foreach (var slice in StreamChunks.Of(stream.Values.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var call = session.ScoreChunk(stream.Values, slice);
            calls.Add(call);
            if (operatorOnCall.Observe(calls, call) is not { } feedback)
            {
                continue;
            }

            var step = await session.FeedbackAsync(feedback.ExecutionId, feedback.Message, cancellationToken);
            exchanges.Add(new FeedbackExchange(feedback, step, slice.End));
            progress?.Report($"{stream.Id}: message {operatorOnCall.Sent}/{feedbackBudget}, threshold / persistence {step.New}");
            if (step.NewVersion is { } version)
            {
                path.Add(new VersionPoint(version, step.New));
            }
        }

        var frozen = session.Score(stream.Values);
        return new StreamRun(stream, defaults.AlertIndices, new ScoredStream(calls).AlertIndices, frozen.AlertIndices, exchanges, path);
    }
}
