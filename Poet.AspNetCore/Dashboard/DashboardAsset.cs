using System.Security.Cryptography;

namespace Poet.AspNetCore.Dashboard;

/// <summary>One file of the dashboard, embedded in the assembly: its bytes, content type and entity tag.</summary>
/// <param name="Name">The file name, as in the URL.</param>
/// <param name="ContentType">The content type it is served with.</param>
/// <param name="Content">The bytes.</param>
internal sealed record DashboardAsset(string Name, string ContentType, byte[] Content)
{
    /// <summary>The entity tag: a hash of the content.</summary>
    public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(Content).AsSpan(0, 12)) + "\"";

    /// <summary>The dashboard's files, read once from the assembly's resources <c>Poet.Dashboard.{name}</c>.</summary>
    public static IReadOnlyDictionary<string, DashboardAsset> All { get; } = Load(
        ("index.html", "text/html; charset=utf-8"),
        ("dashboard.css", "text/css; charset=utf-8"),
        ("dashboard.js", "text/javascript; charset=utf-8"),
        ("chart.js", "text/javascript; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"));

    private static Dictionary<string, DashboardAsset> Load(params (string Name, string ContentType)[] files)
    {
        var assembly = typeof(DashboardAsset).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var (name, contentType) in files)
        {
            using var stream = assembly.GetManifestResourceStream("Poet.Dashboard." + name)
                ?? throw new InvalidOperationException($"The dashboard file '{name}' is not embedded in {assembly.GetName().Name}: the build is broken.");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            assets[name] = new DashboardAsset(name, contentType, buffer.ToArray());
        }

        return assets;
    }
}
