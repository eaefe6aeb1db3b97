using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Poet;

/// <summary>
/// The trainer (the C# form of the seed's generated <c>train.py</c>): applies a learning signal to a function's
/// learned parameters with sign-adaptive steps (Rprop): a parameter's step grows by
/// <see cref="TrainSpec.StepIncrease"/> while feedback keeps pushing it the same way and shrinks by
/// <see cref="TrainSpec.StepDecrease"/> when it flips, always within [min step, <see cref="LearnableParameterSpec.MaxStep"/>];
/// the signal's magnitude and confidence scale the move; values stay within their bounds. Every applied update
/// writes a new version; an update that changes nothing writes nothing.
/// </summary>
internal sealed partial class RpropTrainer
{
    /// <summary>Signals less sure than this teach nothing.</summary>
    public const double MinimumConfidence = 0.2;

    private readonly IFunctionStore _store;
    private readonly FunctionLocks _locks;
    private readonly ILogger _logger;

    /// <summary>Creates the trainer.</summary>
    /// <param name="store">Where versions are written (its lock allocates version numbers across processes).</param>
    /// <param name="locks">Per-function locks shared with rollback.</param>
    /// <param name="loggerFactory">Logs applied updates.</param>
    public RpropTrainer(IFunctionStore store, FunctionLocks locks, ILoggerFactory? loggerFactory = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _locks = locks ?? throw new ArgumentNullException(nameof(locks));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RpropTrainer>();
    }

    /// <summary>Applies a signal to the function's current version and writes the next version if anything changed.</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="spec">The function's train spec.</param>
    /// <param name="signal">The sanitized signal.</param>
    /// <param name="feedbackId">The feedback's id, recorded in the version's reason.</param>
    /// <param name="hints">Where moving a parameter stops helping (may be empty).</param>
    /// <param name="history">The function's labelled executions, this one included, to agree with (null: the Rprop step only).</param>
    /// <param name="cancellationToken">Cancels waiting for the locks.</param>
    /// <returns>The version written and the changes, or why nothing was written.</returns>
    public async Task<TrainingResult> TrainAsync(string functionId, TrainSpec spec, LearningSignal signal, string feedbackId,
        IReadOnlyList<TrainingHint> hints, LabelledHistory? history = null, CancellationToken cancellationToken = default)
    {
        if (signal.Verdict is FeedbackVerdict.Correct)
        {
            return TrainingResult.Unchanged("positive feedback: the current values are kept");
        }

        if (signal.Adjustments.Count == 0)
        {
            return TrainingResult.Unchanged("the signal moves no learnable parameter");
        }

        if (!(signal.Confidence >= MinimumConfidence))
        {
            return TrainingResult.Unchanged($"the signal is too unsure to learn from (confidence {signal.Confidence.ToString("0.##", CultureInfo.InvariantCulture)})");
        }

        using (await _locks.AcquireAsync(functionId, cancellationToken).ConfigureAwait(false))
        {
            var changes = new List<ParameterChange>();
            string? note = null;
            var written = await _store.AppendVersionAsync(functionId, current =>
            {
                changes.Clear();
                var next = Derive(current, spec, signal, feedbackId, hints, changes, out note, history);
                return next;
            }, cancellationToken).ConfigureAwait(false);

            if (written is null)
            {
                return TrainingResult.Unchanged(note ?? "no parameter changed");
            }

            LogApplied(_logger, functionId, written.Version, string.Join(", ", changes.Select(c => $"{c.Name} {Format(c.OldValue)} -> {Format(c.NewValue)}")));
            return new TrainingResult(written, [.. changes], null);
        }
    }

    /// <summary>Computes the next version from <paramref name="current"/>; null when no value would change.</summary>
    /// <param name="current">The current version (read under the store's lock).</param>
    /// <param name="spec">The train spec.</param>
    /// <param name="signal">The signal.</param>
    /// <param name="feedbackId">The feedback id.</param>
    /// <param name="hints">Targets beyond which a move stops helping.</param>
    /// <param name="changes">Receives the changes.</param>
    /// <param name="note">Why nothing changed, when nothing did.</param>
    /// <param name="history">The labelled executions to agree with (see <see cref="AgreementSearch"/>); null or empty: the Rprop step.</param>
    /// <returns>The next version (the store sets its number, parent and time), or null.</returns>
    internal static FunctionVersion? Derive(FunctionVersion current, TrainSpec spec, LearningSignal signal, string feedbackId,
        IReadOnlyList<TrainingHint> hints, List<ParameterChange> changes, out string? note,
        LabelledHistory? history = null)
    {
        note = null;
        // With a credited, feasible flip (an exact hint) learning agrees with every labelled execution; otherwise the Rprop
        // step pushes the way the feedback says (towards a bound that is then reported).
        if (history is { Executions.Count: > 0 } && hints.Any(h => h.Exact) && signal.Verdict is FeedbackVerdict.FalsePositive or FeedbackVerdict.FalseNegative
            && AgreementSearch.Choose(current.Parameters, spec, history, out var agreement) is { } chosen)
        {
            return Agreed(current, spec, signal, feedbackId, chosen, agreement!, changes, out note);
        }

        var increase = spec.StepIncrease is >= 1 and <= 2 ? spec.StepIncrease : 1.2;
        var decrease = spec.StepDecrease is >= 0.1 and <= 1 ? spec.StepDecrease : 0.5;
        var confidence = double.IsFinite(signal.Confidence) ? Math.Clamp(signal.Confidence, 0, 1) : 0;
        var parameters = new Dictionary<string, double>(current.Parameters, StringComparer.Ordinal);
        var trainer = new Dictionary<string, TrainerState>(current.Trainer, StringComparer.Ordinal);
        var notes = new List<string>();

        foreach (var adjustment in signal.Adjustments)
        {
            var p = spec.Parameters.FirstOrDefault(x => string.Equals(x.Name, adjustment.Name, StringComparison.Ordinal));
            if (p is null || adjustment.Direction == 0 || !double.IsFinite(adjustment.Magnitude))
            {
                continue;
            }

            var direction = Math.Sign(adjustment.Direction);
            var old = parameters.TryGetValue(p.Name, out var known) && double.IsFinite(known) ? p.Clamp(known) : p.Default;
            var minStep = MinimumStep(p);
            var maxStep = double.IsFinite(p.MaxStep) && p.MaxStep > 0 ? Math.Max(p.MaxStep, minStep) : Math.Max((p.Max - p.Min) / 4, minStep);
            var state = trainer.TryGetValue(p.Name, out var s) && s is not null ? s : new TrainerState(p.Step, 0);
            var step = double.IsFinite(state.Step) && state.Step > 0 ? state.Step : p.Step;
            if (state.LastDirection == direction)
            {
                step *= increase;
            }
            else if (state.LastDirection == -direction)
            {
                step *= decrease;
            }

            step = Math.Clamp(step, minStep, maxStep);
            var scale = Math.Clamp(adjustment.Magnitude, 0, 1) * (0.5 + (0.5 * confidence));
            var move = Math.Min(step * scale, maxStep);
            if (p.IsInteger)
            {
                move = Math.Max(1, Math.Round(move, MidpointRounding.AwayFromZero));
            }

            var hint = hints.FirstOrDefault(h => string.Equals(h.Name, p.Name, StringComparison.Ordinal));
            if (hint is not null && double.IsFinite(hint.Target))
            {
                var room = direction > 0 ? hint.Target - old : old - hint.Target;
                if (room <= 0)
                {
                    notes.Add($"{p.Name} is already past {Format(hint.Target)} ({hint.Because})");
                    continue;
                }

                move = hint.Exact ? Math.Min(p.IsInteger ? Math.Ceiling(room) : room, maxStep) : Math.Min(move, p.IsInteger ? Math.Ceiling(room) : room);
            }

            var value = p.Clamp(old + (direction * move));
            trainer[p.Name] = new TrainerState(step, direction);
            if (value != old)
            {
                parameters[p.Name] = value;
                changes.Add(new ParameterChange(p.Name, old, value));
            }
            else
            {
                notes.Add(direction > 0
                    ? $"{p.Name} is at its maximum {Format(p.Max)}; raise [Learnable(Max)] to learn further"
                    : $"{p.Name} is at its minimum {Format(p.Min)}; lower [Learnable(Min)] to learn further");
            }
        }

        if (changes.Count == 0)
        {
            note = notes.Count > 0 ? string.Join("; ", notes) : "no parameter changed";
            return null;
        }

        var summary = string.Join(", ", changes.Select(c => $"{c.Name} {Format(c.OldValue)} -> {Format(c.NewValue)}"));
        return current with
        {
            Parameters = parameters,
            Trainer = trainer,
            Reason = new VersionReason
            {
                Kind = "feedback",
                FeedbackIds = [feedbackId],
                Rationale = $"{summary} ({signal.Translator}: {signal.Rationale})",
            },
        };
    }

    private static FunctionVersion? Agreed(FunctionVersion current, TrainSpec spec, LearningSignal signal, string feedbackId,
        IReadOnlyDictionary<string, double> chosen, string agreement, List<ParameterChange> changes, out string? note)
    {
        note = null;
        var trainer = new Dictionary<string, TrainerState>(current.Trainer, StringComparer.Ordinal);
        foreach (var p in spec.Parameters)
        {
            var old = current.Parameters.TryGetValue(p.Name, out var known) && double.IsFinite(known) ? p.Clamp(known) : p.Default;
            if (chosen.TryGetValue(p.Name, out var value) && value != old)
            {
                changes.Add(new ParameterChange(p.Name, old, value));
                var state = trainer.TryGetValue(p.Name, out var s) && s is not null ? s : new TrainerState(p.Step, 0);
                trainer[p.Name] = state with { LastDirection = Math.Sign(value - old) };
            }
        }

        if (changes.Count == 0)
        {
            note = $"the current values already fit the labelled executions best ({agreement})";
            return null;
        }

        var summary = string.Join(", ", changes.Select(c => $"{c.Name} {Format(c.OldValue)} -> {Format(c.NewValue)}"));
        return current with
        {
            Parameters = new Dictionary<string, double>(chosen, StringComparer.Ordinal),
            Trainer = trainer,
            Reason = new VersionReason
            {
                Kind = "feedback",
                FeedbackIds = [feedbackId],
                Rationale = $"{summary}: {agreement} ({signal.Translator}: {signal.Rationale})",
            },
        };
    }

    /// <summary>The smallest step a parameter takes: 1 for integers, else the smaller of a millionth of its range and 1% of its initial step.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>The minimum step.</returns>
    internal static double MinimumStep(LearnableParameterSpec parameter) =>
        parameter.IsInteger ? 1 : Math.Max(Math.Min((parameter.Max - parameter.Min) * 1e-6, parameter.Step * 0.01), 1e-12);

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "POET trained {FunctionId}: v{Version} ({Changes})")]
    private static partial void LogApplied(ILogger logger, string functionId, int version, string changes);
}
