using System.Diagnostics;

namespace Poet.Interception;

/// <summary>
/// The wall-clock time of a <see cref="Stopwatch"/> timestamp, so a call reads one clock where it read two (the
/// timestamp its duration is measured from, and <see cref="DateTimeOffset.UtcNow"/> for its start): the UTC time and
/// the timestamp are read together once a second and a call's start is that time plus the elapsed timestamp. A step of
/// the system clock (a manual change, NTP stepping it) shows in start times within a second; between two readings the
/// start times follow the monotonic clock.
/// </summary>
internal static class CallClock
{
    private static readonly long ResyncInterval = Stopwatch.Frequency;
    private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;
    private static Anchor _anchor = Anchor.Now();

    /// <summary>The UTC time at <paramref name="timestamp"/>, a <see cref="Stopwatch.GetTimestamp"/> value read just now.</summary>
    /// <param name="timestamp">The timestamp.</param>
    /// <returns>The UTC time.</returns>
    public static DateTimeOffset UtcAt(long timestamp)
    {
        var anchor = Volatile.Read(ref _anchor);
        var elapsed = timestamp - anchor.Timestamp;
        if (elapsed < 0 || elapsed >= ResyncInterval)
        {
            anchor = Anchor.Now();
            Volatile.Write(ref _anchor, anchor);
            elapsed = Math.Max(0, timestamp - anchor.Timestamp);
        }

        return new DateTimeOffset(anchor.UtcTicks + (long)(elapsed * TicksPerTimestamp), TimeSpan.Zero);
    }

    /// <summary>A UTC time and the timestamp read with it.</summary>
    private sealed class Anchor(long timestamp, long utcTicks)
    {
        public long Timestamp { get; } = timestamp;

        public long UtcTicks { get; } = utcTicks;

        public static Anchor Now()
        {
            var utc = DateTime.UtcNow.Ticks;
            return new Anchor(Stopwatch.GetTimestamp(), utc);
        }
    }
}
