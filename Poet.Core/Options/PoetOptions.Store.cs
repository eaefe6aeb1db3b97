namespace Poet;

/// <content>Options of the file store in <see cref="StorePath"/>.</content>
public sealed partial class PoetOptions
{
    /// <summary>
    /// An execution log segment is sealed (indexed, and a new one started) once it holds this many megabytes.
    /// Default 32. Bounds the memory of the open segment's in-memory index (24 bytes per record).
    /// </summary>
    public int ExecutionSegmentMegabytes { get; set; } = 32;

    /// <summary>An execution log segment is sealed once it has been open this long. Default one hour.</summary>
    public TimeSpan ExecutionSegmentDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a writer waits for a function's cross-process lock file before failing with a
    /// <see cref="PoetStoreException"/> that names the lock file. Default 30 seconds.
    /// </summary>
    public TimeSpan StoreLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Collections in recorded arguments and results with more items than this are stored summarized: a marker
    /// with their length and their first items (numbers also get min, max and mean). Default 16 (keeps the execution log cheap to write; raise it to record longer series in full).
    /// </summary>
    public int MaxRecordedCollectionItems { get; set; } = 16;

    /// <summary>Strings in recorded arguments and results longer than this are stored truncated, with a marker. Default 4096.</summary>
    public int MaxRecordedStringChars { get; set; } = 4096;

    /// <summary>
    /// The JSON of one recorded value (an argument or a result) is cut with a marker beyond this many bytes, so one
    /// huge object cannot blow up the log. Default 65536.
    /// </summary>
    public int MaxRecordedValueBytes { get; set; } = 65_536;
}
