using Poet;

namespace Poet.Tests.Core;

public class ExecutionIdTests
{
    [Test]
    public void New_ids_are_26_chars_and_round_trip_through_Parse()
    {
        var id = ExecutionId.New();
        Assert.That(id.Value, Has.Length.EqualTo(ExecutionId.Length));
        Assert.That(ExecutionId.Parse(id.ToString()), Is.EqualTo(id));
        Assert.That(ExecutionId.Parse(id.Value.ToLowerInvariant()), Is.EqualTo(id));
    }

    [Test]
    public void Ids_sort_by_creation_time_and_decode_their_timestamp()
    {
        var early = ExecutionId.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = ExecutionId.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero));
        Assert.That(early, Is.LessThan(late));
        Assert.That(early.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Many_ids_created_concurrently_are_unique()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<ExecutionId>();
        Parallel.For(0, 100_000, _ => ids.Add(ExecutionId.New()));
        Assert.That(ids.Distinct().Count(), Is.EqualTo(100_000));
    }

    [TestCase("")]
    [TestCase("not-an-id")]
    [TestCase("01ARZ3NDEKTSV4RRFFQ69G5FAU")] // U is not in Crockford base32
    [TestCase("81ARZ3NDEKTSV4RRFFQ69G5FAV")] // first char > 7 overflows 48 bits
    public void Parse_rejects_malformed_text_with_a_message_that_says_what_is_expected(string text)
    {
        var ex = Assert.Throws<FormatException>(() => ExecutionId.Parse(text));
        Assert.That(ex!.Message, Does.Contain("26 characters").And.Contain("PoetContext.LastExecutionId"));
        Assert.That(ExecutionId.TryParse(text, out _), Is.False);
    }

    [Test]
    public void A_default_id_has_empty_text_sorts_first_and_equals_only_itself()
    {
        var id = ExecutionId.New();
        Assert.Multiple(() =>
        {
            Assert.That(default(ExecutionId).Value, Is.Empty);
            Assert.That(default(ExecutionId).ToString(), Is.Empty);
            Assert.That(default(ExecutionId), Is.LessThan(id));
            Assert.That(default(ExecutionId), Is.Not.EqualTo(ExecutionId.Parse("00000000000000000000000000")));
        });
    }

    [Test]
    public void Ids_compare_equal_hash_alike_and_sort_like_their_text_whether_made_or_parsed()
    {
        var ids = Enumerable.Range(0, 500)
            .Select(i => ExecutionId.New(DateTimeOffset.UnixEpoch.AddMilliseconds(Random.Shared.NextInt64(0, 1L << 47))))
            .ToList();
        var parsed = ids.Select(id => ExecutionId.Parse(id.Value.ToLowerInvariant())).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(parsed, Is.EqualTo(ids));
            Assert.That(parsed.Select(p => p.GetHashCode()), Is.EqualTo(ids.Select(i => i.GetHashCode())));
            Assert.That(parsed.Select(p => p.Value), Is.EqualTo(ids.Select(i => i.Value)), "parsed text reads back in upper case");
            Assert.That(ids.Order().Select(i => i.Value), Is.EqualTo(ids.Select(i => i.Value).Order(StringComparer.Ordinal)));
        });
    }

    [Test]
    public void The_highest_valid_id_round_trips()
    {
        var top = ExecutionId.Parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
        Assert.That(top.Value, Is.EqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
        Assert.That(top, Is.GreaterThan(ExecutionId.New()));
    }
}
