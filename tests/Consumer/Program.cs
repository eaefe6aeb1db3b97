// An app outside the repository that installs POET from the packed feed and runs the whole loop:
// register, call, give feedback, see the new version. Exit code 0 only when every step did what it should.
using Autofac;
using Poet;

var store = Path.Combine(Path.GetTempPath(), "poet-consumer-" + Guid.NewGuid().ToString("N"));
try
{
    var builder = new ContainerBuilder();
    builder.AddPoet(o => o.StorePath = store);
    builder.RegisterType<MeanShiftDetector>().As<IShiftDetector>().EnablePoet();
    await using var container = builder.Build();

    var detector = container.Resolve<IShiftDetector>();
    var first = detector.Detect([10, 11, 9, 10, 11, 9, 10, 11, 9, 10], [7.4, 7.3, 7.5]);
    var outcome = await container.Resolve<IPoetFeedback>().FeedbackAsync(first, "False alarm - that was a seasonal dip.");
    var second = detector.Detect([10, 11, 9, 10, 11, 9, 10, 11, 9, 10], [7.4, 7.3, 7.5]);

    Check(first.Threshold == 3.0, $"the first call runs with the declared default 3.0 (got {first.Threshold})");
    Check(outcome.NewVersion == 2, $"feedback writes version 2 (got {outcome.NewVersion?.ToString() ?? "none"})");
    Check(second.Threshold > first.Threshold, $"the next call runs with a higher threshold (got {second.Threshold})");
    Check(Directory.Exists(Path.Combine(store, "IShiftDetector.Detect", "v2")), "the store holds IShiftDetector.Detect/v2");
    Console.WriteLine($"consumer: OK, threshold {first.Threshold} -> {second.Threshold} (version {outcome.NewVersion})");
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"consumer: FAILED: {e.Message}");
    return 1;
}
finally
{
    if (Directory.Exists(store))
    {
        Directory.Delete(store, recursive: true);
    }
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException(what);
    }
}

/// <summary>A drift detector the consumer makes self-improving.</summary>
public interface IShiftDetector
{
    /// <summary>Compares the current window with the reference window.</summary>
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy", Retries = 2, TimeoutMs = 2000)]
    ShiftReport Detect(double[] reference, double[] current, [Learnable(Min = 0.01, Max = 10)] double threshold = 3.0);
}

/// <summary>What a check found.</summary>
public sealed record ShiftReport(bool IsDrift, double Score, double Threshold);

/// <summary>Drift when the current mean is more than <c>threshold</c> reference deviations away.</summary>
public sealed class MeanShiftDetector : IShiftDetector
{
    /// <inheritdoc />
    public ShiftReport Detect(double[] reference, double[] current, double threshold = 3.0)
    {
        var mean = reference.Average();
        var deviation = Math.Sqrt(reference.Sum(v => (v - mean) * (v - mean)) / (reference.Length - 1));
        var score = Math.Abs(current.Average() - mean) / Math.Max(deviation, 1e-9);
        return new ShiftReport(score > threshold, score, threshold);
    }
}
