namespace Poet.Remote;

/// <summary>The paths of the POET service that a remote-mode client calls (relative to the service's base URL).</summary>
internal static class RemoteRoutes
{
    /// <summary>The prefix of the endpoints only remote clients need (<c>MapPoetServiceEndpoints</c>).</summary>
    public const string ServicePrefix = "/poet/service";

    /// <summary>The header that carries the API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary><c>POST</c> a <see cref="FunctionPlan"/>: writes v1 when new, answers the current <see cref="FunctionVersion"/>.</summary>
    public const string Functions = ServicePrefix + "/functions";

    /// <summary><c>POST</c> a JSON array of <see cref="ExecutionRecord"/>: appended to the service's execution store.</summary>
    public const string Executions = ServicePrefix + "/executions";

    /// <summary>The version event stream (server-sent events).</summary>
    public const string Events = ServicePrefix + "/events";

    /// <summary><c>POST</c> <c>{ "executionId": "...", "feedback": any }</c>: the public feedback endpoint (<c>MapPoetEndpoints</c>).</summary>
    public const string Feedback = "/poet/feedback";

    /// <summary>
    /// The content type of the compact execution batch on <see cref="Executions"/>: one execution per line, each line the
    /// JSON object the execution log stores (see docs/remote-wire-format.md).
    /// </summary>
    public const string JsonLinesMediaType = "application/x-ndjson";

    /// <summary>The header that names one feedback, so that a retried <see cref="Feedback"/> post applies it once.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary><c>GET</c> one function (<see cref="PoetFunctionInfo"/>).</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The relative path.</returns>
    public static string Function(string functionId) => $"{Functions}/{Uri.EscapeDataString(functionId)}";

    /// <summary><c>GET</c> the current version, with <c>If-None-Match</c> (answers 304 while unchanged).</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The relative path.</returns>
    public static string Current(string functionId) => $"{Function(functionId)}/current";

    /// <summary><c>POST</c> <c>{ "version": n }</c>: makes version n current.</summary>
    /// <param name="functionId">The function id.</param>
    /// <returns>The relative path.</returns>
    public static string Rollback(string functionId) => $"{Function(functionId)}/rollback";
}
