using System.Globalization;

namespace Poet;

/// <summary>Batch training: many signals of one function applied in order, one version written.</summary>
internal sealed partial class RpropTrainer
{
    /// <summary>
    /// Applies the signals of a batch in order to the function's trainer state in memory (each with the same bounds and
    /// step limits as <see cref="TrainAsync"/>) and writes one version listing the feedback ids that moved a value.
    /// Signals already listed by the current version (a batch another process just applied) are skipped.
    /// </summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="spec">The function's train spec.</param>
    /// <param name="steps">The signals in order, with their feedback ids and hints.</param>
    /// <param name="cancellationToken">Cancels waiting for the locks.</param>
    /// <returns>The version written (null when no value changed) and each step's changes.</returns>
    public async Task<BatchTrainingResult> TrainBatchAsync(string functionId, TrainSpec spec, IReadOnlyList<TrainingStep> steps,
        CancellationToken cancellationToken = default)
    {
        var changes = new IReadOnlyList<ParameterChange>[steps.Count];
        using (await _locks.AcquireAsync(functionId, cancellationToken).ConfigureAwait(false))
        {
            var written = await _store.AppendVersionAsync(functionId, current =>
            {
                Array.Fill(changes, []);
                var state = current;
                var used = new List<string>();
                var listed = current.Reason.FeedbackIds.ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < steps.Count; i++)
                {
                    var step = steps[i];
                    if (!Teaches(step.Signal) || listed.Contains(step.FeedbackId))
                    {
                        continue;
                    }

                    var stepChanges = new List<ParameterChange>();
                    if (Derive(state, spec, step.Signal, step.FeedbackId, step.Hints, stepChanges, out _) is { } next)
                    {
                        state = next;
                        changes[i] = stepChanges;
                        used.Add(step.FeedbackId);
                    }
                }

                return used.Count == 0 ? null : state with
                {
                    Reason = new VersionReason
                    {
                        Kind = "feedback",
                        FeedbackIds = used,
                        Rationale = BatchRationale(current, state, used.Count, steps.Count),
                    },
                };
            }, cancellationToken).ConfigureAwait(false);

            if (written is not null)
            {
                LogApplied(_logger, functionId, written.Version, $"batch: {written.Reason.Rationale}");
            }

            return new BatchTrainingResult(written, changes);
        }
    }

    private static bool Teaches(LearningSignal signal) =>
        signal.Verdict is not FeedbackVerdict.Correct && signal.Adjustments.Count > 0 && signal.Confidence >= MinimumConfidence;

    private static string BatchRationale(FunctionVersion before, FunctionVersion after, int used, int given)
    {
        var moved = after.Parameters
            .Where(p => !before.Parameters.TryGetValue(p.Key, out var old) || old != p.Value)
            .Select(p => $"{p.Key} {Format(before.Parameters.GetValueOrDefault(p.Key, double.NaN))} -> {Format(p.Value)}");
        return string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", moved)} (batch: {used} of {given} feedback moved a value)");
    }
}

/// <summary>One signal of a training batch.</summary>
/// <param name="Signal">The sanitized signal.</param>
/// <param name="FeedbackId">The feedback's id.</param>
/// <param name="Hints">Where moving a parameter stops helping (may be empty).</param>
internal sealed record TrainingStep(LearningSignal Signal, string FeedbackId, IReadOnlyList<TrainingHint> Hints);

/// <summary>What the trainer did with a batch.</summary>
/// <param name="Version">The version written, or null when no value changed.</param>
/// <param name="Changes">Each step's changes (empty for a step that moved nothing), in step order.</param>
internal sealed record BatchTrainingResult(FunctionVersion? Version, IReadOnlyList<IReadOnlyList<ParameterChange>> Changes);
