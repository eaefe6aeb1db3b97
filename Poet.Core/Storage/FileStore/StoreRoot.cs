using System.Diagnostics;
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
    private readonly ILogger _logger;
    private readonly Lock _prepareGate = new();
    private string? _problem;
    private long _nextCheck;

    private StoreRoot(string path, PoetOptions options, ILoggerFactory loggerFactory)
    {
        RootPath = path;
        Options = options;
        LoggerFactory = loggerFactory;
        Quarantine = new Quarantine(path, loggerFactory.CreateLogger("Poet.Store.Quarantine"));
        _logger = loggerFactory.CreateLogger("Poet.Store");
        Journals = new FunctionJournals(this);
    }

    /// <summary>The store root's full path.</summary>
    public string RootPath { get; }

    /// <summary>The options the store was opened with.</summary>
    public PoetOptions Options { get; }

    /// <summary>Creates the stores' loggers.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Where corrupt files go.</summary>
    public Quarantine Quarantine { get; }

    /// <summary>The function folders' journals and lock gates, shared by the function and feedback stores.</summary>
    public FunctionJournals Journals { get; }

    /// <summary>Creates (if needed) and checks the store root named by <see cref="PoetOptions.StorePath"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="loggerFactory">Creates the stores' loggers.</param>
    /// <returns>The checked root; when the folder cannot be created or written it is returned unusable (see <see cref="Problem"/>).</returns>
    /// <exception cref="PoetStoreException">The path is empty, not a valid path or a file, or the store holds a newer store format.</exception>
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

        var root = new StoreRoot(path, options, loggerFactory);
        root.Prepare(atOpen: true);
        return root;
    }

    /// <summary>How often an unusable store is checked again (by the next write that needs it, or a health check).</summary>
    internal static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What keeps the store folder from being used now (it cannot be created or written: a read-only or full disk, a
    /// regular file where a parent folder should be), or null when it is usable. While it is set, calls run with the
    /// last known learned values (at first the declared defaults) and execution records are dropped and counted.
    /// </summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>
    /// Whether the store folder is usable; when it was not, checks again (at most once per <see cref="RetryInterval"/>)
    /// and, once it can be written, writes the format file and clears <see cref="Problem"/> without a restart.
    /// </summary>
    /// <returns>True when the folder can be used.</returns>
    public bool EnsureUsable()
    {
        if (Volatile.Read(ref _problem) is null)
        {
            return true;
        }

        var now = Stopwatch.GetTimestamp();
        if (now < Interlocked.Read(ref _nextCheck))
        {
            return false;
        }

        Interlocked.Exchange(ref _nextCheck, now + (long)(RetryInterval.TotalSeconds * Stopwatch.Frequency));
        return Prepare(atOpen: false);
    }

    /// <summary>Throws the reason the store cannot be written when <see cref="EnsureUsable"/> says so.</summary>
    /// <exception cref="PoetStoreException">The store folder cannot be used now; the message says why and how to fix it.</exception>
    public void ThrowIfUnusable()
    {
        if (!EnsureUsable())
        {
            throw new PoetStoreException(Problem ?? $"The POET store folder '{RootPath}' cannot be used.");
        }
    }

    /// <summary>
    /// Creates the folder, checks it can be written and checks its format. A folder that cannot be created or written
    /// leaves the root unusable (<see cref="Problem"/>, logged once) instead of failing. A newer or unreadable format
    /// is a misconfiguration: it throws when the store is opened, and keeps the store unusable when found later.
    /// </summary>
    private bool Prepare(bool atOpen)
    {
        lock (_prepareGate)
        {
            if (!atOpen && _problem is null)
            {
                return true;
            }

            try
            {
                Directory.CreateDirectory(RootPath);
                ProbeWritable(RootPath);
                CheckFormat();
            }
            catch (Exception ex) when (ex is IOException and not PoetStoreException or UnauthorizedAccessException or NotSupportedException
                || (ex is PoetStoreException && !atOpen))
            {
                var problem = ex is PoetStoreException
                    ? ex.Message
                    : $"The POET store folder '{RootPath}' cannot be created or written: {ex.Message} Calls run with their last known " +
                      "learned values (at first the declared defaults), and execution records are dropped and counted in " +
                      "poet.records.dropped until it can. Make it writable (free space, permissions, remove what blocks the path) " +
                      "or set PoetOptions.StorePath (or POET_STORE_PATH) to a writable folder; POET checks again every second.";
                if (_problem is null)
                {
                    _logger.LogError(ex, "POET store: {Problem}", problem);
                }

                Volatile.Write(ref _problem, problem);
                return false;
            }

            if (_problem is not null)
            {
                _logger.LogWarning("POET store: the folder {Path} can be written again; recording and versions resume", RootPath);
                Volatile.Write(ref _problem, null);
            }

            DeleteStaleTempFiles(DateTime.UtcNow - StaleTempAge);
            return true;
        }
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
        var logger = _logger;
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
            // A new store (or one from before the format file): written below. Other read errors make the store unusable.
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

    private static void WriteFormat(string formatPath) =>
        AtomicFile.Write(formatPath, Encoding.UTF8.GetBytes(StoreLayout.FormatVersion.ToString(CultureInfo.InvariantCulture) + "\n"));

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= 20 ? trimmed : trimmed[..20] + "...";
    }
}
