namespace Poet.Storage.FileStore;

/// <summary>How much of an arbitrary argument or result object the execution log keeps.</summary>
/// <param name="MaxItems">Collections with more items are summarized.</param>
/// <param name="MaxStringChars">Longer strings are cut.</param>
/// <param name="MaxValueBytes">One value's JSON is cut beyond this many bytes.</param>
/// <param name="MaxDepth">Objects nested deeper are replaced by a marker.</param>
internal sealed record RecordedValueLimits(int MaxItems, int MaxStringChars, int MaxValueBytes, int MaxDepth = 16)
{
    /// <summary>How many leading items a summarized collection keeps.</summary>
    public const int HeadItems = 8;

    /// <summary>The limits configured in <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The limits, each at least 1 (or 0 items).</returns>
    public static RecordedValueLimits From(PoetOptions options) => new(
        Math.Max(0, options.MaxRecordedCollectionItems),
        Math.Max(16, options.MaxRecordedStringChars),
        Math.Max(1024, options.MaxRecordedValueBytes));
}
