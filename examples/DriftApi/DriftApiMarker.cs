namespace DriftApi;

/// <summary>
/// Names this assembly for <c>WebApplicationFactory&lt;DriftApiMarker&gt;</c> (the global <c>Program</c> type is
/// ambiguous when a test project references several web apps).
/// </summary>
public sealed class DriftApiMarker;
