using System.Runtime.InteropServices;

namespace Poet.Storage.FileStore;

/// <summary>
/// Flushes a folder's entries to disk (<c>fsync</c> of the folder on Linux and macOS), so renames into it survive a
/// power loss. .NET has no API for it (a <see cref="FileStream"/> cannot open a folder), hence the libc calls. On
/// Windows a folder cannot be flushed this way and NTFS journals renames itself: nothing to do.
/// </summary>
internal static partial class FolderFlush
{
    /// <summary>Flushes <paramref name="path"/>'s entries to disk.</summary>
    /// <param name="path">The folder.</param>
    /// <exception cref="IOException">The folder could not be opened or flushed (the message names the OS error).</exception>
    public static void Flush(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(path, 0); // O_RDONLY: a folder opens read-only
        if (fd < 0)
        {
            throw new IOException($"Cannot open the folder '{path}' to flush it to disk: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"Cannot flush the folder '{path}' to disk: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Flushes everything written to the file system that holds <paramref name="path"/> (<c>syncfs</c>, Linux only): one
    /// call instead of one flush per file, for a checkpoint of many files.
    /// </summary>
    /// <param name="path">A folder on the file system.</param>
    /// <returns>False when the OS has no such call (the caller flushes file by file).</returns>
    /// <exception cref="IOException">The folder could not be opened or the file system flushed.</exception>
    public static bool TryFlushFileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var fd = Open(path, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the folder '{path}' to flush its file system: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        try
        {
            if (SyncFs(fd) != 0)
            {
                throw new IOException($"Cannot flush the file system of '{path}' to disk: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }

        return true;
    }

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFs(int fd);

    [DllImport("libc", EntryPoint = "open", SetLastError = true, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
