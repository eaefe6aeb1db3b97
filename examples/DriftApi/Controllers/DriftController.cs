using System.Text.Json;
using DriftApi.Detection;
using Microsoft.AspNetCore.Mvc;
using Poet;
using Poet.AspNetCore;

namespace DriftApi.Controllers;

/// <summary>Drift checks through POET, and feedback on them.</summary>
[ApiController]
[Route("drift")]
public sealed partial class DriftController(IDriftDetector detector, IPoetFeedback feedback, ILogger<DriftController> logger) : ControllerBase
{
    /// <summary>The response header that carries the execution id of a check.</summary>
    public const string ExecutionIdHeader = "X-Poet-Execution-Id";

    /// <summary>Checks the current window against the reference window.</summary>
    /// <param name="request">The two windows.</param>
    /// <returns>The report and the execution id to send feedback on.</returns>
    [HttpPost("check")]
    [RequestSizeLimit(DriftCheckLimits.MaxBodyBytes)]
    [ProducesResponseType<DriftCheckResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public ActionResult<DriftCheckResponse> Check(DriftCheckRequest request)
    {
        var before = PoetContext.LastExecutionId;
        var report = detector.Detect(request.Reference!, request.Current!, cancellationToken: HttpContext.RequestAborted);
        var after = PoetContext.LastExecutionId;
        var executionId = after is { } id && after != before ? id.Value : null;
        if (executionId is null)
        {
            LogNoExecutionId(logger);
        }
        else
        {
            Response.Headers[ExecutionIdHeader] = executionId;
        }

        return Ok(new DriftCheckResponse(executionId, report));
    }

    /// <summary>Feedback on a check, in any JSON form: text, a rating, a boolean or an object. Needs the POET API key (it changes what is learned).</summary>
    /// <param name="executionId">The check's execution id.</param>
    /// <param name="body">The feedback, passed to POET as it is.</param>
    /// <param name="cancellationToken">Cancelled when the client leaves.</param>
    /// <returns>What the feedback was translated to and what changed.</returns>
    [HttpPost("{executionId}/feedback")]
    [RequirePoetApiKey]
    [RequestSizeLimit(DriftCheckLimits.MaxFeedbackBytes)]
    [ProducesResponseType<FeedbackOutcomeResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<FeedbackOutcomeResponse>> FeedbackAsync(string executionId, [FromBody] JsonElement body, CancellationToken cancellationToken)
    {
        if (!ExecutionId.TryParse(executionId, out var id))
        {
            ModelState.AddModelError(nameof(executionId),
                $"'{Shorten(executionId)}' is not an execution id: use the {ExecutionIdHeader} header (or executionId field) of POST /drift/check.");
            return ValidationProblem(ModelState);
        }

        try
        {
            var outcome = await feedback.FeedbackAsync(id, body.ValueKind == JsonValueKind.Null ? null : body, cancellationToken);
            return Ok(FeedbackOutcomeResponse.From(outcome));
        }
        catch (PoetFeedbackException)
        {
            return Problem(
                detail: $"No POET execution with id {id} is recorded here. Use the {ExecutionIdHeader} header (or executionId field) of a POST /drift/check response.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown execution");
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The drift check produced no POET execution id: is IDriftDetector registered with EnablePoet()?")]
    private static partial void LogNoExecutionId(ILogger logger);
}
