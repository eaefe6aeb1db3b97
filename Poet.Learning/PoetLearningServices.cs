using Microsoft.Extensions.Logging;

namespace Poet;

/// <summary>
/// Builds POET's learning services over a set of stores, wired consistently (one set of per-function locks shared
/// by the trainer and rollback). <c>AddPoet</c> registers the same pieces in the container; tests and tools can use
/// this directly.
/// </summary>
internal sealed class PoetLearningServices
{
    /// <summary>Wires the learning services.</summary>
    /// <param name="functions">The function store.</param>
    /// <param name="executions">The execution log.</param>
    /// <param name="feedback">The feedback store.</param>
    /// <param name="links">Result-to-execution links (shared with the interceptor).</param>
    /// <param name="domains">Domain templates.</param>
    /// <param name="options">POET options.</param>
    /// <param name="translators">Translators tried before the offline one (for example the LLM translator).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Logging.</param>
    public PoetLearningServices(IFunctionStore functions, IExecutionStore executions, IFeedbackStore feedback, ExecutionLinks links,
        DomainCatalog domains, PoetOptions options, IEnumerable<IFeedbackTranslator>? translators = null, TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null)
    {
        Locks = new FunctionLocks();
        Translators = new FeedbackTranslatorChain(translators, loggerFactory);
        Trainer = new RpropTrainer(functions, Locks, loggerFactory);
        Feedback = new PoetFeedbackService(functions, executions, feedback, links, domains, Translators, Trainer, options, time, loggerFactory);
        Functions = new PoetFunctionsService(functions, Locks);
    }

    /// <summary>The per-function locks.</summary>
    public FunctionLocks Locks { get; }

    /// <summary>The translator chain.</summary>
    public FeedbackTranslatorChain Translators { get; }

    /// <summary>The trainer.</summary>
    public RpropTrainer Trainer { get; }

    /// <summary><see cref="IPoetFeedback"/>.</summary>
    public IPoetFeedback Feedback { get; }

    /// <summary><see cref="IPoetFunctions"/>.</summary>
    public IPoetFunctions Functions { get; }
}
