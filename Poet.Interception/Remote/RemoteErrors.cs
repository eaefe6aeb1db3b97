namespace Poet.Remote;

/// <summary>Builds the <see cref="PoetServiceException"/>s of remote mode: each message names the URL and the cause.</summary>
internal static class RemoteErrors
{
    private const string StatusKey = "Poet.HttpStatus";

    /// <summary>The service could not be reached (connection refused, DNS, timeout).</summary>
    /// <param name="url">The URL called.</param>
    /// <param name="cause">The transport failure.</param>
    /// <returns>The exception.</returns>
    public static PoetServiceException Unreachable(Uri url, Exception cause)
    {
        var reason = cause switch
        {
            TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "it did not answer in time",
            _ => Innermost(cause).Message,
        };
        return new PoetServiceException(
            $"The POET service at {url} could not be reached: {reason}. Check that it runs and that {PoetOptions.ServiceUrlVariable} points to it.",
            cause);
    }

    /// <summary>The service refused the API key.</summary>
    /// <param name="url">The URL called.</param>
    /// <param name="status">401 or 403.</param>
    /// <param name="keySent">Whether a key was sent.</param>
    /// <returns>The exception.</returns>
    public static PoetServiceException Unauthorized(Uri url, int status, bool keySent)
    {
        var what = keySent
            ? $"rejected the API key (HTTP {status})"
            : $"requires an API key (HTTP {status}) and none was sent";
        var error = new PoetServiceException(
            $"Unauthorized: the POET service at {url} {what}. Set {PoetOptions.ServiceApiKeyVariable} (or the apiKey of UseService) to the key the service was started with.");
        error.Data[StatusKey] = status;
        return error;
    }

    /// <summary>The service answered with an error status.</summary>
    /// <param name="url">The URL called.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="detail">The problem detail the service gave, if any.</param>
    /// <returns>The exception.</returns>
    public static PoetServiceException Failed(Uri url, int status, string? detail)
    {
        var error = new PoetServiceException(
            $"The POET service at {url} answered HTTP {status}" + (string.IsNullOrWhiteSpace(detail) ? "." : $": {detail}"));
        error.Data[StatusKey] = status;
        return error;
    }

    /// <summary>Whether <paramref name="error"/> reports a refused key.</summary>
    /// <param name="error">A remote-mode exception.</param>
    /// <returns><see langword="true"/> for 401/403.</returns>
    public static bool IsUnauthorized(PoetServiceException error) => Status(error) is 401 or 403;

    /// <summary>The HTTP status the service answered, or null when it was not reached.</summary>
    /// <param name="error">A remote-mode exception.</param>
    /// <returns>The status.</returns>
    public static int? Status(PoetServiceException error) => error.Data[StatusKey] as int?;

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error;
    }
}
