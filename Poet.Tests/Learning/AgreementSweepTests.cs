namespace Poet.Tests.Learning;

public class AgreementSweepTests
{
    [Test]
    public void The_sweep_gives_every_candidate_the_agreement_of_checking_each_label_one_by_one()
    {
        // Random labels in every shape the evidence takes (with and without persistence, run length or replayed score),
        // candidates that hit their scores and used thresholds exactly: the sweep must equal the label-by-label sum.
        var random = new Random(14);
        for (var round = 0; round < 200; round++)
        {
            var labels = new LabelEvidence[random.Next(1, 40)];
            var replayed = new double?[labels.Length];
            var candidates = new SortedSet<double>();
            for (var i = 0; i < labels.Length; i++)
            {
                var score = Math.Round(random.NextDouble() * 10, 1);
                var used = Math.Round(1 + (random.NextDouble() * 6), 1);
                var hasPersistence = random.Next(4) > 0;
                labels[i] = new LabelEvidence(random.Next(2) == 0, score, used, hasPersistence, hasPersistence ? random.Next(1, 6) : 0,
                    random.Next(3) == 0 ? null : random.Next(0, 8));
                replayed[i] = random.Next(3) == 0 ? null : Math.Round(random.NextDouble() * 10, 1);
                candidates.Add(score);
                candidates.Add(used);
                candidates.Add(Math.Round(random.NextDouble() * 12, 2));
            }

            var thresholds = candidates.ToArray();
            var agree = new double[thresholds.Length];
            var diff = new double[thresholds.Length + 1];
            var withReplays = round % 2 == 0;
            for (var pc = 1; pc <= 6; pc++)
            {
                AgreementSweep.Fill(thresholds, pc, 0, labels, withReplays ? replayed : [], 3, agree, diff);
                for (var k = 0; k < thresholds.Length; k++)
                {
                    var expected = 0.0;
                    for (var i = 0; i < labels.Length; i++)
                    {
                        expected += labels[i].Agreement(thresholds[k], pc, 0, withReplays ? replayed[i] : null, 3);
                    }

                    Assert.That(agree[k], Is.EqualTo(expected).Within(1e-9), $"round {round}, persistence {pc}, threshold {thresholds[k]}");
                }
            }
        }
    }

    [Test]
    public void A_label_counts_fully_where_it_agrees_half_where_its_evidence_cannot_tell_and_not_at_all_where_it_disagrees()
    {
        // Ran with threshold 3 and persistence 2, scored 5 with a run of 3 samples, and should have stayed silent.
        var label = new LabelEvidence(false, 5, 3, true, 2, 3);
        double[] thresholds = [2, 3, 4, 6];
        var agree = new double[thresholds.Length];

        AgreementSweep.Fill(thresholds, 2, 0, [label], [], 3, agree, new double[thresholds.Length + 1]);
        Assert.That(agree, Is.EqualTo(new[] { 0.0, 0, 0, 1 }), "at its own persistence the score decides: only a threshold above 5 silences it");

        AgreementSweep.Fill(thresholds, 4, 0, [label], [], 3, agree, new double[thresholds.Length + 1]);
        Assert.That(agree, Is.EqualTo(new[] { 0.5, 1, 1, 1 }), "persistence 4 exceeds its run of 3: silent from the threshold it ran with up; below, unknown");
    }

    [TestCase(new[] { 1.0, 2, 2.5, 4 }, 2.0, 1, 2)]
    [TestCase(new[] { 1.0, 2, 2.5, 4 }, 0.5, 0, 0)]
    [TestCase(new[] { 1.0, 2, 2.5, 4 }, 5.0, 4, 4)]
    [TestCase(new[] { 1.0, 2, 2.5, 4 }, 3.0, 3, 3)]
    public void Bounds_find_where_a_value_sits_among_sorted_candidates(double[] sorted, double value, int lower, int upper) =>
        Assert.Multiple(() =>
        {
            Assert.That(AgreementSweep.LowerBound(sorted, value), Is.EqualTo(lower));
            Assert.That(AgreementSweep.UpperBound(sorted, value), Is.EqualTo(upper));
        });
}
