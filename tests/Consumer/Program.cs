// tests/Consumer: an app outside the solution that installs POET from the packed folder feed (.ci/packages.sh runs it
// in an empty folder). Its first part is the README's "Add POET to an Autofac container" snippet, verbatim (a test
// checks that); the checks after it make CI fail when the snippet stops doing what the README says.
using Autofac;
using Microsoft.Extensions.DependencyInjection;
using Poet;

double[] reference = [10, 11, 9, 10, 11, 9, 10, 11, 9, 10];
double[] current = [7.4, 7.3, 7.5];

var builder = new ContainerBuilder();
builder.AddPoet(o => o.StorePath = ".poet");              // embedded default: file store, offline translator
builder.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>().EnablePoet();
await using var container = builder.Build();

var detector = container.Resolve<IDriftDetector>();
var report = detector.Detect(reference, current);         // validated, retried, timed, recorded: drift (score 3.18 > 3.0)
var outcome = await container.Resolve<IPoetFeedback>().FeedbackAsync(report, "False alarm - that was a seasonal dip.");
var change = outcome.Changes.Single(c => c.Name == "threshold");
Console.WriteLine($"v{outcome.NewVersion}: threshold {change.OldValue} -> {change.NewValue:0.###}");  // v2: threshold 3 -> 3.248
Console.WriteLine(detector.Detect(reference, current).IsDrift);                                     // False: the next call runs on v2

// ---- CI checks (not in the README) ----
var failures = new List<string>();
if (report.Threshold != 3.0 || !report.IsDrift)
{
    failures.Add($"the first call should run on the declared 3.0 and flag drift (threshold {report.Threshold}, drift {report.IsDrift})");
}

if (outcome.NewVersion != 2 || !Directory.Exists(Path.Combine(".poet", "IDriftDetector.Detect", "v2")))
{
    failures.Add($"feedback should write .poet/IDriftDetector.Detect/v2 (new version {outcome.NewVersion?.ToString() ?? "none"})");
}

if (detector.Detect(reference, current).Threshold != change.NewValue)
{
    failures.Add("the next call should run with the learned threshold");
}

// The same loop through Microsoft.Extensions.DependencyInjection.
var services = new ServiceCollection()
    .AddPoet(o => o.StorePath = ".poet-services")
    .AddScoped<IDriftDetector, ZScoreDriftDetector>().EnablePoet<IDriftDetector>();
await using (var provider = services.BuildServiceProvider())
{
    using var scope = provider.CreateScope();
    var scoped = scope.ServiceProvider.GetRequiredService<IDriftDetector>();
    var viaServices = await provider.GetRequiredService<IPoetFeedback>().FeedbackAsync(scoped.Detect(reference, current), "false alarm");
    if (viaServices.NewVersion != 2 || scoped.Detect(reference, current).Threshold <= 3.0)
    {
        failures.Add($"services.AddPoet(): feedback should write v2 and the next call use it (new version {viaServices.NewVersion?.ToString() ?? "none"})");
    }
}

foreach (var failure in failures)
{
    Console.Error.WriteLine($"consumer: FAILED: {failure}");
}

Console.WriteLine(failures.Count == 0 ? "consumer: OK" : $"consumer: {failures.Count} check(s) failed");
return failures.Count == 0 ? 0 : 1;

public interface IDriftDetector
{
    [Poet(Domain = "ml_monitoring", OptimizeFor = "accuracy", Retries = 2, TimeoutMs = 2000)]
    DriftReport Detect(double[] reference, double[] current,
                       [Learnable(Min = 0.01, Max = 10)] double threshold = 3.0);
}

public sealed record DriftReport(bool IsDrift, double Score, double Threshold);

public sealed class ZScoreDriftDetector : IDriftDetector
{
    public DriftReport Detect(double[] reference, double[] current, double threshold = 3.0)
    {
        var mean = reference.Average();
        var deviation = Math.Sqrt(reference.Sum(v => (v - mean) * (v - mean)) / (reference.Length - 1));
        var score = Math.Abs(current.Average() - mean) / deviation;
        return new DriftReport(score > threshold, score, threshold);
    }
}
