using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Poet.AspNetCore.Security;

namespace Poet.AspNetCore.Endpoints;

/// <summary>The RFC 7807 problem details the <c>/poet</c> endpoints answer with; each detail says what to fix.</summary>
internal static class PoetProblems
{
    private const string Rfc9110 = "https://tools.ietf.org/html/rfc9110#section-";

    public static ProblemHttpResult MissingApiKey(string headerName, PoetAccess access) => Problem(
        StatusCodes.Status401Unauthorized, "15.5.2", "API key required",
        $"This POET endpoint {(access == PoetAccess.Write ? "changes state and always needs" : "needs")} the API key: " +
        $"send it in the '{headerName}' header (or as 'Authorization: Bearer <key>'). The server reads its key from " +
        $"{PoetEndpointOptions.ApiKeyVariable} or {PoetEndpointOptions.SeedApiKeyVariable}.");

    public static ProblemHttpResult WrongApiKey(string headerName) => Problem(
        StatusCodes.Status403Forbidden, "15.5.4", "API key rejected",
        $"The key sent in '{headerName}' is not this server's API key; check for typos, whitespace or a rotated key, " +
        "and send exactly one key.");

    public static ProblemHttpResult PayloadTooLarge(long limit) => Problem(
        StatusCodes.Status413PayloadTooLarge, "15.5.14", "Request body too large",
        $"The request body exceeds {limit} bytes. Send a smaller payload, or raise PoetEndpointOptions.MaxRequestBodyBytes " +
        $"('{PoetEndpointOptions.SectionName}:MaxRequestBodyBytes').");

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => Problem(
        StatusCodes.Status415UnsupportedMediaType, "15.5.16", "JSON required",
        $"The body was sent as '{contentType}'; send JSON with 'Content-Type: application/json' (UTF-8).");

    public static ProblemHttpResult MalformedJson(string detail) => Problem(
        StatusCodes.Status400BadRequest, "15.5.1", "Malformed JSON", detail);

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(
        errors,
        detail: "Fix the fields listed in 'errors' and send the request again.",
        type: Rfc9110 + "15.5.1",
        title: "Invalid request");

    public static ProblemHttpResult NotFound(string title, string detail) => Problem(
        StatusCodes.Status404NotFound, "15.5.5", title, detail);

    public static ProblemHttpResult Conflict(string title, string detail) => Problem(
        StatusCodes.Status409Conflict, "15.5.10", title, detail);

    public static ProblemHttpResult NotRegistered(string serviceName) => Problem(
        StatusCodes.Status503ServiceUnavailable, "15.6.4", "POET is not registered",
        $"This application has no {serviceName}: register POET in the container with builder.AddPoet(...) " +
        "(Autofac ContainerBuilder) before mapping the /poet endpoints.");

    public static ProblemHttpResult StoreUnavailable(string message) => Problem(
        StatusCodes.Status503ServiceUnavailable, "15.6.4", "POET store unavailable",
        $"The POET store could not be used: {message} Check the store path and its permissions, then retry.");

    public static ProblemHttpResult ServiceFailed(string message) => Problem(
        StatusCodes.Status502BadGateway, "15.6.3", "POET service failed",
        $"The remote POET service failed: {message} Check AITOMATIC_API_URL and the service's health, then retry.");

    public static ProblemHttpResult Unexpected() => Problem(
        StatusCodes.Status500InternalServerError, "15.6.1", "POET failed",
        "POET could not complete this request because of a server-side error; the server log has the details " +
        "under this response's traceId.");

    private static ProblemHttpResult Problem(int status, string section, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: Rfc9110 + section);
}
