using System.ComponentModel.DataAnnotations;
using Range = System.ComponentModel.DataAnnotations.RangeAttribute;

namespace Poet.Tests.Interception;

public sealed class TransientFailureException(string message) : Exception(message);

/// <summary>A service whose methods fail a set number of times, for every return kind.</summary>
public interface IFlaky
{
    [Poet(Retries = 3)]
    int Sync(int failures);

    [Poet(Retries = 3)]
    void SyncVoid(int failures);

    [Poet(Retries = 3)]
    Task<int> TaskOfT(int failures);

    [Poet(Retries = 3)]
    Task PlainTask(int failures);

    [Poet(Retries = 3)]
    ValueTask<int> ValueTaskOfT(int failures);

    [Poet(Retries = 3)]
    ValueTask PlainValueTask(int failures);

    [Poet(Retries = 2)]
    int AlwaysFails();

    [Poet(Retries = 2)]
    Task<int> AlwaysFailsAsync();
}

public sealed class Flaky : IFlaky
{
    public int Attempts;

    public int Sync(int failures) => Attempt(failures);

    public void SyncVoid(int failures) => Attempt(failures);

    public async Task<int> TaskOfT(int failures)
    {
        await Task.Yield();
        return Attempt(failures);
    }

    public async Task PlainTask(int failures)
    {
        await Task.Yield();
        Attempt(failures);
    }

    public async ValueTask<int> ValueTaskOfT(int failures)
    {
        await Task.Yield();
        return Attempt(failures);
    }

    public async ValueTask PlainValueTask(int failures)
    {
        await Task.Yield();
        Attempt(failures);
    }

    public int AlwaysFails() => throw new TransientFailureException($"attempt {Interlocked.Increment(ref Attempts)}");

    public async Task<int> AlwaysFailsAsync()
    {
        await Task.Yield();
        throw new TransientFailureException($"attempt {Interlocked.Increment(ref Attempts)}");
    }

    private int Attempt(int failures)
    {
        var attempt = Interlocked.Increment(ref Attempts);
        return attempt <= failures ? throw new TransientFailureException($"attempt {attempt}") : attempt;
    }
}

/// <summary>A service that waits on its token for a long time.</summary>
public interface ISlow
{
    [Poet(TimeoutMs = 50)]
    Task<int> WaitAsync(CancellationToken cancellationToken);

    [Poet(TimeoutMs = 50, Retries = 1)]
    int WaitSync(CancellationToken cancellationToken);

    [Poet(TimeoutMs = 50)]
    Task<int> IgnoresTokenAsync();

    [Poet(Retries = 3)]
    Task<int> CallerCancellable(CancellationToken cancellationToken);
}

public sealed class Slow : ISlow
{
    public int Attempts;
    public int Cancellations;
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return 1;
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref Cancellations);
            throw;
        }
    }

    public int WaitSync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)))
        {
            Interlocked.Increment(ref Cancellations);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return 1;
    }

    public async Task<int> IgnoresTokenAsync()
    {
        Interlocked.Increment(ref Attempts);
        await Task.Delay(TimeSpan.FromSeconds(5));
        return 1;
    }

    public async Task<int> CallerCancellable(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        Started.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        return 1;
    }
}

public sealed class Order
{
    [Required]
    public string? Customer { get; set; }

    [Range(1, 100)]
    public int Quantity { get; set; }
}

public sealed class Score
{
    public double AnomalyScore { get; set; }

    [Range(0, 1)]
    public double Confidence { get; set; }
}

public sealed class Checked : IValidatableObject
{
    public int Low { get; set; }

    public int High { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Low > High)
        {
            yield return new ValidationResult("Low must not exceed High.", [nameof(Low), nameof(High)]);
        }
    }
}

/// <summary>A service with every kind of input and output rule.</summary>
public interface IRules
{
    [Poet(Retries = 2)]
    int Length(string text);

    [Poet]
    int Optional(string? text);

    [Poet(Retries = 2)]
    int Annotated([Range(1, 10)] int count, [Required, StringLength(5)] string code);

    [Poet(Domain = "ml_monitoring", Retries = 2)]
    double Mean(double[] series);

    [Poet(Domain = "ml_monitoring")]
    Task<double> MeanAsync(double[] series);

    [Poet]
    int Place(Order order);

    [Poet(Retries = 2)]
    Score Rate(double confidence);

    [Poet(Domain = "ml_monitoring", Retries = 2)]
    Score Detect(double anomalyScore);

    [Poet]
    Task<Checked> RangeAsync(int low, int high);
}

public sealed class Rules : IRules
{
    public int Calls;

    public int Length(string text) => Count(text.Length);

    public int Optional(string? text) => Count(text?.Length ?? -1);

    public int Annotated(int count, string code) => Count(count);

    public double Mean(double[] series)
    {
        Count(0);
        return series.Average();
    }

    public Task<double> MeanAsync(double[] series) => Task.FromResult(Mean(series));

    public int Place(Order order) => Count(order.Quantity);

    public Score Rate(double confidence)
    {
        Count(0);
        return new Score { AnomalyScore = 1, Confidence = confidence };
    }

    public Score Detect(double anomalyScore)
    {
        Count(0);
        return new Score { AnomalyScore = anomalyScore, Confidence = 0.5 };
    }

    public async Task<Checked> RangeAsync(int low, int high)
    {
        await Task.Yield();
        Count(0);
        return new Checked { Low = low, High = high };
    }

    private int Count(int value)
    {
        Interlocked.Increment(ref Calls);
        return value;
    }
}

public sealed class DriftReport
{
    public bool Drift { get; init; }

    public double Threshold { get; init; }

    public double Score { get; init; }
}

/// <summary>The README's detector, with a learnable threshold and a sensitive argument.</summary>
public interface IDetector
{
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy")]
    DriftReport Detect(double[] reference, double[] current, [Learnable(Min = 0.01, Max = 10)] double threshold = 3.0);

    [Poet]
    Task<double> ThresholdAsync([Learnable(Min = 1, Max = 9)] int window = 4, [Sensitive] string apiKey = "");

    [Poet]
    int Login(string user, [Sensitive] string password);

    int NotPoet(int value);
}

public sealed class Detector : IDetector
{
    public int NotPoetCalls;

    public DriftReport Detect(double[] reference, double[] current, double threshold = 3.0)
    {
        var score = Math.Abs(current.Average() - reference.Average());
        return new DriftReport { Drift = score > threshold, Threshold = threshold, Score = score };
    }

    public Task<double> ThresholdAsync(int window = 4, string apiKey = "") => Task.FromResult((double)window);

    public int Login(string user, string password) => user.Length + password.Length;

    public int NotPoet(int value)
    {
        NotPoetCalls++;
        return value * 2;
    }
}

/// <summary>Open generic repository.</summary>
public interface IRepo<T>
    where T : class
{
    [Poet]
    T Get(int id);

    [Poet]
    int Count();
}

public sealed class Repo<T> : IRepo<T>
    where T : class, new()
{
    public T Get(int id) => new();

    public int Count() => 42;
}

/// <summary>Overloads, a name override and an interface-level attribute.</summary>
[Poet]
public interface INamed
{
    int Run(int value);

    int Run(string value, int times);

    [Poet(Name = "custom.id")]
    int Custom();

    string Label { get; }
}

public sealed class Named : INamed
{
    public string Label => "label";

    public int Run(int value) => value;

    public int Run(string value, int times) => value.Length * times;

    public int Custom() => 7;
}

/// <summary>A disposable target, to prove the container still owns it.</summary>
public interface IGreeter
{
    [Poet]
    string Greet(string name);
}

public sealed class DisposableGreeter : IGreeter, IDisposable
{
    public static int Created;
    public int Disposals;

    public DisposableGreeter() => Interlocked.Increment(ref Created);

    public string Greet(string name) => $"Hello {name}";

    public void Dispose() => Disposals++;
}
