namespace Poet.Remote;

/// <summary>The data of a <c>version</c> event.</summary>
/// <param name="FunctionId">The function whose current version changed.</param>
/// <param name="Version">Its new current version.</param>
internal sealed record VersionEvent(string FunctionId, int Version);
