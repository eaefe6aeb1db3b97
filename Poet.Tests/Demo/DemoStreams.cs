using DriftDetection.Streams;

namespace Poet.Tests.Demo;

/// <summary>Small synthetic labelled streams for the demo's tests (no network, no ../shared).</summary>
internal static class DemoStreams
{
    /// <summary>Seasonal noise with labelled spikes at <paramref name="spikes"/> (each window ±15 samples).</summary>
    public static LabelledStream WithSpikes(string name, int length, int seed, params (int Index, double Height)[] spikes)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = 10 + (2 * Math.Sin(i * 2 * Math.PI / 50)) + (random.NextDouble() - 0.5);
        }

        var windows = new List<LabelWindow>();
        foreach (var (index, height) in spikes)
        {
            values[index] += height;
            windows.Add(new LabelWindow(index - 15, index + 15));
        }

        return Build(name, values, windows);
    }

    /// <summary>Like <see cref="WithSpikes"/> plus unlabelled bumps (about half a spike's height) every 137 samples: the default threshold alerts on them.</summary>
    public static LabelledStream WithSpikesAndNoise(string name, int length, int seed, params (int Index, double Height)[] spikes)
    {
        var clean = WithSpikes(name, length, seed, spikes);
        var values = (double[])clean.Values.Clone();
        for (var i = 137; i < length; i += 137)
        {
            if (clean.WindowAt(i) is null)
            {
                values[i] += 6;
            }
        }

        return Build(name, values, clean.Windows);
    }

    private static LabelledStream Build(string name, double[] values, IReadOnlyList<LabelWindow> windows)
    {
        var length = values.Length;
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var timestamps = Enumerable.Range(0, length).Select(i => start.AddMinutes(5 * i)).ToList();
        return new LabelledStream("synthetic", name, timestamps, values, windows);
    }
}
