namespace Poet.Tests.Remote;

/// <summary>Plans, records and client containers for the remote-mode tests.</summary>
internal static class RemoteTestData
{
    public const string FunctionId = "IDriftDetector.Detect";

    public static FunctionPlan Plan(string functionId = FunctionId) => new()
    {
        FunctionId = functionId,
        InterfaceName = "IDriftDetector",
        MethodName = "Detect",
        Signature = "DriftReport Detect(double[] reference, double[] current, double threshold = 3.0)",
        Domain = "ml_monitoring",
        OptimizeFor = "accuracy",
        Learnable = [LearnableParameterSpec.Create("threshold", 2, 0.01, 10, 0, 3.0, isInteger: false)],
    };

    public static ExecutionRecord Record(string functionId = FunctionId, int version = 1, object? result = null) => new()
    {
        Id = ExecutionId.New(),
        FunctionId = functionId,
        Version = version,
        StartedAt = DateTimeOffset.UtcNow,
        DurationMs = 0.42,
        Outcome = ExecutionOutcome.Success,
        Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["current"] = new[] { 1.5, 9.0 } },
        LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
        Result = result ?? new { drift = true, score = 4.2 },
    };

    public static string TempStore()
    {
        var path = Path.Combine(Path.GetTempPath(), "poet-remote-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
