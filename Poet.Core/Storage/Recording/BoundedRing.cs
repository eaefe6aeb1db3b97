namespace Poet;

/// <summary>
/// A fixed-capacity queue for many producers and one consumer, allocated once: an array of slots used round and round,
/// each with a sequence number that says whose turn it is (the bounded queue of Dmitry Vyukov). Enqueueing and taking
/// allocate nothing; a full ring refuses the item instead of growing.
/// </summary>
/// <typeparam name="T">The items (references: a taken slot is cleared so the ring keeps nothing alive).</typeparam>
/// <remarks>
/// A producer claims a position by moving the tail on and then publishes its item in the slot; the consumer takes the
/// slot at the head once it is published. A slot claimed but not yet published holds the consumer back (it is not
/// skipped): <see cref="HasReady"/> then says no, and the consumer looks again later.
/// </remarks>
internal sealed class BoundedRing<T>
    where T : class
{
    /// <summary>The largest ring (slots): 16 bytes each, 64 MB.</summary>
    public const int MaxCapacity = 1 << 22;

    private readonly Slot[] _slots;
    private readonly long _mask;
    private RingPositions _positions;

    /// <summary>Allocates the ring.</summary>
    /// <param name="capacity">The least number of items it must hold; rounded up to a power of two, at most <see cref="MaxCapacity"/>.</param>
    public BoundedRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var size = (int)Math.Min(MaxCapacity, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity));
        _slots = new Slot[size];
        for (var i = 0; i < size; i++)
        {
            _slots[i].Sequence = i; // slot i is free for position i
        }

        _mask = size - 1;
    }

    /// <summary>How many items the ring holds at most.</summary>
    public int Capacity => _slots.Length;

    /// <summary>How many positions producers have claimed since the start (every item enqueued, or being enqueued).</summary>
    public long Enqueued => Volatile.Read(ref _positions.Tail);

    /// <summary>How many items the consumer has taken since the start.</summary>
    public long Taken => Volatile.Read(ref _positions.Head);

    /// <summary>Whether the next item is published and can be taken (consumer side).</summary>
    public bool HasReady
    {
        get
        {
            var head = _positions.Head;
            return Volatile.Read(ref _slots[head & _mask].Sequence) == head + 1;
        }
    }

    /// <summary>Adds an item; any thread.</summary>
    /// <param name="item">The item.</param>
    /// <returns><see langword="false"/> when the ring is full.</returns>
    public bool TryEnqueue(T item)
    {
        var position = Volatile.Read(ref _positions.Tail);
        while (true)
        {
            ref var slot = ref _slots[position & _mask];
            var turn = Volatile.Read(ref slot.Sequence) - position;
            if (turn == 0)
            {
                var seen = Interlocked.CompareExchange(ref _positions.Tail, position + 1, position);
                if (seen == position)
                {
                    slot.Item = item;
                    Volatile.Write(ref slot.Sequence, position + 1); // published
                    return true;
                }

                position = seen; // another producer claimed it
            }
            else if (turn < 0)
            {
                return false; // the slot still holds the item of one round ago: full
            }
            else
            {
                position = Volatile.Read(ref _positions.Tail); // claimed and filled meanwhile: catch up
            }
        }
    }

    /// <summary>Takes the next item if it is published; the consumer thread only.</summary>
    /// <param name="item">The item, or null.</param>
    /// <returns>Whether an item was taken.</returns>
    public bool TryDequeue([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
    {
        var head = _positions.Head;
        ref var slot = ref _slots[head & _mask];
        if (Volatile.Read(ref slot.Sequence) != head + 1)
        {
            item = null;
            return false; // empty, or its producer has claimed the slot and not yet published
        }

        item = slot.Item!;
        slot.Item = null;
        Volatile.Write(ref slot.Sequence, head + _slots.Length); // free for the position one round later
        Volatile.Write(ref _positions.Head, head + 1);
        return true;
    }

    private struct Slot
    {
        public long Sequence;
        public T? Item;
    }
}
