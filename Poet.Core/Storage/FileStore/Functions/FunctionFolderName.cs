using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Poet.Storage.FileStore;

/// <summary>
/// Maps a function id to a folder name that is valid on Linux, macOS and Windows, and back.
/// </summary>
/// <remarks>
/// Ids made of letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (such as <c>IDriftDetector.Detect</c>) are used as they
/// are. Any other character (including <c>~</c> itself) becomes <c>~XX</c>, the hex of each of its UTF-8 bytes, and so
/// do a leading dot, a trailing dot, and the first character of a Windows device name (<c>CON</c>, <c>NUL.x</c>,
/// <c>COM1</c>, ...) or of a name the store uses itself (<c>executions</c>, ...). The mapping is reversible. Names
/// longer than <see cref="MaxLength"/> keep a readable prefix followed by <c>~~</c> and a hash of the id; those are not
/// reversible from the name, so the original id is always kept in the version's <c>metadata.json</c>.
/// </remarks>
internal static class FunctionFolderName
{
    /// <summary>The longest folder name produced (well under the 255-byte limit of common file systems).</summary>
    public const int MaxLength = 120;

    private const string HashMarker = "~~";
    private const int HashChars = 16;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The folder name of a function id.</summary>
    /// <param name="functionId">The function id (not empty).</param>
    /// <returns>A safe folder name.</returns>
    /// <exception cref="ArgumentException">The id is null or empty.</exception>
    public static string Encode(string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        var builder = new StringBuilder(functionId.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < functionId.Length; i++)
        {
            var c = functionId[i];
            var mustEscape = !IsPlain(c)
                || (c == '.' && (i == 0 || i == functionId.Length - 1))
                || (i == 0 && NeedsFirstCharEscape(functionId));
            if (!mustEscape)
            {
                builder.Append(c);
                continue;
            }

            int length;
            if (char.IsHighSurrogate(c) && i + 1 < functionId.Length && char.IsLowSurrogate(functionId[i + 1]))
            {
                length = Encoding.UTF8.GetBytes(functionId.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                // A lone surrogate cannot be UTF-8 encoded; escape it by its code unit so the mapping stays reversible.
                length = char.IsSurrogate(c) ? 0 : Encoding.UTF8.GetBytes([c], utf8);
            }

            if (length == 0)
            {
                builder.Append("~u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                continue;
            }

            foreach (var b in utf8[..length])
            {
                builder.Append('~').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.Length <= MaxLength ? builder.ToString() : Shorten(builder.ToString(), functionId);
    }

    /// <summary>The function id of a folder name, or null when the name is a shortened (hashed) one or not an encoding.</summary>
    /// <param name="folderName">A folder name produced by <see cref="Encode"/>.</param>
    /// <returns>The function id, or null (read the id from the folder's metadata instead).</returns>
    public static string? TryDecode(string folderName)
    {
        if (string.IsNullOrEmpty(folderName) || folderName.Contains(HashMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var bytes = new List<byte>(folderName.Length);
        var result = new StringBuilder(folderName.Length);
        for (var i = 0; i < folderName.Length; i++)
        {
            var c = folderName[i];
            if (c != '~')
            {
                if (!IsPlain(c))
                {
                    return null;
                }

                FlushBytes(bytes, result);
                result.Append(c);
                continue;
            }

            if (i + 5 < folderName.Length && folderName[i + 1] == 'u'
                && ushort.TryParse(folderName.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit))
            {
                FlushBytes(bytes, result);
                result.Append((char)unit);
                i += 5;
                continue;
            }

            if (i + 2 >= folderName.Length
                || !byte.TryParse(folderName.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return null;
            }

            bytes.Add(b);
            i += 2;
        }

        FlushBytes(bytes, result);
        return result.ToString();
    }

    /// <summary>Whether a folder name is a shortened one whose id must be read from its metadata.</summary>
    /// <param name="folderName">The folder name.</param>
    /// <returns><see langword="true"/> when <see cref="TryDecode"/> cannot recover the id.</returns>
    public static bool IsShortened(string folderName) => folderName.Contains(HashMarker, StringComparison.Ordinal);

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';

    private static bool NeedsFirstCharEscape(string id)
    {
        // Windows treats "NUL", "nul.txt" and "NUL .x" as the device; the store's own names must not be shadowed either.
        var dot = id.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? id : id[..dot]).TrimEnd(' ');
        return DeviceNames.Contains(stem) || StoreLayout.ReservedRootNames.Contains(id);
    }

    private static void FlushBytes(List<byte> bytes, StringBuilder result)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        result.Append(Encoding.UTF8.GetString([.. bytes]));
        bytes.Clear();
    }

    private static string Shorten(string encoded, string functionId)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(functionId)))[..HashChars];
        var keep = MaxLength - HashMarker.Length - HashChars;

        // Do not cut an escape sequence in half.
        var cut = keep;
        var tilde = encoded.LastIndexOf('~', cut - 1, Math.Min(cut, 6));
        if (tilde >= 0 && tilde + (tilde + 1 < encoded.Length && encoded[tilde + 1] == 'u' ? 6 : 3) > cut)
        {
            cut = tilde;
        }

        return string.Concat(encoded.AsSpan(0, cut), HashMarker, hash);
    }
}
