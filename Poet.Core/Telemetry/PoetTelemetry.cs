using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Poet;

/// <summary>
/// POET's meter and activity source, both named <c>Poet</c>. Instruments cost nearly nothing when nobody listens.
/// </summary>
public static class PoetTelemetry
{
    /// <summary>The name of the meter and the activity source.</summary>
    public const string Name = "Poet";

    /// <summary>Tag name for the function id.</summary>
    public const string FunctionTag = "poet.function";

    /// <summary>Tag name for an execution's outcome.</summary>
    public const string OutcomeTag = "poet.outcome";

    /// <summary>Tag name for the execution id on activities.</summary>
    public const string ExecutionIdTag = "poet.execution_id";

    /// <summary>Tag name for the translator that served a feedback.</summary>
    public const string TranslatorTag = "poet.translator";

    /// <summary>The activity source: one activity per execution.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The meter.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>Executions, tagged with <see cref="FunctionTag"/> and <see cref="OutcomeTag"/>.</summary>
    public static readonly Counter<long> Executions = Meter.CreateCounter<long>("poet.executions", description: "POET executions");

    /// <summary>Execution duration in milliseconds, tagged with <see cref="FunctionTag"/>.</summary>
    public static readonly Histogram<double> ExecutionDuration = Meter.CreateHistogram<double>("poet.execution.duration", unit: "ms", description: "POET execution duration");

    /// <summary>Retries, tagged with <see cref="FunctionTag"/>.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("poet.retries", description: "POET retries");

    /// <summary>Feedback received, tagged with <see cref="FunctionTag"/> and <see cref="TranslatorTag"/>.</summary>
    public static readonly Counter<long> Feedback = Meter.CreateCounter<long>("poet.feedback", description: "POET feedback");

    /// <summary>Failures of POET's own machinery (store, recorder, trainer, LLM), tagged with <c>poet.component</c>.</summary>
    public static readonly Counter<long> InternalErrors = Meter.CreateCounter<long>("poet.internal_errors", description: "Failures of POET's own machinery; the wrapped call still succeeded");

    /// <summary>Attempts that passed their deadline and could not be stopped: abandoned, the caller got <see cref="PoetTimeoutException"/>.</summary>
    public static readonly Counter<long> AbandonedAttempts = Meter.CreateCounter<long>("poet.attempts.abandoned", description: "Attempts that passed their deadline and could not be stopped; the caller got PoetTimeoutException");

    /// <summary>Execution records dropped because the recorder's buffer was full.</summary>
    public static readonly Counter<long> DroppedRecords = Meter.CreateCounter<long>("poet.records.dropped", description: "Execution records dropped (buffer full)");
}
