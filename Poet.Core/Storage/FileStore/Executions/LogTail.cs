using System.Buffers;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Poet.Storage.FileStore;

/// <summary>
/// Reads a segment's complete lines from its end backwards, a block at a time, so the newest records are read first
/// and reading stops as soon as enough were found (a torn last line, still being written, has no newline and is skipped).
/// </summary>
internal static class LogTail
{
    private const int BlockSize = 64 * 1024;

    /// <summary>Calls <paramref name="onLine"/> for each complete line, last line first.</summary>
    /// <param name="path">The segment.</param>
    /// <param name="onLine">The handler (the line without its newline); returns <see langword="false"/> to stop.</param>
    /// <exception cref="FileNotFoundException">The segment is gone (sealed under a new name, or deleted by retention).</exception>
    public static void ForEachLineBackward(string path, SegmentScanner.LineHandler onLine)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        ForEachLineBackward(handle, RandomAccess.GetLength(handle), onLine);
    }

    /// <summary>Calls <paramref name="onLine"/> for each complete line of the first <paramref name="length"/> bytes, last line first.</summary>
    /// <param name="handle">The open segment.</param>
    /// <param name="length">How many bytes of it to read.</param>
    /// <param name="onLine">The handler (the line's offset and the line without its newline); returns <see langword="false"/> to stop.</param>
    internal static void ForEachLineBackward(SafeFileHandle handle, long length, SegmentScanner.LineHandler onLine)
    {
        // buffer[0..filled) holds the file's bytes [pos, pos + filled); once the last newline is found, buffer[0..end)
        // is what is not yet handed out, and end is the position of the newline that closes its last line.
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            var pos = length;
            var filled = 0;
            var end = -1;
            while (true)
            {
                if (end >= 0)
                {
                    int newline;
                    while ((newline = buffer.AsSpan(0, end).LastIndexOf((byte)'\n')) >= 0)
                    {
                        if (end - newline > 1 && !onLine(pos + newline + 1, buffer.AsSpan(newline + 1, end - newline - 1)))
                        {
                            return;
                        }

                        end = newline;
                    }
                }

                if (pos == 0)
                {
                    if (end > 0)
                    {
                        onLine(0, buffer.AsSpan(0, end));
                    }

                    return;
                }

                var want = (int)Math.Min(BlockSize, pos);
                var keep = end >= 0 ? end : filled;
                if (keep + want > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, keep + want));
                    buffer.AsSpan(0, keep).CopyTo(larger.AsSpan(want));
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                else
                {
                    buffer.AsSpan(0, keep).CopyTo(buffer.AsSpan(want));
                }

                ReadExactly(handle, buffer.AsSpan(0, want), pos - want);
                pos -= want;
                if (end >= 0)
                {
                    end += want;
                }
                else
                {
                    filled = keep + want;
                    end = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether a line records a call of <paramref name="functionId"/> (reads the top-level properties up to <c>functionId</c>, the second).</summary>
    /// <param name="line">The line.</param>
    /// <param name="functionId">The function id.</param>
    /// <returns><see langword="true"/> when its <c>functionId</c> is <paramref name="functionId"/>.</returns>
    public static bool IsOf(ReadOnlySpan<byte> line, string functionId)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("functionId"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(functionId);
                }

                if (!reader.Read())
                {
                    return false;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Not a record (a torn or corrupt line): not this function's.
        }

        return false;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> into, long offset)
    {
        while (!into.IsEmpty)
        {
            var read = RandomAccess.Read(handle, into, offset);
            if (read <= 0)
            {
                throw new EndOfStreamException("the segment became shorter while it was read");
            }

            into = into[read..];
            offset += read;
        }
    }
}
