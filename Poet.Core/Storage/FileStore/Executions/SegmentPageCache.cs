using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Poet.Storage.FileStore;

/// <summary>
/// Gives a sealed segment's pages back to the operating system (Linux: <c>posix_fadvise(POSIX_FADV_DONTNEED)</c> after
/// the segment was flushed to disk, so its pages are clean and are freed at once). The log writes every byte once and
/// rarely reads it again, and a page the kernel has just freed is the cheapest one it can give the next segment: on a
/// virtual machine a page never used before may first have to be backed by the host, which made filling the page cache
/// cost 5-7 times the CPU per byte of reusing freed pages (issue #11, docs/recording.md). .NET has no API for it, hence
/// the libc call. Best effort: a failure only leaves the pages cached, as before.
/// </summary>
internal static class SegmentPageCache
{
    private const int PosixFadvDontNeed = 4;

    /// <summary>Asks the OS to drop the cached pages of a file whose data is already on disk.</summary>
    /// <param name="handle">The file, flushed to disk.</param>
    public static void Release(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux() || handle.IsInvalid || handle.IsClosed)
        {
            return;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = Fadvise((int)handle.DangerousGetHandle(), 0, 0, PosixFadvDontNeed);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or ObjectDisposedException)
        {
            // No such call here, or the file closed meanwhile: the pages stay cached.
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fadvise(int fd, long offset, long length, int advice);
}
