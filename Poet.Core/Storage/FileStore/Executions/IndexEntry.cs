using System.Runtime.InteropServices;

namespace Poet.Storage.FileStore;

/// <summary>One id in a segment index: the id's key and the byte offset of its line.</summary>
/// <param name="Key">The id's key.</param>
/// <param name="Offset">The line's offset in the segment.</param>
[StructLayout(LayoutKind.Sequential, Pack = 8)]
internal readonly record struct IndexEntry(UInt128 Key, long Offset) : IComparable<IndexEntry>
{
    /// <summary>The entry's size on disk.</summary>
    public const int Size = 24;

    /// <inheritdoc />
    public int CompareTo(IndexEntry other)
    {
        var byKey = Key.CompareTo(other.Key);
        return byKey != 0 ? byKey : Offset.CompareTo(other.Offset);
    }
}
