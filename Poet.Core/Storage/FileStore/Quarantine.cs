using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Poet.Storage.FileStore;

/// <summary>
/// Moves corrupt or unreadable files out of the store's way into <c>.poet/quarantine/</c>, with a log line, so that
/// nothing is ever deleted silently and a person can inspect what went wrong.
/// </summary>
internal sealed class Quarantine
{
    private readonly string _root;
    private readonly string _folder;
    private readonly ILogger _logger;

    /// <summary>Creates the quarantine of a store.</summary>
    /// <param name="root">The store root.</param>
    /// <param name="logger">Where the log lines go.</param>
    public Quarantine(string root, ILogger logger)
    {
        _root = root;
        _folder = Path.Combine(root, StoreLayout.QuarantineFolder);
        _logger = logger;
    }

    /// <summary>The quarantine folder.</summary>
    public string FolderPath => _folder;

    /// <summary>Moves a file (or folder) into quarantine. Never throws; logs what it did.</summary>
    /// <param name="path">The corrupt file or folder.</param>
    /// <param name="reason">Why it is quarantined.</param>
    /// <returns>The new path, or null when the file could not be moved (it is then left in place).</returns>
    public string? Move(string path, string reason)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            var destination = DestinationFor(path);
            if (Directory.Exists(path))
            {
                Directory.Move(path, destination);
            }
            else
            {
                File.Move(path, destination);
            }

            _logger.LogWarning("POET store: moved corrupt {Path} to {Destination}: {Reason}", path, destination, reason);
            return destination;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                _logger.LogWarning(ex, "POET store: {Path} is corrupt ({Reason}) but could not be moved to {Quarantine}; it is left in place", path, reason, _folder);
            }

            return null;
        }
    }

    /// <summary>Saves bytes cut from a file (for example a torn log tail) into quarantine. Never throws.</summary>
    /// <param name="sourcePath">The file the bytes came from.</param>
    /// <param name="bytes">The bytes.</param>
    /// <param name="reason">Why they were cut.</param>
    /// <returns>The path written, or null when writing failed.</returns>
    public string? Save(string sourcePath, ReadOnlySpan<byte> bytes, string reason)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            var destination = DestinationFor(sourcePath) + ".part";
            AtomicFile.Write(destination, bytes);
            _logger.LogWarning("POET store: {Reason}; {Count} bytes cut from {Path} were saved to {Destination}", reason, bytes.Length, sourcePath, destination);
            return destination;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "POET store: {Reason}; the {Count} bytes cut from {Path} could not be saved to {Quarantine}", reason, bytes.Length, sourcePath, _folder);
            return null;
        }
    }

    private string DestinationFor(string path)
    {
        var relative = Path.GetRelativePath(_root, path)
            .Replace(Path.DirectorySeparatorChar, '_')
            .Replace(Path.AltDirectorySeparatorChar, '_');
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        return Path.Combine(_folder, $"{stamp}-{Guid.NewGuid().ToString("N")[..6]}-{relative}");
    }
}
