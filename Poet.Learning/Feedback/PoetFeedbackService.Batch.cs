using System.Globalization;
using Poet.Feedback;
using Poet.Translation;

namespace Poet;

/// <summary>Feedback in batches: delayed feedback applied once per batch, one version per function.</summary>
internal sealed partial class PoetFeedbackService
{
    /// <inheritdoc />
    public async Task<FeedbackBatchOutcome> FeedbackBatchAsync(IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new FeedbackItemOutcome?[items.Count];
        var accepted = await AcceptAsync(items, results, cancellationToken).ConfigureAwait(false);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        using (await _keyLocks.AcquireAsync(accepted.Select(a => a.Key), cancellationToken).ConfigureAwait(false))
        {
            var fresh = await SkipRepeatsAsync(accepted, results, cancellationToken).ConfigureAwait(false);
            foreach (var group in fresh.GroupBy(a => a.Execution.FunctionId, StringComparer.Ordinal))
            {
                var version = await ApplyBatchAsync(group.Key, [.. group], results, cancellationToken).ConfigureAwait(false);
                if (version is { } v)
                {
                    versions[group.Key] = v;
                }
            }
        }

        // Items repeated inside the batch answer what their first occurrence did.
        var firstByKey = new Dictionary<string, FeedbackOutcome>(StringComparer.Ordinal);
        foreach (var a in accepted)
        {
            if (results[a.Index] is { Outcome: { } outcome } && !firstByKey.ContainsKey(a.Key))
            {
                firstByKey[a.Key] = outcome;
            }
        }

        foreach (var a in accepted.Where(a => results[a.Index] is null))
        {
            results[a.Index] = firstByKey.TryGetValue(a.Key, out var first)
                ? new FeedbackItemOutcome { Index = a.Index, Status = FeedbackItemStatus.AlreadyApplied, Outcome = first with { AlreadyApplied = true } }
                : new FeedbackItemOutcome { Index = a.Index, Status = FeedbackItemStatus.Rejected, Error = "the earlier item with the same key was rejected" };
        }

        return new FeedbackBatchOutcome { Items = [.. results.Select(r => r!)], VersionsWritten = versions };
    }

    /// <summary>Finds each item's execution and key; items that cannot be applied are answered as rejected.</summary>
    private async Task<List<BatchEntry>> AcceptAsync(IReadOnlyList<FeedbackItem> items, FeedbackItemOutcome?[] results, CancellationToken cancellationToken)
    {
        var accepted = new List<BatchEntry>(items.Count);
        var flushed = false;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null || string.IsNullOrEmpty(item.ExecutionId.Value))
            {
                results[i] = Rejected(i, "The execution id is empty: each item needs the id of a POET execution.");
                continue;
            }

            if (item.IdempotencyKey is not null && FeedbackKeys.Problem(item.IdempotencyKey) is { } keyProblem)
            {
                results[i] = Rejected(i, keyProblem);
                continue;
            }

            var execution = await _executions.FindAsync(item.ExecutionId, cancellationToken).ConfigureAwait(false);
            if (execution is null && !flushed)
            {
                flushed = true; // records still in this process's recorder buffer are written once flushed
                await _executions.FlushAsync(cancellationToken).ConfigureAwait(false);
                execution = await _executions.FindAsync(item.ExecutionId, cancellationToken).ConfigureAwait(false);
            }

            if (execution is null)
            {
                results[i] = Rejected(i, UnknownExecution(item.ExecutionId));
                continue;
            }

            var read = await FeedbackPayload.ReadAsync(item.Feedback, _options.MaxStoredFeedbackChars, cancellationToken).ConfigureAwait(false);
            var key = item.IdempotencyKey?.Trim() ?? FeedbackKeys.Derive(execution.Id, read.Raw.Json);
            accepted.Add(new BatchEntry(i, item, execution, read.Raw, read.Normalized, key));
        }

        return accepted;
    }

    /// <summary>Answers items whose key was applied before; returns the rest (first occurrence of each key only).</summary>
    private async Task<List<BatchEntry>> SkipRepeatsAsync(List<BatchEntry> accepted, FeedbackItemOutcome?[] results, CancellationToken cancellationToken)
    {
        var fresh = new List<BatchEntry>(accepted.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in accepted)
        {
            if (!seen.Add(a.Key))
            {
                continue; // answered after the batch, from the first occurrence
            }

            try
            {
                if (await FeedbackRepeats.FindAppliedAsync(_feedback, a.Key, a.Execution, derived: a.Item.IdempotencyKey is null, cancellationToken).ConfigureAwait(false) is { } applied)
                {
                    results[a.Index] = new FeedbackItemOutcome { Index = a.Index, Status = FeedbackItemStatus.AlreadyApplied, Outcome = FeedbackRepeats.Outcome(applied) };
                    continue;
                }
            }
            catch (ArgumentException ex)
            {
                results[a.Index] = Rejected(a.Index, ex.Message);
                continue;
            }

            fresh.Add(a);
        }

        return fresh;
    }

    /// <summary>Translates one function's items, trains once, stores the records; returns the version written.</summary>
    private async Task<int?> ApplyBatchAsync(string functionId, List<BatchEntry> entries, FeedbackItemOutcome?[] results, CancellationToken cancellationToken)
    {
        var current = _functions.GetCurrent(functionId);
        if (current is null)
        {
            foreach (var e in entries)
            {
                results[e.Index] = Rejected(e.Index, $"Execution {e.Execution.Id} belongs to function '{functionId}', which this store does not know.");
            }

            return null;
        }

        var plan = _functions.GetPlan(functionId, current.Version) ?? new FunctionPlan { FunctionId = functionId };
        var spec = _functions.GetTrainSpec(functionId, current.Version) ?? new TrainSpec { FunctionId = functionId, Domain = plan.Domain };
        var domain = ResolveDomain(plan.Domain);
        var records = new FeedbackRecord[entries.Count];
        var steps = new TrainingStep[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var normalized = e.Normalized;
            var context = new TranslationContext { Feedback = normalized, Execution = e.Execution, Plan = plan, TrainSpec = spec, Current = current, Domain = domain };
            var signal = await _translators.TranslateAsync(context, cancellationToken).ConfigureAwait(false);
            PoetTelemetry.Feedback.Add(1,
                new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, functionId),
                new KeyValuePair<string, object?>(PoetTelemetry.TranslatorTag, signal.Translator),
                new KeyValuePair<string, object?>("poet.verdict", signal.Verdict.ToString()));
            var id = FeedbackKeys.IdFor(e.Key);
            IReadOnlyList<TrainingHint> hints = [];
            if (plan.EnableTraining)
            {
                // The same credit assignment as single feedback (which parameter to move, and where a move stops helping).
                var credit = CreditAssignment.Assign(ExecutionInspector.Inspect(e.Execution, domain), e.Execution, spec, signal, domain);
                signal = credit.Signal;
                hints = credit.Hints;
            }

            steps[i] = new TrainingStep(signal, id, hints);
            records[i] = new FeedbackRecord
            {
                Id = id,
                IdempotencyKey = e.Key,
                ExecutionId = e.Execution.Id,
                FunctionId = functionId,
                ReceivedAt = e.Item.ReceivedAt ?? _time.GetUtcNow(),
                RawJson = e.Raw.Json,
                RawTruncated = e.Raw.Truncated,
                RawSize = e.Raw.Size,
                RawTruncatedReason = e.Raw.Why,
                Normalized = normalized,
                Signal = signal,
            };
        }

        var training = plan.EnableTraining
            ? await _trainer.TrainBatchAsync(functionId, spec, steps, cancellationToken).ConfigureAwait(false)
            : new BatchTrainingResult(null, [.. steps.Select(_ => (IReadOnlyList<ParameterChange>)[])]);

        // The version (flushed, listing the feedback ids) is written first: it is what marks the batch as applied.
        for (var i = 0; i < records.Length; i++)
        {
            var moved = training.Changes[i].Count > 0;
            records[i] = records[i] with { ProducedVersion = moved ? training.Version?.Version : null, Changes = training.Changes[i] };
        }

        await _feedback.SaveManyAsync(records, CancellationToken.None).ConfigureAwait(false);
        for (var i = 0; i < entries.Count; i++)
        {
            var r = records[i];
            results[entries[i].Index] = new FeedbackItemOutcome
            {
                Index = entries[i].Index,
                Status = FeedbackItemStatus.Applied,
                Outcome = new FeedbackOutcome
                {
                    ExecutionId = r.ExecutionId,
                    FunctionId = functionId,
                    Signal = r.Signal!,
                    NewVersion = r.ProducedVersion,
                    Changes = r.Changes,
                    FeedbackId = r.Id,
                },
            };
        }

        return training.Version?.Version;
    }

    private string UnknownExecution(ExecutionId id)
    {
        var started = id.Timestamp;
        if (_options.ExecutionRetention is { } retention && started < _time.GetUtcNow() - retention)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Execution {id} ran on {started:yyyy-MM-dd}, older than the execution retention ({retention.TotalDays:0.#} days): its record was deleted, so its feedback cannot be applied.");
        }

        return $"No POET execution with id {id} is recorded in this store: check that the id comes from this store (StorePath '{_options.StorePath}').";
    }

    private static FeedbackItemOutcome Rejected(int index, string error) => new() { Index = index, Status = FeedbackItemStatus.Rejected, Error = error };

    private sealed record BatchEntry(int Index, FeedbackItem Item, ExecutionRecord Execution, RawFeedback Raw, NormalizedFeedback Normalized, string Key);
}
