using System.Runtime.InteropServices;

namespace Poet.Storage.FileStore;

/// <summary>
/// Flushes a folder's entries to disk (<c>fsync</c> of the folder on Linux and macOS), so renames into it survive a
/// power loss. .NET has no API for it (a <see cref="FileStream"/> cannot open a folder), hence the two libc calls. On
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
