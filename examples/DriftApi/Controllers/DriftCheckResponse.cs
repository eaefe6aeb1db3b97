using DriftApi.Detection;

namespace DriftApi.Controllers;

/// <summary>The answer of <c>POST /drift/check</c>.</summary>
/// <param name="ExecutionId">The POET execution id (also in the <c>X-Poet-Execution-Id</c> header); send feedback on it.</param>
/// <param name="Report">The drift report.</param>
public sealed record DriftCheckResponse(string? ExecutionId, DriftReport Report);
