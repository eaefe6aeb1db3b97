using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Poet.Remote;

/// <summary>
/// The last version each function received from the service, cached under <c>{StorePath}/remote-cache/</c> (one
/// JSON file per function, written atomically), so an app that starts while the service is down runs with the
/// parameters it learned last rather than the declared defaults. Failures are logged, never thrown.
/// </summary>
internal sealed partial class RemoteParameterCache(RemoteClientOptions options, ILogger<RemoteParameterCache> logger)
{
    /// <summary>The cached version of <paramref name="plan"/>'s function, if one exists and fits the plan's learnables.</summary>
    /// <param name="plan">The function's plan.</param>
    /// <returns>The cached version, or null.</returns>
    public FunctionVersion? TryLoad(FunctionPlan plan)
    {
        var path = PathOf(plan.FunctionId);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var version = JsonSerializer.Deserialize<FunctionVersion>(File.ReadAllBytes(path), RemoteJson.Options);
            if (version is null || version.FunctionId != plan.FunctionId)
            {
                return null;
            }

            // Only values the plan still declares, clamped to its bounds; anything else falls back to the default.
            var parameters = plan.Learnable.ToDictionary(
                p => p.Name,
                p => version.Parameters.TryGetValue(p.Name, out var value) ? p.Clamp(value) : p.Default,
                StringComparer.Ordinal);
            return version with { Parameters = parameters };
        }
        catch (Exception ex)
        {
            LogCacheFailed(logger, "read", path, ex);
            return null;
        }
    }

    /// <summary>Caches <paramref name="version"/> (write to a temporary file, then rename).</summary>
    /// <param name="version">The version received from the service.</param>
    public void Save(FunctionVersion version)
    {
        var path = PathOf(version.FunctionId);
        try
        {
            Directory.CreateDirectory(options.CachePath);
            var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(version, RemoteJson.Options));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex)
        {
            LogCacheFailed(logger, "write", path, ex);
        }
    }

    private string PathOf(string functionId)
    {
        // Readable prefix plus a hash: safe on every file system and unique per id.
        var safe = new string([.. functionId.Take(80).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(functionId)).AsSpan(0, 6));
        return Path.Combine(options.CachePath, $"{safe}.{hash}.json");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "POET could not {Operation} the remote parameter cache {Path}; it keeps running without it")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string path, Exception exception);
}
