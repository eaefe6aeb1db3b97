using DriftDetection.Streams;

namespace Poet.Tests.Demo;

public class NabStreamLoaderTests
{
    [Test]
    public void LoadsTheShippedSubsetWithLabelWindowsAsSampleIndices()
    {
        var streams = NabStreamLoader.Load(NabStreamLoader.DefaultDataPath, ["nyc_taxi"]);

        var taxi = streams.Single();
        Assert.Multiple(() =>
        {
            Assert.That(taxi.Id, Is.EqualTo("realKnownCause/nyc_taxi"));
            Assert.That(taxi.Values, Has.Length.EqualTo(taxi.Timestamps.Count).And.Length.GreaterThan(10_000));
            Assert.That(taxi.Windows, Has.Count.EqualTo(5));
            Assert.That(taxi.Windows, Is.Ordered.By(nameof(LabelWindow.Start)));
            Assert.That(taxi.Windows.All(w => w.Start <= w.End && w.End < taxi.Values.Length), Is.True);
        });
    }

    [Test]
    public void ShipsTheNabLicenceNextToTheData()
    {
        Assert.That(File.Exists(Path.Combine(NabStreamLoader.DefaultDataPath, "LICENSE.txt")), Is.True);
        Assert.That(NabStreamLoader.Load(NabStreamLoader.DefaultDataPath, []), Has.Count.EqualTo(42));
    }

    [Test]
    public void MapsTimestampWindowsToTheSamplesInsideThem()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var timestamps = Enumerable.Range(0, 10).Select(i => start.AddMinutes(5 * i)).ToList();

        var windows = NabStreamLoader.ToIndexWindows(timestamps, [(start.AddMinutes(7), start.AddMinutes(20)), (start.AddDays(2), start.AddDays(3))]);

        Assert.That(windows, Is.EqualTo(new[] { new LabelWindow(2, 4) }));
    }
}
