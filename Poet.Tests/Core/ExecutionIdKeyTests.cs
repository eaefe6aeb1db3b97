using Poet.Storage.FileStore;

namespace Poet.Tests.Core;

/// <summary>An id and its 128-bit number (what the recorder keeps and writes) always name the same execution.</summary>
public sealed class ExecutionIdKeyTests
{
    [Test]
    public void A_new_ids_number_decodes_from_its_text_and_encodes_back_to_it()
    {
        var times = new[] { DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow, new DateTimeOffset(2999, 12, 31, 23, 59, 59, TimeSpan.Zero) };
        foreach (var time in times)
        {
            for (var i = 0; i < 1_000; i++)
            {
                var id = ExecutionId.New(time, out var key);
                var ascii = new byte[ExecutionId.Length];
                ExecutionId.WriteAscii(key, ascii);

                Assert.That(ExecutionKey.TryFrom(id, out var decoded) && decoded == key, Is.True, id.Value);
                Assert.That(ExecutionId.FromKey(key), Is.EqualTo(id));
                Assert.That(System.Text.Encoding.ASCII.GetString(ascii), Is.EqualTo(id.Value));
                Assert.That(id.Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds())));
            }
        }
    }

    [Test]
    public void Ids_made_from_numbers_sort_as_the_numbers_do()
    {
        var keys = new List<UInt128>();
        for (var i = 0; i < 500; i++)
        {
            ExecutionId.New(DateTimeOffset.UtcNow.AddMinutes(Random.Shared.Next(-1000, 1000)), out var key);
            keys.Add(key);
        }

        var byNumber = keys.Order().Select(ExecutionId.FromKey).ToArray();

        Assert.That(byNumber, Is.Ordered);
    }
}
