namespace Poet.Storage.FileStore;

/// <summary>Reads a segment line by line, sequentially (to build a missing index, recover a segment, or search an open one).</summary>
internal static class SegmentScanner
{
    /// <summary>Handles one complete line.</summary>
    /// <param name="offset">The line's offset.</param>
    /// <param name="line">The line without its newline.</param>
    /// <returns><see langword="false"/> to stop scanning.</returns>
    public delegate bool LineHandler(long offset, ReadOnlySpan<byte> line);

    /// <summary>Calls <paramref name="onLine"/> for each complete (newline-terminated) line.</summary>
    /// <param name="stream">The segment, positioned at 0.</param>
    /// <param name="onLine">The handler.</param>
    /// <returns>The offset just after the last complete line (bytes beyond it are a torn tail), or -1 when stopped early.</returns>
    public static long ForEachLine(Stream stream, LineHandler onLine)
    {
        var buffer = new byte[1 << 20];
        var filled = 0;
        long bufferStart = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var start = 0;
            while (true)
            {
                var newline = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                if (!onLine(bufferStart + start, buffer.AsSpan(start, newline)))
                {
                    return -1;
                }

                start += newline + 1;
            }

            if (read == 0)
            {
                return bufferStart + start;
            }

            // Keep the incomplete line; grow the buffer when one line fills it.
            if (start == 0 && filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else if (start > 0)
            {
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
                bufferStart += start;
            }
        }
    }

    /// <summary>Finds the line of one id by reading the whole segment (used for segments that have no index yet).</summary>
    /// <param name="path">The segment.</param>
    /// <param name="key">The id's key.</param>
    /// <returns>The line, or null.</returns>
    public static byte[]? FindLine(string path, UInt128 key)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        byte[]? found = null;
        ForEachLine(stream, (_, line) =>
        {
            if (ExecutionLine.TryReadKey(line, out var lineKey) && lineKey == key)
            {
                found = line.ToArray();
                return false;
            }

            return true;
        });
        return found;
    }
}
