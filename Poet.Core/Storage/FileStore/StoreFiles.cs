using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>Small file helpers shared by the stores.</summary>
internal static class StoreFiles
{
    /// <summary>
    /// Reads a whole file, or returns null when it does not exist. Retries briefly when another process is replacing it
    /// (Windows reports a sharing violation during a rename).
    /// </summary>
    /// <remarks>
    /// Opened sharing reads, writes and deletes (every file the store replaces is replaced by a rename, so a reader blocks
    /// nobody), its length asked once: one system call fewer per read than <see cref="File.ReadAllBytes"/>.
    /// </remarks>
    /// <param name="path">The file.</param>
    /// <returns>The bytes, or null.</returns>
    public static byte[]? TryReadAllBytes(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return ReadAll(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(1 << attempt);
            }
        }
    }

    private static byte[] ReadAll(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength)
        {
            throw new IOException($"'{path}' is too large to read whole ({length} bytes).");
        }

        var bytes = new byte[length];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
            {
                return bytes.AsSpan(0, read).ToArray(); // the file shrank while it was read: what it held
            }

            read += n;
        }

        return bytes;
    }

    /// <summary>
    /// Reads a whole file for parsing: null when it is missing, and null with a logged warning when it cannot be read
    /// (the store keeps serving; the caller treats the file as absent).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="logger">Where an unreadable file is reported.</param>
    /// <returns>The bytes, or null.</returns>
    public static byte[]? TryReadAllBytes(string path, ILogger logger)
    {
        try
        {
            return TryReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "POET store: cannot read {Path}", path);
            return null;
        }
    }

    /// <summary>Writes a new file and flushes it to disk (used inside a temporary folder that is renamed afterwards).</summary>
    /// <param name="path">The new file.</param>
    /// <param name="content">Its content.</param>
    public static void WriteDurable(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Appends one line to a JSON-lines file and flushes it to disk. A torn last line left by a crash is closed with a
    /// newline first, so the new line stays parseable.
    /// </summary>
    /// <param name="path">The file (created if missing).</param>
    /// <param name="line">The line's UTF-8 bytes, without the newline.</param>
    /// <param name="flushToDisk">Flush the file to disk before returning (the default).</param>
    public static void AppendLine(string path, ReadOnlySpan<byte> line, bool flushToDisk = true)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 1);
        if (stream.Length > 0)
        {
            stream.Seek(-1, SeekOrigin.End);
            if (stream.ReadByte() != '\n')
            {
                stream.WriteByte((byte)'\n');
            }
        }

        stream.Seek(0, SeekOrigin.End);
        stream.Write(line);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk);
    }
}
