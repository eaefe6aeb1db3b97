using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

/// <summary>A temporary store folder, options, a log capture and sample records for the storage tests.</summary>
internal sealed class StoreFixture : IDisposable
{
    public StoreFixture()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "poet-store-tests", Guid.NewGuid().ToString("N"));
        Options = new PoetOptions { StorePath = Path };
    }

    public string Path { get; }

    public PoetOptions Options { get; }

    public LogCapture Logs { get; } = new();

    public StoreRoot OpenRoot() => StoreRoot.Open(Options, Logs);

    public FileFunctionStore Functions() => new(OpenRoot());

    public FileFeedbackStore Feedback() => new(OpenRoot());

    public FileExecutionLog Log(bool startWriter = true) => new(OpenRoot(), startWriter);

    public string ExecutionsPath => System.IO.Path.Combine(Path, StoreLayout.ExecutionsFolder);

    public string QuarantinePath => System.IO.Path.Combine(Path, StoreLayout.QuarantineFolder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static FunctionPlan Plan(string functionId) => new()
    {
        FunctionId = functionId,
        InterfaceName = "IDriftDetector",
        MethodName = "Detect",
        Domain = "ml_monitoring",
        OptimizeFor = "accuracy",
        PerceiveRules = ["reference: not null", "current: finite numbers"],
        Operate = new OperatePolicy { Retries = 2, TimeoutMs = 2000 },
        EnforceRules = ["score: finite"],
        Learnable = [Threshold],
    };

    public static LearnableParameterSpec Threshold => new() { Name = "threshold", Min = 0.01, Max = 10, Default = 3, Step = 0.3, MaxStep = 1 };

    public static TrainSpec Train(string functionId) => new()
    {
        FunctionId = functionId,
        Domain = "ml_monitoring",
        Objective = "F1 of alerts",
        Parameters = [Threshold],
        IssueMap = new Dictionary<FeedbackVerdict, IReadOnlyDictionary<string, int>>
        {
            [FeedbackVerdict.FalsePositive] = new Dictionary<string, int> { ["threshold"] = 1 },
            [FeedbackVerdict.FalseNegative] = new Dictionary<string, int> { ["threshold"] = -1 },
        },
    };

    public static FunctionVersion Initial(string functionId) => new()
    {
        FunctionId = functionId,
        Version = 1,
        Parameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
        Trainer = new Dictionary<string, TrainerState> { ["threshold"] = new(0.3, 0) },
    };

    public static FunctionVersion Create(IFunctionStore store, string functionId) =>
        store.EnsureCreated(Plan(functionId), Train(functionId), Initial(functionId));

    public static Func<FunctionVersion, FunctionVersion?> Raise(double by, string feedbackId = "fb") => current => current with
    {
        Parameters = new Dictionary<string, double> { ["threshold"] = current.Parameters["threshold"] + by },
        Reason = new VersionReason { Kind = "feedback", FeedbackIds = [feedbackId], Rationale = "false alarm" },
    };

    public static ExecutionRecord Record(DateTimeOffset? at = null, int n = 0) => new()
    {
        Id = at is { } time ? ExecutionId.New(time) : ExecutionId.New(),
        FunctionId = "IDriftDetector.Detect",
        Version = 1,
        StartedAt = at ?? DateTimeOffset.UtcNow,
        DurationMs = 1.25,
        Outcome = ExecutionOutcome.Success,
        Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0, 3.0 }, ["n"] = n },
        LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
        Result = new { IsDrift = n % 2 == 0, Score = 1.5 },
    };
}

/// <summary>Collects log lines so tests can prove that a recovery or a quarantine was reported.</summary>
internal sealed class LogCapture : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. _lines];

    public bool Contains(LogLevel atLeast, string text) =>
        _lines.Any(l => l.Level >= atLeast && l.Message.Contains(text, StringComparison.OrdinalIgnoreCase));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
