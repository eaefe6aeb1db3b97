using System.Buffers.Binary;
using Poet.Storage.FileStore;

namespace Poet.PostgreSql.Executions;

/// <summary>
/// Execution ids as PostgreSQL <c>uuid</c>s: the id's 128 bits (48-bit millisecond time, 80 random bits) big-endian,
/// so uuids sort like ids and a day of executions is one contiguous uuid range (one partition).
/// </summary>
internal static class ExecutionUuid
{
    private const long DayMs = 86_400_000;

    /// <summary>The uuid of an id, or null when the id is malformed or default.</summary>
    /// <param name="id">The execution id.</param>
    /// <returns>The uuid.</returns>
    public static Guid? From(ExecutionId id) => ExecutionKey.TryFrom(id, out var key) ? FromKey(key) : null;

    /// <summary>The uuid of a 128-bit key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The uuid.</returns>
    public static Guid FromKey(UInt128 key)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, key);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The UTC day (days since the Unix epoch) an id's time falls in.</summary>
    /// <param name="key">The id's key.</param>
    /// <returns>The day number.</returns>
    public static long Day(UInt128 key) => ExecutionKey.Milliseconds(key) / DayMs;

    /// <summary>The first uuid of a UTC day (inclusive lower bound of its partition).</summary>
    /// <param name="day">Days since the Unix epoch.</param>
    /// <returns>The uuid.</returns>
    public static Guid DayStart(long day) => FromKey((UInt128)(ulong)(day * DayMs) << 80);

    /// <summary>The day number of a date.</summary>
    /// <param name="time">The time.</param>
    /// <returns>Days since the Unix epoch.</returns>
    public static long Day(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / DayMs;

    /// <summary>The partition table's name for a day, for example <c>executions_20261129</c>.</summary>
    /// <param name="day">Days since the Unix epoch.</param>
    /// <returns>The table name (without the schema).</returns>
    public static string PartitionName(long day) =>
        "executions_" + DateTimeOffset.FromUnixTimeMilliseconds(day * DayMs).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
