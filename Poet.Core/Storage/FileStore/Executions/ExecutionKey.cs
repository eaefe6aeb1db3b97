namespace Poet.Storage.FileStore;

/// <summary>
/// An execution id as a 128-bit number (48-bit millisecond time, then 80 random bits), the key of the segment
/// indexes. Keys sort like ids, so the top 48 bits give the segment's time range.
/// </summary>
internal static class ExecutionKey
{
    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Decodes an id's 26 Crockford base32 characters.</summary>
    /// <param name="id">The id.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> for a default or malformed id.</returns>
    public static bool TryFrom(ExecutionId id, out UInt128 key) => id.TryGetKey(out key);

    /// <summary>Decodes an id's 26 characters.</summary>
    /// <param name="text">The id's text.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> when the text is not an id.</returns>
    public static bool TryFrom(ReadOnlySpan<char> text, out UInt128 key)
    {
        key = UInt128.Zero;
        if (text.Length != ExecutionId.Length)
        {
            return false;
        }

        foreach (var c in text)
        {
            var v = c < 128 ? Values[c] : (sbyte)-1;
            if (v < 0)
            {
                return false;
            }

            key = (key << 5) | (uint)v;
        }

        return true;
    }

    /// <summary>Decodes an id's 26 ASCII bytes (as found in a log line).</summary>
    /// <param name="utf8">The id's bytes.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> when the bytes are not an id.</returns>
    public static bool TryFrom(ReadOnlySpan<byte> utf8, out UInt128 key)
    {
        key = UInt128.Zero;
        if (utf8.Length != ExecutionId.Length)
        {
            return false;
        }

        foreach (var b in utf8)
        {
            var v = b < 128 ? Values[b] : (sbyte)-1;
            if (v < 0)
            {
                return false;
            }

            key = (key << 5) | (uint)v;
        }

        return true;
    }

    /// <summary>The Unix millisecond time in a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>Milliseconds since the Unix epoch.</returns>
    public static long Milliseconds(UInt128 key) => (long)(ulong)(key >> 80);

    private static sbyte[] BuildValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        for (var i = 0; i < alphabet.Length; i++)
        {
            values[alphabet[i]] = (sbyte)i;
            values[char.ToLowerInvariant(alphabet[i])] = (sbyte)i;
        }

        return values;
    }
}
