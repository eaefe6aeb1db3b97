using Poet.Translation;

namespace Poet;

/// <summary>What an execution would say with other learned values: the facts of its replayed result, or null when it cannot be replayed.</summary>
/// <param name="execution">The labelled execution.</param>
/// <param name="values">The learned values to replay it with.</param>
/// <returns>The replayed facts, or null.</returns>
internal delegate ExecutionFacts? LabelledReplay(LabelledExecution execution, IReadOnlyDictionary<string, double> values);

/// <summary>
/// Everything said about a function so far, for <see cref="AgreementSearch"/>: its labelled executions (oldest first), which
/// parameters compare with a run length, how much a missed event weighs against a false alarm, and, for a replayable
/// function, how to re-run an execution with candidate values.
/// </summary>
/// <param name="Executions">The labelled executions, the one being complained about included.</param>
/// <param name="RunParameter">Whether a parameter is compared with a run length (from the domain).</param>
/// <param name="MissedEventWeight">How many false alarms one execution that should have fired weighs (<see cref="DomainTemplate.MissedEventWeight"/>).</param>
/// <param name="Replay">Re-runs an execution with candidate values (<see cref="PoetAttribute.Replayable"/> functions), or null.</param>
/// <param name="DecisionMargin">How far beyond the scores of the labelled executions (as a share of each score) chosen thresholds keep, when the labels allow (<see cref="DomainTemplate.DecisionMargin"/>); 0: just past them.</param>
/// <param name="Unlabelled">The function's recent executions nobody labelled, each with <see cref="LabelledExecution.ShouldFire"/> set to what it did
/// (nobody complained about it); empty when the store cannot list them.</param>
/// <param name="SilentWeight">What keeping a silent unlabelled execution silent weighs against one false-alarm label; 0 ignores them.</param>
/// <param name="FiredWeight">What keeping an unlabelled execution that fired firing weighs against one false-alarm label; 0 ignores them.</param>
/// <param name="GapParameter">Whether a parameter is compared with a gap, like a cooldown (from the domain); null: none is.</param>
/// <param name="ReserveReplays">Told how many replays a search is about to run, so what keeps them can make room (<see cref="ReplayCache.Reserve"/>); null: nothing to tell.</param>
internal sealed record LabelledHistory(IReadOnlyList<LabelledExecution> Executions, Func<string, bool> RunParameter, double MissedEventWeight = 1,
    LabelledReplay? Replay = null, double DecisionMargin = 0, IReadOnlyList<LabelledExecution>? Unlabelled = null, double SilentWeight = 0, double FiredWeight = 0,
    Func<string, bool>? GapParameter = null, Action<int>? ReserveReplays = null);

