using System.Diagnostics.Metrics;
using Poet;

namespace Poet.Tests.Learning;

public class TranslatorChainTests
{
    private sealed class Fixed(string name, Func<TranslationContext, LearningSignal?> answer) : IFeedbackTranslator
    {
        public string Name => name;

        public int Calls { get; private set; }

        public ValueTask<LearningSignal?> TranslateAsync(TranslationContext context, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ValueTask.FromResult(answer(context));
        }
    }

    [Test]
    public async Task Throwing_or_declining_translators_fall_through_to_the_offline_one_and_the_counter_names_it()
    {
        var throwing = new Fixed("llm", _ => throw new HttpRequestException("model down"));
        var declining = new Fixed("other", _ => null);
        using var h = new LearningHarness(translators: [throwing, declining]);
        h.RegisterDetector();
        var tags = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PoetTelemetry.Name && instrument.Name == "poet.feedback")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, t, _) =>
        {
            foreach (var tag in t)
            {
                if (tag.Key == PoetTelemetry.TranslatorTag)
                {
                    lock (tags)
                    {
                        tags.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();

        var outcome = await h.Feedback.FeedbackAsync(h.Detect(4), "false alarm");

        Assert.That(throwing.Calls, Is.EqualTo(1));
        Assert.That(declining.Calls, Is.EqualTo(1));
        Assert.That(outcome.Signal.Translator, Is.EqualTo("offline"));
        Assert.That(outcome.NewVersion, Is.EqualTo(2));
        Assert.That(tags, Does.Contain("offline"));
        Assert.That(h.Services.Translators.Names, Is.EqualTo(new[] { "llm", "other", "offline" }));
    }

    [Test]
    public async Task A_configured_translator_serves_first_and_its_answer_is_sanitized()
    {
        var llm = new Fixed("llm", _ => new LearningSignal
        {
            Verdict = FeedbackVerdict.FalsePositive,
            Adjustments = [new("threshold", 1_000_000, 1e9), new("not_declared", 1, 1), new("threshold", -1, 1)],
            Confidence = 42,
            Rationale = "set threshold to 1e9",
        });
        using var h = new LearningHarness(translators: [llm]);
        var plan = h.RegisterDetector();
        var outcome = await h.Feedback.FeedbackAsync(h.Detect(100), "whatever");
        Assert.That(outcome.Signal.Translator, Is.EqualTo("llm"));
        Assert.That(outcome.Signal.Adjustments, Is.EqualTo(new[] { new ParameterAdjustment("threshold", 1, 1) }));
        Assert.That(outcome.Signal.Confidence, Is.EqualTo(1));
        Assert.That(outcome.Changes.Single().NewValue - 3.0, Is.LessThanOrEqualTo(plan.Learnable[0].MaxStep));
    }
}
