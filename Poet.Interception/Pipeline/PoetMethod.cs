using System.Diagnostics;
using Polly;

namespace Poet.Interception;

/// <summary>
/// Everything the interceptor needs for one interface method, built once and cached: the function id and plan,
/// the compiled Perceive and Enforce checks, the learnable slots, the Operate pipeline, and what to record.
/// The only per-call state here is the cached learned values of the current version.
/// </summary>
internal sealed class PoetMethod
{
    private static readonly long RegistrationRetryInterval = Stopwatch.Frequency * 5;

    private readonly PoetRuntime _runtime;
    private readonly ArgumentCheck[] _argumentChecks;
    private readonly ResultCheck[] _resultChecks;
    private volatile LearnedValues _learned;
    private volatile bool _registered;
    private long _nextRegistration;

    /// <summary>Creates the compiled method; <see cref="PoetMethodFactory"/> decides every part.</summary>
    public PoetMethod(
        PoetRuntime runtime,
        FunctionPlan plan,
        ReturnAdapter adapter,
        ArgumentCheck[] argumentChecks,
        ResultCheck[] resultChecks,
        LearnableSlot[] learnables,
        int tokenPosition,
        MethodRecording recording,
        ResiliencePipeline? pipeline,
        DeadlineRunner? deadline,
        MethodReplay? replay = null)
    {
        Replay = replay;
        _runtime = runtime;
        Plan = plan;
        FunctionId = plan.FunctionId;
        Adapter = adapter;
        _argumentChecks = argumentChecks;
        _resultChecks = resultChecks;
        Learnables = learnables;
        TokenPosition = tokenPosition;
        Recording = recording;
        Pipeline = pipeline;
        Deadline = deadline;
        CooperativeTimeout = plan.Operate.CooperativeTimeout && plan.Operate.TimeoutMs > 0 && deadline is null ? TimeSpan.FromMilliseconds(plan.Operate.TimeoutMs) : null;
        FunctionTag = new KeyValuePair<string, object?>(PoetTelemetry.FunctionTag, plan.FunctionId);
        _learned = LearnedValues.Defaults(learnables);
    }

    /// <summary>The function id.</summary>
    public string FunctionId { get; }

    /// <summary>The replay of a <see cref="PoetAttribute.Replayable"/> method, or null.</summary>
    public MethodReplay? Replay { get; }

    /// <summary>What the method's records need (argument and result writers), compiled once.</summary>
    public MethodRecording Recording { get; }

    /// <summary>The function's plan (registered with the catalog on first use).</summary>
    public FunctionPlan Plan { get; }

    /// <summary>Runs calls of this method's return kind.</summary>
    public ReturnAdapter Adapter { get; }

    /// <summary>The learnable parameters.</summary>
    public LearnableSlot[] Learnables { get; }

    /// <summary>The position of the method's own <see cref="CancellationToken"/> parameter, or -1.</summary>
    public int TokenPosition { get; }

    /// <summary>The Operate pipeline, or null when the function neither retries nor times out.</summary>
    public ResiliencePipeline? Pipeline { get; }

    /// <summary>
    /// The timeout of each attempt when it is cooperative (the method's token is cancelled at the deadline and the attempt
    /// runs on the caller's thread); null without a timeout or when <see cref="Deadline"/> runs attempts off the caller's thread.
    /// </summary>
    public TimeSpan? CooperativeTimeout { get; }

    /// <summary>Runs attempts off the caller's thread so the timeout holds for any method; null without a timeout.</summary>
    public DeadlineRunner? Deadline { get; }

    /// <summary>The <c>poet.function</c> tag, built once.</summary>
    public KeyValuePair<string, object?> FunctionTag { get; }

    /// <summary>The runtime (catalog, recorder, links, logging) this method belongs to.</summary>
    public PoetRuntime Runtime => _runtime;

    /// <summary>
    /// The learned values of the current version: registers the function on first use and follows the catalog's
    /// current version afterwards. When the catalog fails, the last known values (at first: the declared defaults)
    /// serve and the failure is reported.
    /// </summary>
    /// <returns>The values to apply to this call.</returns>
    public LearnedValues CurrentLearned()
    {
        var learned = _learned;
        try
        {
            if (!_registered)
            {
                return Register(learned);
            }

            var current = _runtime.Catalog.GetCurrent(FunctionId);
            if (current.Version != learned.Version || learned.Source is null)
            {
                learned = LearnedValues.From(current, Learnables);
                _learned = learned;
            }
        }
        catch (Exception ex)
        {
            _runtime.Errors.Report("catalog", ex);
        }

        return learned;
    }

    /// <summary>Perceive: runs every argument check; throws on the first broken rule.</summary>
    /// <param name="arguments">The call's arguments.</param>
    /// <exception cref="PoetValidationException">An argument broke a rule.</exception>
    public void Perceive(object?[] arguments)
    {
        var checks = _argumentChecks;
        for (var i = 0; i < checks.Length; i++)
        {
            var check = checks[i];
            string? problem;
            try
            {
                problem = check.Validate(arguments[check.Position]);
            }
            catch (Exception ex)
            {
                _runtime.Errors.Report("perceive", ex);
                continue;
            }

            if (problem is not null)
            {
                throw new PoetValidationException($"{FunctionId}: {problem}", check.ParameterName, check.Rule);
            }
        }
    }

    /// <summary>Enforce: runs every result check.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Null when the result is fine; otherwise the exception to give the caller.</returns>
    public PoetEnforcementException? Enforce(object? result)
    {
        var checks = _resultChecks;
        for (var i = 0; i < checks.Length; i++)
        {
            string? problem;
            try
            {
                problem = checks[i].Validate(result);
            }
            catch (Exception ex)
            {
                _runtime.Errors.Report("enforce", ex);
                continue;
            }

            if (problem is not null)
            {
                return new PoetEnforcementException(
                    $"{FunctionId}: {problem} " +
                    "The result was withheld; fix the implementation, or the rule if the result is in fact valid.");
            }
        }

        return null;
    }

    /// <summary>Whether Enforce has anything to check (lets callers skip boxing a value-type result).</summary>
    public bool HasResultChecks => _resultChecks.Length > 0;

    /// <summary>The arguments as recorded: sensitive ones redacted, cancellation tokens left out.</summary>
    /// <param name="arguments">The call's arguments.</param>
    /// <returns>The recorded arguments.</returns>
    public ArgumentMap RecordArguments(object?[] arguments) => Recording.ToMap(arguments);

    private LearnedValues Register(LearnedValues fallback)
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Interlocked.Read(ref _nextRegistration))
        {
            return fallback;
        }

        try
        {
            var version = _runtime.Catalog.Register(Plan);
            var learned = LearnedValues.From(version, Learnables);
            _learned = learned;
            _registered = true;
            return learned;
        }
        catch
        {
            Interlocked.Exchange(ref _nextRegistration, now + RegistrationRetryInterval);
            throw;
        }
    }
}
