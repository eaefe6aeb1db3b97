namespace PoetServer;

/// <summary>Marks the PoetServer assembly for <c>WebApplicationFactory&lt;PoetServerMarker&gt;</c> (the global <c>Program</c> is ambiguous in tests).</summary>
public sealed class PoetServerMarker;
