using System.Globalization;
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

        OnFolder(path, Fsync, "to flush it to disk", "flush the folder '{0}' to disk");
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

        OnFolder(path, SyncFs, "to flush its file system", "flush the file system of '{0}' to disk");
        return true;
    }

    /// <summary>Opens <paramref name="path"/> read-only (a folder opens so), makes one call on it and closes it.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="call">The call on its descriptor (0 on success).</param>
    /// <param name="openPurpose">Why it is opened, for the error message.</param>
    /// <param name="callFailure">What failed when the call fails ({0} is the path), for the error message.</param>
    private static void OnFolder(string path, Func<int, int> call, string openPurpose, string callFailure)
    {
        var fd = Open(path, 0); // O_RDONLY
        if (fd < 0)
        {
            throw new IOException($"Cannot open the folder '{path}' {openPurpose}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        try
        {
            if (call(fd) != 0)
            {
                throw new IOException($"Cannot {string.Format(CultureInfo.InvariantCulture, callFailure, path)}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
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
