using DriftDetection.Detection;

namespace DriftDetection.Sessions;

/// <summary>Cuts a stream into the chunks scored by one detector call each, with the context the detector needs in front.</summary>
public static class StreamChunks
{
    /// <summary>Samples scored per call: the operator's feedback on one call helps from the next call on.</summary>
    public const int ChunkSize = 100;

    /// <summary>Samples of context before each chunk: the rolling window, plus the longest run the persistence and the longest cooldown can ask for.</summary>
    public const int ContextSize = RollingZScore.WindowSize + DetectorDefaults.MaxPersistence + DetectorDefaults.MaxCooldown;

    /// <summary>One call's slice: <c>values[ContextStart..End)</c> is passed, scoring starts at <see cref="Start"/>.</summary>
    public readonly record struct Slice(int ContextStart, int Start, int End)
    {
        /// <summary>The values passed to the detector.</summary>
        public double[] Values(double[] series) => series[ContextStart..End];

        /// <summary>The index in <see cref="Values"/> where scoring starts.</summary>
        public int ScoreFrom => Start - ContextStart;
    }

    /// <summary>The slices covering a stream of <paramref name="length"/> samples.</summary>
    public static IEnumerable<Slice> Of(int length)
    {
        for (var start = 0; start < length; start += ChunkSize)
        {
            yield return new Slice(Math.Max(0, start - ContextSize), start, Math.Min(length, start + ChunkSize));
        }
    }
}
