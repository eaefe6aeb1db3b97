using System.Diagnostics;

namespace Poet.Interception;

/// <summary>
/// Metrics and activities of executions. Every instrument is checked for listeners first, tags are built from
/// cached pairs, and an activity exists only when someone listens: nearly free when nobody does.
/// </summary>
internal static class ExecutionTelemetry
{
    /// <summary>Tag name of the execution's outcome on activities and metrics.</summary>
    public const string OutcomeTag = PoetTelemetry.OutcomeTag;

    private static readonly KeyValuePair<string, object?>[] OutcomeTags = BuildOutcomeTags();

    /// <summary>The outcome's tag value, for example <c>success</c> or <c>timed_out</c>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The tag value.</returns>
    public static string OutcomeName(ExecutionOutcome outcome) => (string)OutcomeTags[(int)outcome].Value!;

    /// <summary>Starts the execution's activity (only call when the source has listeners).</summary>
    /// <param name="call">The execution.</param>
    /// <returns>The activity, or null when no listener sampled it.</returns>
    public static Activity? StartActivity(PoetCall call)
    {
        try
        {
            var activity = PoetTelemetry.ActivitySource.StartActivity(call.Method.FunctionId, ActivityKind.Internal);
            if (activity is not null && activity.IsAllDataRequested)
            {
                activity.SetTag(PoetTelemetry.FunctionTag, call.Method.FunctionId);
                activity.SetTag(PoetTelemetry.ExecutionIdTag, call.Id.Value);
                activity.SetTag("poet.version", call.Learned.Version);
            }

            return activity;
        }
        catch (Exception ex)
        {
            call.Method.Runtime.Errors.Report("telemetry", ex);
            return null;
        }
    }

    /// <summary>Counts the execution, records its duration, tells the in-process observers and stops its activity.</summary>
    /// <param name="call">The execution.</param>
    /// <param name="outcome">How it ended.</param>
    /// <param name="durationMs">Its duration.</param>
    /// <param name="error">Its failure, if any.</param>
    public static void Complete(PoetCall call, ExecutionOutcome outcome, double durationMs, Exception? error)
    {
        try
        {
            var function = call.Method.FunctionTag;
            if (PoetTelemetry.Executions.Enabled)
            {
                PoetTelemetry.Executions.Add(1, function, OutcomeTags[(int)outcome]);
            }

            if (PoetTelemetry.ExecutionDuration.Enabled)
            {
                PoetTelemetry.ExecutionDuration.Record(durationMs, function, OutcomeTags[(int)outcome]);
            }

            if (ExecutionObservers.Any)
            {
                ExecutionObservers.Notify(new FinishedExecution(
                    call.Method.FunctionId, call.Id, call.Learned.Version, call.StartedAt, durationMs, outcome, call.Attempts, error));
            }

            var activity = call.Activity;
            if (activity is not null)
            {
                activity.SetTag(OutcomeTag, OutcomeTags[(int)outcome].Value);
                activity.SetTag("poet.attempts", call.Attempts);
                if (error is not null)
                {
                    activity.SetStatus(ActivityStatusCode.Error, error.Message);
                    activity.SetTag("error.type", error.GetType().FullName);
                }

                activity.Dispose();
            }
        }
        catch (Exception ex)
        {
            call.Method.Runtime.Errors.Report("telemetry", ex);
        }
    }

    /// <summary>Counts one retry of a function.</summary>
    /// <param name="functionTag">The function's tag.</param>
    public static void Retried(KeyValuePair<string, object?> functionTag)
    {
        if (PoetTelemetry.Retries.Enabled)
        {
            PoetTelemetry.Retries.Add(1, functionTag);
        }
    }

    private static KeyValuePair<string, object?>[] BuildOutcomeTags()
    {
        var outcomes = Enum.GetValues<ExecutionOutcome>();
        var tags = new KeyValuePair<string, object?>[outcomes.Max(o => (int)o) + 1];
        foreach (var outcome in outcomes)
        {
            var name = outcome switch
            {
                ExecutionOutcome.Success => "success",
                ExecutionOutcome.Rejected => "rejected",
                ExecutionOutcome.Failed => "failed",
                ExecutionOutcome.TimedOut => "timed_out",
                ExecutionOutcome.Cancelled => "cancelled",
                ExecutionOutcome.EnforcementFailed => "enforcement_failed",
                _ => outcome.ToString().ToLowerInvariant(),
            };
            tags[(int)outcome] = new KeyValuePair<string, object?>(OutcomeTag, name);
        }

        return tags;
    }
}
