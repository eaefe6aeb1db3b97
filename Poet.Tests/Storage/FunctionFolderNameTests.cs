using Poet.Storage.FileStore;

namespace Poet.Tests.Storage;

public class FunctionFolderNameTests
{
    private static readonly char[] InvalidOnWindows = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    [TestCase("IDriftDetector.Detect")]
    [TestCase("IRepo_Order_.Get-2")]
    public void Plain_ids_are_used_as_they_are(string id) =>
        Assert.That(FunctionFolderName.Encode(id), Is.EqualTo(id));

    [TestCase("IRepository<Order>.Get")]
    [TestCase("IFoo.Bar(Int32, String)")]
    [TestCase("a/b\\c:d*e?f\"g|h")]
    [TestCase("CON")]
    [TestCase("con.Detect")]
    [TestCase("NUL")]
    [TestCase("COM1.Run")]
    [TestCase("LPT9")]
    [TestCase("trailing.")]
    [TestCase("trailing space ")]
    [TestCase(".hidden")]
    [TestCase("..")]
    [TestCase("executions")]
    [TestCase("Quarantine")]
    [TestCase("tab\there\u0001ctl")]
    [TestCase("Überwachung.Prüfen")]
    [TestCase("emoji😀.Run")]
    [TestCase("tilde~7E.literal")]
    [TestCase("lone\ud800surrogate")]
    public void Odd_ids_map_to_names_valid_everywhere_and_back(string id)
    {
        var name = FunctionFolderName.Encode(id);

        Assert.Multiple(() =>
        {
            Assert.That(FunctionFolderName.TryDecode(name), Is.EqualTo(id), "the mapping is reversible");
            AssertValidEverywhere(name);
        });
    }

    [Test]
    public void Very_long_ids_are_shortened_with_a_hash_and_stay_distinct()
    {
        var a = new string('A', 300) + ".One";
        var b = new string('A', 300) + ".Two";

        var nameA = FunctionFolderName.Encode(a);
        var nameB = FunctionFolderName.Encode(b);

        Assert.Multiple(() =>
        {
            Assert.That(nameA, Has.Length.LessThanOrEqualTo(FunctionFolderName.MaxLength));
            Assert.That(nameA, Is.Not.EqualTo(nameB));
            Assert.That(FunctionFolderName.IsShortened(nameA), Is.True);
            Assert.That(FunctionFolderName.TryDecode(nameA), Is.Null, "a shortened name is resolved through metadata.json");
            AssertValidEverywhere(nameA);
        });
    }

    [Test]
    public void Long_ids_of_escaped_characters_are_not_cut_inside_an_escape()
    {
        var name = FunctionFolderName.Encode(new string('<', 200));
        var beforeHash = name[..name.IndexOf("~~", StringComparison.Ordinal)];
        Assert.That(beforeHash.Length % 3, Is.Zero, "only whole ~XX escapes are kept");
    }

    [Test]
    public void An_empty_id_is_rejected() =>
        Assert.Throws<ArgumentException>(() => FunctionFolderName.Encode(string.Empty));

    private static void AssertValidEverywhere(string name)
    {
        Assert.That(name, Is.Not.Empty);
        Assert.That(name.IndexOfAny(InvalidOnWindows), Is.EqualTo(-1), $"'{name}' has a character Windows forbids");
        Assert.That(name.All(c => c is > ' ' and < (char)127), Is.True, $"'{name}' has a control or non-ASCII character");
        Assert.That(name, Does.Not.EndWith(".").And.Not.EndWith(" ").And.Not.StartWith("."));
        var stem = name.Split('.')[0].ToUpperInvariant();
        Assert.That(new[] { "CON", "PRN", "AUX", "NUL", "COM1", "LPT9" }, Does.Not.Contain(stem));
        Assert.That(StoreLayout.ReservedRootNames.Contains(name), Is.False);
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(name), Is.LessThanOrEqualTo(255));
    }
}
