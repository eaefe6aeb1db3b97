using Microsoft.AspNetCore.Http;

namespace Poet.Remote;

/// <summary>RFC 7807 problem details for the service endpoints: each says what to fix.</summary>
internal static class ServiceProblems
{
    /// <summary>A problem result.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">A short title.</param>
    /// <param name="detail">What was wrong and how to fix it.</param>
    /// <returns>The result.</returns>
    public static IResult Create(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);

    /// <summary>400: the body or a value is not acceptable.</summary>
    /// <param name="detail">What was wrong and how to fix it.</param>
    /// <returns>The result.</returns>
    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>404: no such function or version.</summary>
    /// <param name="detail">What was not found and how to find it.</param>
    /// <returns>The result.</returns>
    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>503: the host lacks a POET service this endpoint needs.</summary>
    /// <param name="serviceName">The missing service.</param>
    /// <returns>The result.</returns>
    public static IResult Missing(string serviceName) => Create(
        StatusCodes.Status503ServiceUnavailable,
        "POET not configured",
        $"This host has no {serviceName} registered; register POET in the host's container (AddPoet) before mapping the service endpoints.");
}
