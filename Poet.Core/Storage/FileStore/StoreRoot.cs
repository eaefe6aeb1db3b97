using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// The store root: created and checked once (writable, format not newer than this code), shared by the three stores
/// together with the quarantine and the logger factory.
/// </summary>
internal sealed class StoreRoot
{
    private StoreRoot(string path, PoetOptions options, ILoggerFactory loggerFactory)
    {
        RootPath = path;
        Options = options;
        LoggerFactory = loggerFactory;
        Quarantine = new Quarantine(path, loggerFactory.CreateLogger("Poet.Store.Quarantine"));
    }

    /// <summary>The store root's full path.</summary>
    public string RootPath { get; }

    /// <summary>The options the store was opened with.</summary>
    public PoetOptions Options { get; }

    /// <summary>Creates the stores' loggers.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Where corrupt files go.</summary>
    public Quarantine Quarantine { get; }

    /// <summary>Creates (if needed) and checks the store root named by <see cref="PoetOptions.StorePath"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="loggerFactory">Creates the stores' loggers.</param>
    /// <returns>The checked root.</returns>
    /// <exception cref="PoetStoreException">The folder cannot be created or written, or holds a newer store format.</exception>
    public static StoreRoot Open(PoetOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.StorePath))
        {
            throw new PoetStoreException("PoetOptions.StorePath is empty: set it (or POET_STORE_PATH) to the folder of the POET store, for example \".poet\".");
        }

        string path;
        try
        {
            path = Path.GetFullPath(options.StorePath);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new PoetStoreException($"The POET store path '{options.StorePath}' is not a valid path: {ex.Message}", ex);
        }

        if (File.Exists(path))
        {
            throw new PoetStoreException($"The POET store path '{path}' is a file, not a folder: set PoetOptions.StorePath (or POET_STORE_PATH) to a folder.");
        }

        try
        {
            Directory.CreateDirectory(path);
            ProbeWritable(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new PoetStoreException(
                $"The POET store folder '{path}' cannot be created or written: {ex.Message} " +
                "Set PoetOptions.StorePath (or POET_STORE_PATH) to a writable folder.", ex);
        }

        var root = new StoreRoot(path, options, loggerFactory);
        root.CheckFormat();
        root.DeleteStaleTempFiles(DateTime.UtcNow - StaleTempAge);
        return root;
    }

    /// <summary>A temporary file older than this was left by a write that never finished (a killed process).</summary>
    internal static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Deletes temporary files (<c>.*.tmp</c>) written before <paramref name="before"/> anywhere in the store: writes
    /// that a killed process never finished. Younger ones may belong to a live writer in another process and stay.
    /// </summary>
    /// <param name="before">Only files last written before this time are deleted.</param>
    internal void DeleteStaleTempFiles(DateTime before)
    {
        var logger = LoggerFactory.CreateLogger("Poet.Store");
        try
        {
            foreach (var file in new DirectoryInfo(RootPath).EnumerateFiles("." + "*" + AtomicFile.TempSuffix, SearchOption.AllDirectories))
            {
                if (file.LastWriteTimeUtc < before)
                {
                    logger.LogInformation("POET store: removing {Path}, left by a write that did not finish (a crashed or killed process)", file.FullName);
                    AtomicFile.TryDelete(file.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "POET store: cannot look for leftover temporary files in {Path}", RootPath);
        }
    }

    private static void ProbeWritable(string path)
    {
        var probe = Path.Combine(path, $".probe.{Guid.NewGuid():N}{AtomicFile.TempSuffix}");
        File.WriteAllBytes(probe, [1]);
        File.Delete(probe);
    }

    private void CheckFormat()
    {
        var formatPath = Path.Combine(RootPath, StoreLayout.FormatFile);
        string? text = null;
        try
        {
            text = File.ReadAllText(formatPath);
        }
        catch (FileNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PoetStoreException($"The POET store format file '{formatPath}' cannot be read: {ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            WriteFormat(formatPath);
            return;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var format))
        {
            throw new PoetStoreException(
                $"The POET store at '{RootPath}' has a format file '{formatPath}' that this version cannot read ('{Shorten(text)}'). " +
                $"It expects a store format number such as {StoreLayout.FormatVersion}; point StorePath at another folder or fix the file.");
        }

        if (format > StoreLayout.FormatVersion)
        {
            throw new PoetStoreException(
                $"The POET store at '{RootPath}' was written by a newer POET (store format {format}); this version reads store format " +
                $"{StoreLayout.FormatVersion} and will not risk misreading it. Upgrade POET, or point StorePath at another folder.");
        }
    }

    private static void WriteFormat(string formatPath)
    {
        try
        {
            AtomicFile.Write(formatPath, Encoding.UTF8.GetBytes(StoreLayout.FormatVersion.ToString(CultureInfo.InvariantCulture) + "\n"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PoetStoreException($"The POET store format file '{formatPath}' cannot be written: {ex.Message}", ex);
        }
    }

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 20 ? trimmed : trimmed[..20] + "...";
    }
}
