using Poet;

namespace Poet.Tests.Learning;

public class RpropTrainerTests
{
    private static readonly LearnableParameterSpec Threshold = LearnableParameterSpec.Create("threshold", 0, 0.01, 10, 0, 3.0, false);

    private static TrainSpec Spec(params LearnableParameterSpec[] parameters) => new() { FunctionId = "f", Parameters = parameters };

    private static LearningSignal Signal(int direction, double magnitude = 1, double confidence = 1, string name = "threshold") => new()
    {
        Verdict = direction > 0 ? FeedbackVerdict.FalsePositive : FeedbackVerdict.FalseNegative,
        Adjustments = [new ParameterAdjustment(name, direction, magnitude)],
        Confidence = confidence,
        Rationale = "test",
        Translator = "test",
    };

    private static FunctionVersion Initial(params LearnableParameterSpec[] parameters) =>
        TrainSpecBuilder.InitialVersion(new FunctionPlan { FunctionId = "f", Learnable = parameters });

    private static FunctionVersion Apply(FunctionVersion current, TrainSpec spec, LearningSignal signal, IReadOnlyList<TrainingHint>? hints = null)
    {
        var changes = new List<ParameterChange>();
        var next = RpropTrainer.Derive(current, spec, signal, "fb", hints ?? [], changes, out _);
        return next is null ? current : next with { Version = current.Version + 1 };
    }

    [Test]
    public void Step_grows_by_1_2_while_the_direction_repeats_and_halves_when_it_flips()
    {
        var spec = Spec(Threshold);
        var v = Initial(Threshold);
        var step0 = v.Trainer["threshold"].Step;

        v = Apply(v, spec, Signal(+1));
        Assert.That(v.Parameters["threshold"], Is.EqualTo(3.0 + step0).Within(1e-9), "first move: the initial step");
        v = Apply(v, spec, Signal(+1));
        Assert.That(v.Trainer["threshold"].Step, Is.EqualTo(step0 * 1.2).Within(1e-9));
        Assert.That(v.Parameters["threshold"], Is.EqualTo(3.0 + step0 + (step0 * 1.2)).Within(1e-9));
        var before = v.Parameters["threshold"];
        v = Apply(v, spec, Signal(-1));
        Assert.That(v.Trainer["threshold"].Step, Is.EqualTo(step0 * 1.2 * 0.5).Within(1e-9));
        Assert.That(v.Parameters["threshold"], Is.EqualTo(before - (step0 * 0.6)).Within(1e-9));
        Assert.That(v.Trainer["threshold"].LastDirection, Is.EqualTo(-1));
        Assert.That(v.Reason.Kind, Is.EqualTo("feedback"));
        Assert.That(v.Reason.FeedbackIds, Is.EqualTo(new[] { "fb" }));
    }

    [Test]
    public void Magnitude_and_confidence_scale_the_move_but_not_the_step_state()
    {
        var spec = Spec(Threshold);
        var v = Initial(Threshold);
        var step0 = v.Trainer["threshold"].Step;
        var half = Apply(v, spec, Signal(+1, magnitude: 0.5, confidence: 1));
        var unsure = Apply(v, spec, Signal(+1, magnitude: 1, confidence: 0));
        Assert.That(half.Parameters["threshold"] - 3.0, Is.EqualTo(step0 * 0.5).Within(1e-9));
        Assert.That(unsure.Parameters["threshold"] - 3.0, Is.EqualTo(step0 * 0.5).Within(1e-9));
    }

    [Test]
    public void Steps_never_exceed_MaxStep_and_values_never_leave_their_bounds()
    {
        var spec = Spec(Threshold);
        var v = Initial(Threshold);
        for (var i = 0; i < 200; i++)
        {
            var old = v.Parameters["threshold"];
            v = Apply(v, spec, Signal(+1, magnitude: 50, confidence: 9));
            Assert.That(v.Parameters["threshold"] - old, Is.LessThanOrEqualTo(Threshold.MaxStep + 1e-12));
            Assert.That(v.Parameters["threshold"], Is.InRange(Threshold.Min, Threshold.Max));
            Assert.That(v.Trainer["threshold"].Step, Is.LessThanOrEqualTo(Threshold.MaxStep + 1e-12));
        }

        Assert.That(v.Parameters["threshold"], Is.EqualTo(Threshold.Max));
    }

    [Test]
    public void An_update_that_changes_nothing_writes_nothing()
    {
        var spec = Spec(Threshold);
        var atMax = Initial(Threshold) with { Parameters = new Dictionary<string, double> { ["threshold"] = 10 } };
        var changes = new List<ParameterChange>();
        var next = RpropTrainer.Derive(atMax, spec, Signal(+1), "fb", [], changes, out var note);
        Assert.That(next, Is.Null);
        Assert.That(changes, Is.Empty);
        Assert.That(note, Does.Contain("maximum 10").And.Contain("raise [Learnable(Max)]"));
    }

    [Test]
    public void Unknown_parameters_nan_and_corrupt_state_are_ignored_or_repaired()
    {
        var spec = Spec(Threshold);
        var corrupt = Initial(Threshold) with
        {
            Parameters = new Dictionary<string, double> { ["threshold"] = double.NaN },
            Trainer = new Dictionary<string, TrainerState> { ["threshold"] = new(double.PositiveInfinity, 7) },
        };
        var signal = Signal(+1) with { Adjustments = [new("threshold", 1, 1), new("admin", 1, 1), new("threshold", 1, double.NaN)] };
        var next = Apply(corrupt, spec, signal);
        Assert.That(next.Parameters.Keys, Is.EquivalentTo(new[] { "threshold" }));
        Assert.That(next.Parameters["threshold"], Is.InRange(Threshold.Min, Threshold.Max));
        Assert.That(next.Parameters["threshold"] - Threshold.Default, Is.LessThanOrEqualTo(Threshold.MaxStep));
    }

    [Test]
    public void Integer_parameters_move_by_whole_numbers()
    {
        var window = LearnableParameterSpec.Create("window", 0, 5, 500, 0, 50, true);
        var spec = Spec(window);
        var v = Apply(Initial(window), spec, Signal(+1, name: "window"));
        Assert.That(v.Parameters["window"], Is.EqualTo(Math.Round(v.Parameters["window"])));
        Assert.That(v.Parameters["window"], Is.GreaterThan(50));
    }

    [Test]
    public void A_score_hint_stops_the_move_just_past_the_score_and_skips_when_already_past()
    {
        var spec = Spec(Threshold);
        var v = Initial(Threshold);
        var capped = Apply(v, spec, Signal(+1), [new TrainingHint("threshold", 3.1, "Score = 3.04")]);
        Assert.That(capped.Parameters["threshold"], Is.EqualTo(3.1).Within(1e-9));

        var changes = new List<ParameterChange>();
        var none = RpropTrainer.Derive(capped, spec, Signal(+1), "fb", [new TrainingHint("threshold", 3.05, "Score = 3.0")], changes, out var note);
        Assert.That(none, Is.Null);
        Assert.That(note, Does.Contain("already past"));
    }
}
