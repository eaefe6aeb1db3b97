using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Poet;

namespace DriftApi;

/// <summary>
/// Answers POET's exceptions from controllers as problem details: bad input (Perceive) is 400, an unknown
/// execution 404, a timeout 503, a result that broke an output rule (extreme input) 422; a body too large 413, too
/// slow 408, cut short 400. Anything else falls through to
/// the default 500 problem.
/// </summary>
internal sealed class PoetExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            PoetValidationException => (StatusCodes.Status400BadRequest, "Invalid input"),
            PoetFeedbackException => (StatusCodes.Status404NotFound, "Unknown execution"),
            PoetTimeoutException => (StatusCodes.Status503ServiceUnavailable, "Timed out"),
            PoetEnforcementException => (StatusCodes.Status422UnprocessableEntity, "Result rejected for this input"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Request body too large"),
            BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => (StatusCodes.Status408RequestTimeout, "Request body too slow"),
            BadHttpRequestException => (StatusCodes.Status400BadRequest, "Request body unreadable"),
            _ => (0, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = exception.Message },
        });
    }
}
