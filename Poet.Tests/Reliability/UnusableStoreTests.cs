using Autofac;
using Poet.Tests.Interception;
using Poet.Tests.Storage;

namespace Poet.Tests.Reliability;

/// <summary>
/// A store that cannot be written at start (here: a regular file where a parent folder should be, which stops root
/// too) does not break the service: it resolves, calls run with the declared defaults, lost records are counted,
/// health names the problem, and POET records again and loads the stored versions once the folder can be used.
/// </summary>
[Category("Faults")]
public class UnusableStoreTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task An_unwritable_store_at_start_serves_defaults_counts_drops_reports_unhealthy_and_recovers_without_a_restart()
    {
        var parent = TempStore.NewPath();
        Directory.CreateDirectory(parent);
        var blocker = Path.Combine(parent, "blocker");
        await File.WriteAllTextAsync(blocker, "a file where the store's parent folder should be");
        var storePath = Path.Combine(blocker, ".poet");
        var prepared = await PrepareStoreWithLearnedThresholdAsync(4.2);

        using var container = PoetTestHost.Build(
            b => b.RegisterType<Thresholded>().As<IThresholded>().EnablePoet(),
            o => o.StorePath = storePath);
        var service = container.Resolve<IThresholded>();

        Assert.That(service.Threshold(), Is.EqualTo(3.0), "the call runs with the declared default");
        var executions = container.Resolve<IExecutionStore>();
        var health = (IStoreHealth)executions;
        await FlushIgnoringStoreErrorsAsync(executions); // the record is written (and fails) before the flush returns
        var log = (Poet.Storage.FileStore.FileExecutionLog)executions;
        Assert.That(log.DroppedCount, Is.GreaterThanOrEqualTo(1), "the lost record is counted");
        Assert.That(health.HealthProblem(), Does.Contain(storePath).And.Contain("cannot be created or written"));

        File.Delete(blocker); // the folder becomes usable, holding a store with a learned version
        Directory.CreateDirectory(blocker);
        Directory.Move(prepared, storePath);

        var deadline = DateTime.UtcNow + Patience;
        ExecutionRecord? recorded = null;
        while (recorded is null)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "POET never recovered: " + health.HealthProblem());
            var value = service.Threshold();
            var id = PoetContext.LastExecutionId!.Value;
            if (!await FlushIgnoringStoreErrorsAsync(executions))
            {
                await Task.Delay(100);
                continue;
            }

            recorded = value == 4.2 ? await executions.FindAsync(id) : null;
            await Task.Delay(recorded is null ? 100 : 0);
        }

        Assert.Multiple(() =>
        {
            Assert.That(recorded.LearnedParameters["threshold"], Is.EqualTo(4.2), "the stored version is loaded");
            Assert.That(health.HealthProblem(), Is.Null, "healthy again");
        });
    }

    [Test]
    public void Opening_a_store_whose_parent_is_a_file_returns_an_unusable_store_instead_of_throwing()
    {
        using var fixture = new StoreFixture();
        Directory.CreateDirectory(fixture.Path);
        var file = Path.Combine(fixture.Path, "a-file");
        File.WriteAllText(file, "x");
        var options = new PoetOptions { StorePath = Path.Combine(file, "store") };

        using var store = PoetFileStore.Open(options, fixture.Logs);
        var problem = ((IStoreHealth)store.Executions).HealthProblem();
        Assert.Multiple(() =>
        {
            Assert.That(problem, Does.Contain(Path.Combine(file, "store")).And.Contain("cannot be created or written"));
            Assert.That(store.Functions.ListFunctions(), Is.Empty);
            Assert.Throws<PoetStoreException>(() => StoreFixture.Create(store.Functions, "IDriftDetector.Detect"));
        });
    }

    private static async Task<bool> FlushIgnoringStoreErrorsAsync(IExecutionStore executions)
    {
        try
        {
            await executions.FlushAsync();
            return true;
        }
        catch (PoetStoreException)
        {
            return false;
        }
    }

    private static async Task<string> PrepareStoreWithLearnedThresholdAsync(double threshold)
    {
        var path = TempStore.NewPath();
        using (var container = PoetTestHost.Build(b => b.RegisterType<Thresholded>().As<IThresholded>().EnablePoet(), o => o.StorePath = path))
        {
            container.Resolve<IThresholded>().Threshold();
            await container.Resolve<IFunctionStore>().AppendVersionAsync("IThresholded.Threshold", v => v with
            {
                Parameters = new Dictionary<string, double> { ["threshold"] = threshold },
                Reason = new VersionReason { Kind = "feedback", Rationale = "prepared by the test" },
            });
        }

        return path;
    }
}

public interface IThresholded
{
    [Poet]
    double Threshold([Learnable(Min = 0.01, Max = 10)] double threshold = 3.0);
}

public sealed class Thresholded : IThresholded
{
    public double Threshold(double threshold = 3.0) => threshold;
}
