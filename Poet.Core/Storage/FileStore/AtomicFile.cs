namespace Poet.Storage.FileStore;

/// <summary>
/// Atomic file writes: the content goes to a temporary file in the same folder, is flushed to disk, and is renamed
/// over the target, so a reader (or a process killed mid-write) sees the old file or the new one, never a torn one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files; a leftover one is a write that never finished.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Whether a file name is one of this class's temporary files.</summary>
    /// <param name="fileName">A file name without folder.</param>
    /// <returns><see langword="true"/> for a temporary file.</returns>
    public static bool IsTempFile(string fileName) =>
        fileName.StartsWith('.') && fileName.EndsWith(TempSuffix, StringComparison.Ordinal);

    /// <summary>A unique temporary path next to <paramref name="path"/>.</summary>
    /// <param name="path">The target path.</param>
    /// <returns>The temporary path.</returns>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file.</param>
    /// <param name="content">The complete new content.</param>
    /// <param name="flushToDisk">
    /// Flush the content to disk before the rename (the default). Without it, readers still never see a torn file, but
    /// a power loss right after may leave the file empty (the reader then quarantines it).
    /// </param>
    public static void Write(string path, ReadOnlySpan<byte> content, bool flushToDisk = true)
    {
        var temp = TempPathFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(content);
                stream.Flush(flushToDisk);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a file, ignoring failures (used for temporary files).</summary>
    /// <param name="path">The file.</param>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
