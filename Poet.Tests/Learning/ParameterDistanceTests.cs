using Poet.Translation;

namespace Poet.Tests.Learning;

public class ParameterDistanceTests
{
    [Test]
    public void A_move_costs_its_declared_steps_so_parameters_with_different_ranges_compare_by_their_authors_unit()
    {
        var threshold = LearnableParameterSpec.Create("threshold", 0, 1, 20, 0.5, 3.0, false);
        var persistence = LearnableParameterSpec.Create("persistence", 1, 1, 10, 1, 1, true);

        Assert.Multiple(() =>
        {
            Assert.That(ParameterDistance.Steps(threshold, 3.0, 3.5), Is.EqualTo(1).Within(1e-12));
            Assert.That(ParameterDistance.Steps(threshold, 4.0, 3.0), Is.EqualTo(2).Within(1e-12), "either direction");
            Assert.That(ParameterDistance.Steps(persistence, 1, 2), Is.EqualTo(1).Within(1e-12));
        });
    }

    [TestCase(5.0, "persistence", 2.0)]
    [TestCase(3.3, "threshold", 3.366)]
    public void Credit_goes_to_the_parameter_whose_flip_takes_fewer_declared_steps(double score, string credited, double target)
    {
        var threshold = LearnableParameterSpec.Create("threshold", 0, 1, 20, 0.5, 3.0, false);
        var persistence = LearnableParameterSpec.Create("persistence", 1, 1, 10, 1, 1, true);
        var spec = TrainSpecBuilder.Build(new FunctionPlan { FunctionId = "f", Domain = MlMonitoringDomain.Name, Learnable = [threshold, persistence] }, MlMonitoringDomain.Template);
        var execution = new ExecutionRecord
        {
            Id = ExecutionId.New(),
            FunctionId = "f",
            Version = 1,
            StartedAt = DateTimeOffset.UtcNow,
            LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0, ["persistence"] = 1 },
            Result = new { Alerts = new[] { 1 }, Score = score, RunLength = 1 },
        };
        var signal = new LearningSignal
        {
            Verdict = FeedbackVerdict.FalsePositive,
            Adjustments = [new ParameterAdjustment("threshold", +1, 1), new ParameterAdjustment("persistence", +1, 1)],
            Confidence = 1,
        };

        // A false alarm with a run of 1: persistence 2 is one step; the threshold past a score of 5 is over 4 steps of 0.5,
        // past a score of 3.3 under one.
        var result = CreditAssignment.Assign(ExecutionInspector.Inspect(execution, MlMonitoringDomain.Template), execution, spec, signal, MlMonitoringDomain.Template);

        Assert.Multiple(() =>
        {
            Assert.That(result.Signal.Adjustments.Single().Name, Is.EqualTo(credited));
            Assert.That(result.Hints.Single().Target, Is.EqualTo(target).Within(1e-9));
        });
    }
}
