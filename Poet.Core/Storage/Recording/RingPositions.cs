using System.Runtime.InteropServices;

namespace Poet;

/// <summary>
/// The consumer's head and the producers' tail of a <see cref="BoundedRing{T}"/>, each on a cache line of its own, so
/// the consumer's steps do not slow the producers' claims (a generic type cannot have an explicit layout, so this is
/// not nested in the ring).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct RingPositions
{
    /// <summary>How many items the consumer has taken.</summary>
    [FieldOffset(64)]
    public long Head;

    /// <summary>How many positions producers have claimed.</summary>
    [FieldOffset(128)]
    public long Tail;
}
