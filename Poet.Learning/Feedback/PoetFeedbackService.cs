using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Poet.Feedback;
using Poet.Translation;

namespace Poet;

/// <summary>
/// <see cref="IPoetFeedback"/>: finds the execution, stores the raw payload verbatim, normalizes it, translates it
/// through the chain, lets the trainer write the next version, and records what happened.
/// </summary>
internal sealed partial class PoetFeedbackService : IPoetFeedback
{
    private static readonly FeedbackOptions NoOptions = new();

    private const string HowToFix =
        "Pass the object returned by the POET call (the same instance), or PoetContext.LastExecutionId right after the call " +
        "(for value types, strings and shared objects), or an ExecutionId recorded earlier.";

    /// <summary>The most labelled executions learning agrees with (the newest).</summary>
    private const int MaxLabelled = 200;

    /// <summary>The most recent unlabelled executions learning weighs (the newest).</summary>
    private const int MaxUnlabelled = 512;

    private readonly IFunctionStore _functions;
    private readonly IExecutionStore _executions;
    private readonly IFeedbackStore _feedback;
    private readonly ExecutionLinks _links;
    private readonly DomainCatalog _domains;
    private readonly FeedbackTranslatorChain _translators;
    private readonly RpropTrainer _trainer;
    private readonly PoetOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IdempotencyLocks _keyLocks = new();
    private readonly ConcurrentDictionary<string, LabelledWindow> _labelledWindows = new(StringComparer.Ordinal);
    private readonly ReplayCache _replays = new();

    /// <summary>Creates the service.</summary>
    /// <param name="functions">Function versions.</param>
    /// <param name="executions">The execution log (feedback by id, also after a restart).</param>
    /// <param name="feedback">Where feedback records are stored.</param>
    /// <param name="links">Result objects linked to their executions at call time.</param>
    /// <param name="domains">Domain templates.</param>
    /// <param name="translators">The translator chain.</param>
    /// <param name="trainer">The trainer.</param>
    /// <param name="options">POET options (<see cref="PoetOptions.MaxStoredFeedbackChars"/>).</param>
    /// <param name="time">The clock (default: system).</param>
    /// <param name="loggerFactory">Logging.</param>
    public PoetFeedbackService(IFunctionStore functions, IExecutionStore executions, IFeedbackStore feedback, ExecutionLinks links,
        DomainCatalog domains, FeedbackTranslatorChain translators, RpropTrainer trainer, PoetOptions options,
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        _functions = functions ?? throw new ArgumentNullException(nameof(functions));
        _executions = executions ?? throw new ArgumentNullException(nameof(executions));
        _feedback = feedback ?? throw new ArgumentNullException(nameof(feedback));
        _links = links ?? throw new ArgumentNullException(nameof(links));
        _domains = domains ?? throw new ArgumentNullException(nameof(domains));
        _translators = translators ?? throw new ArgumentNullException(nameof(translators));
        _trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PoetFeedbackService>();
    }

    /// <inheritdoc />
    public async Task<FeedbackOutcome> FeedbackAsync(object result, object? feedback, CancellationToken cancellationToken = default)
    {
        switch (result)
        {
            case null:
                throw new PoetFeedbackException("Feedback needs the result it is about, but the result was null. " + HowToFix);
            case ExecutionId id:
                return await FeedbackAsync(id, feedback, cancellationToken).ConfigureAwait(false);
            case ExecutionRecord record:
                return await FeedbackAsync(record.Id, feedback, cancellationToken).ConfigureAwait(false);
        }

        if (_links.TryGet(result, out var linked))
        {
            return await FeedbackAsync(linked.Value, feedback, NoOptions, cancellationToken).ConfigureAwait(false);
        }

        if (result is string text && ExecutionId.TryParse(text.Trim(), out var parsed))
        {
            return await FeedbackAsync(parsed, feedback, cancellationToken).ConfigureAwait(false);
        }

        var type = result.GetType();
        var why = result is Task or ValueTask
            ? $"A {type.Name} was passed as the result: await the POET call and pass the value it returns."
            : result is string || type.IsValueType
            ? $"A {type.Name} result cannot be linked to its execution (value types and strings have no identity)."
            : $"This {type.Name} object is not linked to a POET execution: it was not returned by a POET call in this process " +
              "(a method with [Poet], on the method or its interface, of a service registered with EnablePoet(); [Learnable] alone is not enough), " +
              "is a copy of the returned object, the process restarted since the call, or it was returned so long ago that " +
              $"more than {ExecutionLinks.ReachHint} newer results were alive at once and took its link.";
        throw new PoetFeedbackException(why + " " + HowToFix);
    }

    /// <inheritdoc />
    public Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, CancellationToken cancellationToken = default) =>
        FeedbackAsync(executionId, feedback, NoOptions, cancellationToken);

    /// <inheritdoc />
    public async Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(executionId.Value))
        {
            throw new PoetFeedbackException("The execution id is empty (default(ExecutionId)). " + HowToFix);
        }

        var record = await _executions.FindAsync(executionId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            // Records still in a recorder's buffer are written by now once flushed.
            await _executions.FlushAsync(cancellationToken).ConfigureAwait(false);
            record = await _executions.FindAsync(executionId, cancellationToken).ConfigureAwait(false);
        }

        return record is null
            ? throw new PoetFeedbackException(
                $"No POET execution with id {executionId} is recorded in this store. Check that the id comes from a POET call made " +
                $"with the same store (StorePath '{_options.StorePath}') and that it is not older than the execution retention. {HowToFix}")
            : await ProcessAsync(record, feedback, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<FeedbackOutcome> ProcessAsync(ExecutionRecord execution, object? payload, FeedbackOptions options, CancellationToken cancellationToken)
    {
        var read = await FeedbackPayload.ReadAsync(payload, _options.MaxStoredFeedbackChars, cancellationToken).ConfigureAwait(false);
        var key = options.IdempotencyKey is { } given ? FeedbackKeys.Validate(given) : FeedbackKeys.Derive(execution.Id, read.Raw.Json);
        using (await _keyLocks.AcquireAsync(key, cancellationToken).ConfigureAwait(false))
        {
            var applied = await FeedbackRepeats.FindAppliedAsync(_feedback, key, execution, derived: options.IdempotencyKey is null, cancellationToken).ConfigureAwait(false);
            return applied is not null
                ? FeedbackRepeats.Outcome(applied)
                : await ApplyAsync(execution, read, key, options.ReceivedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<FeedbackOutcome> ApplyAsync(ExecutionRecord execution, FeedbackPayload read, string key, DateTimeOffset? receivedAt,
        CancellationToken cancellationToken)
    {
        var functionId = execution.FunctionId;
        var current = _functions.GetCurrent(functionId)
            ?? throw new PoetFeedbackException(
                $"Execution {execution.Id} belongs to function '{functionId}', which this store does not know. Feedback must go to the " +
                "store the call was recorded in (check StorePath / UseService).");

        var feedbackId = FeedbackKeys.IdFor(key);
        var (raw, normalized) = read;
        var record = new FeedbackRecord
        {
            Id = feedbackId,
            IdempotencyKey = key,
            ExecutionId = execution.Id,
            FunctionId = functionId,
            ReceivedAt = receivedAt ?? _time.GetUtcNow(),
            RawJson = raw.Json,
            RawTruncated = raw.Truncated,
            RawSize = raw.Size,
            RawTruncatedReason = raw.Why,
            Normalized = normalized,
        };

        // The raw payload is durable before anything can go wrong in translation or training.
        await _feedback.SaveAsync(record, cancellationToken).ConfigureAwait(false);

        var plan = _functions.GetPlan(functionId, current.Version) ?? new FunctionPlan { FunctionId = functionId };
        var spec = _functions.GetTrainSpec(functionId, current.Version) ?? new TrainSpec { FunctionId = functionId, Domain = plan.Domain };
        var domain = ResolveDomain(plan.Domain);
        var context = new TranslationContext { Feedback = normalized, Execution = execution, Plan = plan, TrainSpec = spec, Current = current, Domain = domain };
        var signal = await _translators.TranslateAsync(context, cancellationToken).ConfigureAwait(false);
        PoetTelemetry.Feedback.Add(1,
            new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, functionId),
            new KeyValuePair<string, object?>(PoetTelemetry.TranslatorTag, signal.Translator),
            new KeyValuePair<string, object?>("poet.verdict", signal.Verdict.ToString()));

        TrainingResult training;
        IReadOnlyList<string> bounds = [];
        if (!plan.EnableTraining)
        {
            training = TrainingResult.Unchanged("training is disabled for this function ([Poet(EnableTraining = false)])");
        }
        else
        {
            var facts = ExecutionInspector.Inspect(execution, domain);
            var credit = CreditAssignment.Assign(facts, execution, spec, signal, domain);
            signal = credit.Signal;
            bounds = credit.Bounds;
            var history = await LabelledHistoryAsync(functionId, feedbackId, domain, cancellationToken).ConfigureAwait(false);
            if (LabelledExecution.From(signal.Verdict, execution, facts) is { } labelled && facts.Score is not null)
            {
                history.Add(labelled);
            }

            var (silentWeight, firedWeight) = (domain.UnlabelledSilentWeight, domain.UnlabelledFiredWeight);
            var unlabelled = silentWeight > 0 || firedWeight > 0
                ? await UnlabelledAsync(functionId, history, domain, cancellationToken).ConfigureAwait(false)
                : [];
            var said = new LabelledHistory(history, name => CreditAssignment.IsRunParameter(name, domain), domain.MissedEventWeight,
                Replay(_links.Replays.Find(functionId), domain) is { } replay ? _replays.Keep(replay, domain.Name) : null, domain.DecisionMargin,
                unlabelled, silentWeight, firedWeight, name => CreditAssignment.IsGapParameter(name, domain), _replays.Reserve);
            training = await _trainer.TrainAsync(functionId, spec, signal, feedbackId, credit.Hints, said, cancellationToken).ConfigureAwait(false);
        }

        if (training.Version is null)
        {
            LogNoChange(_logger, functionId, signal.Verdict, signal.Translator, training.Note ?? string.Empty);
        }

        if (training.Note is { } note && note.Contains("[Learnable(", StringComparison.Ordinal))
        {
            bounds = [.. bounds, .. note.Split("; ").Where(n => n.Contains("[Learnable(", StringComparison.Ordinal))];
        }

        var outcomeSignal = training.Note is not null && signal.Adjustments.Count > 0
            ? signal with { Rationale = $"{signal.Rationale}; nothing written: {training.Note}" }
            : signal;
        if (bounds.Count > 0 && training.Version is not null)
        {
            outcomeSignal = outcomeSignal with { Rationale = $"{outcomeSignal.Rationale}; {string.Join("; ", bounds)}" };
        }
        await _feedback.SaveAsync(record with
        {
            Signal = outcomeSignal,
            ProducedVersion = training.Version?.Version,
            Changes = training.Changes,
        }, CancellationToken.None).ConfigureAwait(false);

        return new FeedbackOutcome
        {
            ExecutionId = execution.Id,
            FunctionId = functionId,
            Signal = outcomeSignal,
            NewVersion = training.Version?.Version,
            Changes = training.Changes,
            FeedbackId = feedbackId,
            BoundsReached = [.. bounds.Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// The function's earlier labelled executions with score evidence, oldest first: those among its newest
    /// <see cref="MaxLabelled"/> feedback records. Each feedback's labelled execution is read from the store once and
    /// kept (per function, only the current window), so a feedback costs one read of the recent records, not one lookup
    /// per labelled execution.
    /// </summary>
    private async Task<List<LabelledExecution>> LabelledHistoryAsync(string functionId, string currentFeedbackId, DomainTemplate domain, CancellationToken cancellationToken)
    {
        var known = _labelledWindows.TryGetValue(functionId, out var window) ? window : LabelledWindow.Empty;
        var next = new Dictionary<string, LabelledEntry?>(StringComparer.Ordinal);
        var labelled = new List<LabelledExecution>();
        var records = await _feedback.ListRecentAsync(functionId, MaxLabelled + 1, cancellationToken).ConfigureAwait(false);
        foreach (var record in records)
        {
            if (record.Id == currentFeedbackId || record.Signal is null)
            {
                continue;
            }

            if (!known.Entries.TryGetValue(record.Id, out var entry) || (entry is not null && entry.Domain != domain.Name))
            {
                entry = await ReadLabelledAsync(record, domain, cancellationToken).ConfigureAwait(false);
            }

            next[record.Id] = entry;
            if (entry is not null)
            {
                labelled.Add(entry.Execution);
            }
        }

        _labelledWindows[functionId] = new LabelledWindow(next);
        return labelled;
    }

    /// <summary>
    /// The function's newest <see cref="MaxUnlabelled"/> executions nobody labelled, each labelled with what it did (nobody
    /// complained about it), with score evidence; empty when the store cannot list executions.
    /// </summary>
    private async Task<IReadOnlyList<LabelledExecution>> UnlabelledAsync(string functionId, IReadOnlyList<LabelledExecution> labelled, DomainTemplate domain,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<ExecutionRecord> recent;
        try
        {
            recent = await _executions.ListRecentAsync(functionId, MaxUnlabelled, since: null, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSupportedException)
        {
            return [];
        }

        var said = labelled.Select(l => l.Execution?.Id).OfType<ExecutionId>().ToHashSet();
        var unlabelled = new List<LabelledExecution>(recent.Count);
        foreach (var execution in recent)
        {
            if (said.Contains(execution.Id))
            {
                continue;
            }

            var facts = ExecutionInspector.Inspect(execution, domain);
            if (facts.Fired is { } fired && facts.Score is not null)
            {
                unlabelled.Add(new LabelledExecution(fired, execution.LearnedParameters, facts, execution));
            }
        }

        return unlabelled;
    }

    /// <summary>A replayable function's replay, read the way its domain reads results; null when the function is not replayable.</summary>
    private static LabelledReplay? Replay(FunctionReplay? replay, DomainTemplate domain) => replay is null ? null : (labelled, values) =>
        labelled.Execution is { } execution && replay(execution, values) is { } result
            ? ExecutionInspector.Inspect(execution with { Result = result }, domain)
            : null;

    private async Task<LabelledEntry?> ReadLabelledAsync(FeedbackRecord record, DomainTemplate domain, CancellationToken cancellationToken)
    {
        if (record.Signal!.Verdict is not (FeedbackVerdict.FalsePositive or FeedbackVerdict.FalseNegative or FeedbackVerdict.Correct)
            || string.IsNullOrEmpty(record.ExecutionId.Value)
            || await _executions.FindAsync(record.ExecutionId, cancellationToken).ConfigureAwait(false) is not { } execution)
        {
            return null;
        }

        var facts = ExecutionInspector.Inspect(execution, domain);
        return facts.Score is not null && LabelledExecution.From(record.Signal.Verdict, execution, facts) is { } labelled
            ? new LabelledEntry(domain.Name, labelled)
            : null;
    }

    private DomainTemplate ResolveDomain(string? name)
    {
        try
        {
            return _domains.Get(name);
        }
        catch (ArgumentException)
        {
            return GenericDomain.Template; // a template removed since the function was created: learn generically
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "POET feedback on {FunctionId}: {Verdict} by {Translator}, no new version ({Why})")]
    private static partial void LogNoChange(ILogger logger, string functionId, FeedbackVerdict verdict, string translator, string why);

    /// <summary>A feedback's labelled execution, read the way <paramref name="Domain"/> reads results.</summary>
    private sealed record LabelledEntry(string Domain, LabelledExecution Execution);

    /// <summary>The labelled executions of a function's newest feedback (null: that feedback labels nothing usable).</summary>
    private sealed record LabelledWindow(IReadOnlyDictionary<string, LabelledEntry?> Entries)
    {
        public static readonly LabelledWindow Empty = new(new Dictionary<string, LabelledEntry?>());
    }
}
