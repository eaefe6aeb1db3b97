namespace Poet;

/// <summary>
/// What POET knows about a domain: how people there phrase feedback, how each kind of feedback moves learnable
/// parameters, what learning optimizes, and the argument and result rules Perceive and Enforce add.
/// Register your own with <see cref="PoetOptions.AddDomain(DomainTemplate)"/>.
/// </summary>
/// <example>
/// A template for a fraud scorer whose <c>[Learnable] double cutoff</c> decides when a payment is blocked:
/// <code>
/// builder.AddPoet(o => o.AddDomain(new DomainTemplate
/// {
///     Name = "fraud",
///     Description = "Payment fraud scoring: blocked payments that analysts judge.",
///     Objective = "F1 of blocked payments",
///     Vocabulary = new Dictionary&lt;FeedbackVerdict, IReadOnlyList&lt;string&gt;&gt;
///     {
///         [FeedbackVerdict.FalsePositive] = ["legit customer", "wrongly blocked"],
///         [FeedbackVerdict.FalseNegative] = ["chargeback", "fraud got through"],
///     },
///     Phrases =
///     [
///         new("customer complained", FeedbackCue.FalsePositive, 1.5),
///         new("confirmed fraud", FeedbackCue.RealEvent, 2),
///     ],
///     FiringIndicators = ["blocked", "fraud"],
///     DirectionRules =
///     [
///         new(FeedbackVerdict.FalsePositive, "cutoff", +1),
///         new(FeedbackVerdict.FalseNegative, "cutoff", -1),
///     ],
/// }));
/// // then: [Poet(Domain = "fraud")] on the interface method.
/// </code>
/// </example>
public sealed class DomainTemplate
{
    /// <summary>The template's name, as used in <see cref="PoetAttribute.Domain"/> (case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>One line on what the domain is.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The objective learning serves, for example <c>F1 of alerts</c>.</summary>
    public string Objective { get; init; } = string.Empty;

    /// <summary>Phrases operators use for each verdict (read by the offline translator and given to an LLM).</summary>
    public IReadOnlyDictionary<FeedbackVerdict, IReadOnlyList<string>> Vocabulary { get; init; } =
        new Dictionary<FeedbackVerdict, IReadOnlyList<string>>();

    /// <summary>
    /// Weighted phrases for the offline translator, including cues that depend on whether the function fired
    /// (<see cref="FeedbackCue.Complaint"/>, <see cref="FeedbackCue.RealEvent"/>, <see cref="FeedbackCue.NonEvent"/>).
    /// They add to <see cref="Vocabulary"/> (whose phrases count with weight 1); a phrase listed in both uses this
    /// entry. Everyday language (praise, complaints, negation, ratings such as "2/5") is built into the translator.
    /// </summary>
    public IReadOnlyList<FeedbackPhrase> Phrases { get; init; } = [];

    /// <summary>
    /// Fragments of result member names that tell whether the function fired (case-insensitive): a true boolean
    /// (<c>IsDrift</c>, <c>AlertRaised</c>), a non-empty collection (<c>Alerts</c>) or a positive count
    /// (<c>AnomalyCount</c>) whose name contains one of them means it fired. A <see cref="bool"/> result or a
    /// collection result is read directly.
    /// </summary>
    public IReadOnlyList<string> FiringIndicators { get; init; } =
        ["alert", "alarm", "drift", "anomal", "detect", "fire", "trigger", "flag", "incident", "breach", "outlier", "violation", "positive"];

    /// <summary>
    /// Fragments of result member names holding the score a threshold is compared with (case-insensitive, for
    /// example <c>Score</c>, <c>Statistic</c>). When the recorded score and the learned value the call used agree
    /// with what happened (fired with score &gt;= threshold, silent with score &lt; threshold), the trainer moves
    /// that parameter no further than just past the score, so one complaint never overshoots.
    /// </summary>
    public IReadOnlyList<string> ScoreIndicators { get; init; } = ["score", "statistic", "distance", "deviation"];

    /// <summary>
    /// Fragments of result member names holding the length of the run a persistence-like parameter is compared with
    /// (case-insensitive, for example <c>RunLength</c>: the longest run of consecutive samples over the threshold). With it,
    /// a complaint can be credited to the persistence when raising it past the run is the cheaper way to flip the outcome.
    /// </summary>
    public IReadOnlyList<string> RunIndicators { get; init; } = ["runlength", "run_length", "consecutive", "streak"];

    /// <summary>
    /// Fragments of learnable parameter names compared with the run length of <see cref="RunIndicators"/> (case-insensitive,
    /// for example <c>persistence</c>: how many consecutive samples an alert needs); every other parameter with a
    /// learnable direction is compared with the score of <see cref="ScoreIndicators"/>.
    /// </summary>
    public IReadOnlyList<string> RunParameters { get; init; } = ["persistence", "consecutive", "min_run", "minrun", "patience"];

    /// <summary>
    /// Fragments of result member names holding the gap a cooldown-like parameter is compared with (case-insensitive, for
    /// example <c>Gap</c>: the longest distance, in samples, from a trigger in the call to the trigger before it). The call
    /// fires exactly when the parameter is below the gap, so a complaint can be credited to the cooldown when moving it past
    /// the gap is the cheaper way to flip the outcome.
    /// </summary>
    public IReadOnlyList<string> GapIndicators { get; init; } = ["gap", "sincelast", "since_last"];

    /// <summary>
    /// Fragments of learnable parameter names compared with the gap of <see cref="GapIndicators"/> (case-insensitive, for
    /// example <c>cooldown</c>: after a trigger, how many samples no other trigger alerts).
    /// </summary>
    public IReadOnlyList<string> GapParameters { get; init; } = ["cooldown", "refractory", "holdoff", "hold_off"];

    /// <summary>
    /// When learning chooses the values that agree with the most labelled executions, how many false alarms one execution
    /// that should have fired (a missed event, or a caught one that was confirmed) weighs. 1 counts every label alike; the
    /// <c>ml_monitoring</c> template uses 3, since a missed incident costs more than a needless alert (NAB's standard
    /// profile weighs it about 9 to 1).
    /// </summary>
    public double MissedEventWeight { get; init; } = 1;

    /// <summary>
    /// When learning chooses a threshold that agrees with the labelled executions, how far from their scores it keeps, as a
    /// share of each score, when the labels leave room (halfway between the nearest scores when they leave less): one
    /// complaint then settles the whole class of similar executions, not only the one complained about. 0 (the default, and
    /// <c>ml_monitoring</c>'s) moves just past the score. On the drift demo's NAB bench a margin made the learned values
    /// frozen slightly better and learning online worse (README, "Learning on real data"), so the template keeps 0.
    /// </summary>
    public double DecisionMargin { get; init; }

    /// <summary>
    /// When learning chooses values, what keeping a recent call nobody labelled silent weighs against one false-alarm label
    /// (1): learning then reads the function's newest executions (<see cref="IExecutionStore.ListRecentAsync"/>) and
    /// counts the quiet calls a candidate would wake, so new alerts must be paid for by the complaints. 0 (the default, and
    /// <c>ml_monitoring</c>'s) judges on the labels alone: on the drift demo's NAB bench every weight measured made learning
    /// online worse (README, "Learning on real data"). Opt in with <see cref="WithUnlabelledWeights"/>.
    /// </summary>
    public double UnlabelledSilentWeight { get; init; }

    /// <summary>
    /// Like <see cref="UnlabelledSilentWeight"/>, for a recent unlabelled call that fired: what keeping it firing weighs
    /// against one false-alarm label. 0 by default (an alert nobody complained about may be a false alarm nobody had time
    /// to report).
    /// </summary>
    public double UnlabelledFiredWeight { get; init; }

    /// <summary>A copy of this template whose learning also weighs the recent calls nobody labelled.</summary>
    /// <param name="silent">The new <see cref="UnlabelledSilentWeight"/> (0 or more).</param>
    /// <param name="fired">The new <see cref="UnlabelledFiredWeight"/> (0 or more).</param>
    /// <returns>The copy (same name: register it with <see cref="PoetOptions.AddDomain"/> to replace the built-in).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative or not finite.</exception>
    public DomainTemplate WithUnlabelledWeights(double silent, double fired)
    {
        if (!double.IsFinite(silent) || silent < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(silent), silent, "The weight of a quiet unlabelled call must be a finite number, 0 or more (0 ignores them).");
        }

        if (!double.IsFinite(fired) || fired < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fired), fired, "The weight of an unlabelled call that fired must be a finite number, 0 or more (0 ignores them).");
        }

        return new DomainTemplate
        {
            Name = Name,
            Description = Description,
            Objective = Objective,
            Vocabulary = Vocabulary,
            Phrases = Phrases,
            FiringIndicators = FiringIndicators,
            ScoreIndicators = ScoreIndicators,
            RunIndicators = RunIndicators,
            RunParameters = RunParameters,
            GapIndicators = GapIndicators,
            GapParameters = GapParameters,
            MissedEventWeight = MissedEventWeight,
            DecisionMargin = DecisionMargin,
            DirectionRules = DirectionRules,
            ArgumentRules = ArgumentRules,
            ResultRules = ResultRules,
            UnlabelledSilentWeight = silent,
            UnlabelledFiredWeight = fired,
        };
    }

    /// <summary>How each verdict moves parameters, matched by parameter name (first matching rule wins).</summary>
    public IReadOnlyList<ParameterDirectionRule> DirectionRules { get; init; } = [];

    /// <summary>Rules Perceive applies to arguments.</summary>
    public IReadOnlyList<IArgumentRule> ArgumentRules { get; init; } = [];

    /// <summary>Rules Enforce applies to results.</summary>
    public IReadOnlyList<IResultRule> ResultRules { get; init; } = [];
}

/// <summary>
/// For one verdict, the direction a parameter whose name contains <paramref name="NameContains"/> moves
/// (case-insensitive; <c>*</c> matches every parameter).
/// </summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="NameContains">A fragment of the parameter's name (for example <c>threshold</c>), or <c>*</c>.</param>
/// <param name="Direction">+1 up, -1 down.</param>
public sealed record ParameterDirectionRule(FeedbackVerdict Verdict, string NameContains, int Direction)
{
    /// <summary>Whether the rule matches a parameter name.</summary>
    /// <param name="parameterName">The learnable parameter's name.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(string parameterName) =>
        NameContains == "*" || parameterName.Contains(NameContains, StringComparison.OrdinalIgnoreCase);
}
