namespace Poet.AspNetCore.Security;

/// <summary>Registered by <c>AddPoetEndpoints</c>; lets <c>MapPoetEndpoints</c> tell the user when it was forgotten.</summary>
internal sealed class PoetEndpointsMarker;
