using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Poet;

/// <summary>
/// An identity map from live objects to execution keys (<see cref="ExecutionId"/> as a number) that neither keeps the objects alive nor allocates per entry:
/// a table of weak GC handles allocated once and re-pointed, indexed by the object's identity hash.
/// </summary>
/// <remarks>
/// <para><see cref="ConditionalWeakTable{TKey,TValue}"/> allocates a dependent handle per entry and the garbage
/// collector re-scans every dependent handle until nothing more is marked; at hundreds of thousands of calls a second
/// that cost more than the call itself. A weak handle whose object died reads as empty, so its slot is reused by the
/// next insertion without freeing or allocating anything.</para>
/// <para>An object is placed in one of <see cref="ProbeLimit"/> slots from its hash; when all of them hold live objects
/// the table doubles, up to <see cref="MaxSlots"/>. Beyond that the newest link takes the place of a live one in its
/// window, so only when more than about <see cref="MaxSlots"/> linked results are alive at once (or look alive: results
/// still queued for the recorder, or not yet collected) can an older one lose its link; feedback on it then says to use
/// its execution id. The garbage collector's cost stays bounded by the table's size (it scans every weak handle).
/// Writers and readers take one lock (uncontended in the common case: a call links once, feedback reads rarely).</para>
/// </remarks>
internal sealed class WeakResultTable
{
    /// <summary>How many slots from an object's home slot it may occupy.</summary>
    internal const int ProbeLimit = 16;

    /// <summary>The most slots the table grows to.</summary>
    internal const int MaxSlots = 4096;

    private const int InitialSlots = 1024;

    private readonly Lock _gate = new();
    private readonly int _maxSlots;
    private Slot[] _slots;
    private int _evictions;

    /// <summary>Creates a table of <see cref="InitialSlots"/> slots that grows up to <paramref name="maxSlots"/>.</summary>
    /// <param name="maxSlots">The most slots (a power of two; tests use small tables).</param>
    public WeakResultTable(int maxSlots = MaxSlots)
    {
        _maxSlots = maxSlots;
        _slots = NewSlots(Math.Min(InitialSlots, maxSlots));
    }

    /// <summary>Releases the handles when the table is collected (the container that owned it is gone).</summary>
    ~WeakResultTable() => FreeAll(_slots);

    /// <summary>How many slots the table has (grows when linked objects stay alive).</summary>
    internal int Capacity
    {
        get
        {
            lock (_gate)
            {
                return _slots.Length;
            }
        }
    }

    /// <summary>Links <paramref name="target"/> to <paramref name="id"/>, replacing an earlier link of the same object.</summary>
    /// <param name="target">A live reference-type object.</param>
    /// <param name="id">The execution's key (no reference: a link keeps nothing alive, not even the id's text).</param>
    public void Set(object target, UInt128 id)
    {
        var hash = RuntimeHelpers.GetHashCode(target);
        lock (_gate)
        {
            while (!TryPlace(_slots, target, hash, id))
            {
                if (_slots.Length >= _maxSlots)
                {
                    // Full of live links: the newest one replaces one of its window's, in turn.
                    _slots[(hash + (_evictions++ & (ProbeLimit - 1))) & (_slots.Length - 1)].Point(target, id);
                    return;
                }

                _slots = Grown(_slots);
            }
        }
    }

    /// <summary>Finds the id linked to <paramref name="target"/>.</summary>
    /// <param name="target">The object.</param>
    /// <param name="id">The linked key, or zero.</param>
    /// <returns><see langword="true"/> when the object is linked.</returns>
    public bool TryGet(object target, out UInt128 id)
    {
        var hash = RuntimeHelpers.GetHashCode(target);
        lock (_gate)
        {
            var slots = _slots;
            var mask = slots.Length - 1;
            for (var i = 0; i < ProbeLimit; i++)
            {
                ref var slot = ref slots[(hash + i) & mask];
                if (ReferenceEquals(slot.Handle.Target, target))
                {
                    id = slot.Id;
                    return true;
                }
            }
        }

        id = UInt128.Zero;
        return false;
    }

    private static bool TryPlace(Slot[] slots, object target, int hash, UInt128 id)
    {
        var mask = slots.Length - 1;
        var free = -1;
        for (var i = 0; i < ProbeLimit; i++)
        {
            var index = (hash + i) & mask;
            var current = slots[index].Handle.Target;
            if (ReferenceEquals(current, target))
            {
                slots[index].Id = id; // linked again (the same object returned by another call)
                return true;
            }

            if (current is null && free < 0)
            {
                free = index;
            }
        }

        if (free < 0)
        {
            return false;
        }

        slots[free].Point(target, id);
        return true;
    }

    /// <summary>A table twice the size holding every live link that fits its windows (nearly always all of them).</summary>
    private static Slot[] Grown(Slot[] slots)
    {
        var grown = NewSlots(slots.Length * 2);
        foreach (var slot in slots)
        {
            if (slot.Handle.Target is { } live)
            {
                TryPlace(grown, live, RuntimeHelpers.GetHashCode(live), slot.Id);
            }
        }

        FreeAll(slots);
        return grown;
    }

    private static Slot[] NewSlots(int size)
    {
        var slots = new Slot[size];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Handle = GCHandle.Alloc(null, GCHandleType.Weak);
        }

        return slots;
    }

    private static void FreeAll(Slot[] slots)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Handle.IsAllocated)
            {
                slots[i].Handle.Free();
            }
        }
    }

    private struct Slot
    {
        public GCHandle Handle;
        public UInt128 Id;

        /// <summary>Re-points the slot's weak handle at <paramref name="target"/>, linked to <paramref name="id"/>.</summary>
        public void Point(object target, UInt128 id)
        {
            Handle.Target = target;
            Id = id;
        }
    }
}
