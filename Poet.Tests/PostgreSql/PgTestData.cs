namespace Poet.Tests.PostgreSql;

/// <summary>Plans, versions and records for the PostgreSQL tests.</summary>
internal static class PgTestData
{
    public const string FunctionId = "IDriftDetector.Detect";

    public static FunctionPlan Plan(string functionId = FunctionId) => new()
    {
        FunctionId = functionId,
        InterfaceName = "IDriftDetector",
        MethodName = "Detect",
        Domain = "ml_monitoring",
        OptimizeFor = "accuracy",
        Learnable = [new LearnableParameterSpec { Name = "threshold", Min = 0.01, Max = 10, Default = 3, Step = 0.3, MaxStep = 1 }],
    };

    public static TrainSpec Train(string functionId = FunctionId) => new() { FunctionId = functionId };

    public static FunctionVersion Initial(string functionId = FunctionId) => new()
    {
        FunctionId = functionId,
        Version = 1,
        Parameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
    };

    public static FunctionVersion Create(IFunctionStore store, string functionId = FunctionId) =>
        store.EnsureCreated(Plan(functionId), Train(functionId), Initial(functionId));

    /// <summary>A derive step that raises the threshold by <paramref name="delta"/>, naming the feedback.</summary>
    public static Func<FunctionVersion, FunctionVersion?> Raise(double delta, string feedbackId = "fb") => current => current with
    {
        Parameters = new Dictionary<string, double> { ["threshold"] = current.Parameters["threshold"] + delta },
        Reason = new VersionReason { Kind = "feedback", FeedbackIds = [feedbackId], Rationale = "test" },
    };

    public static ExecutionRecord Record(DateTimeOffset? at = null, string functionId = FunctionId) => new()
    {
        Id = ExecutionId.New(at ?? DateTimeOffset.UtcNow),
        FunctionId = functionId,
        Version = 1,
        StartedAt = at ?? DateTimeOffset.UtcNow,
        DurationMs = 0.42,
        Outcome = ExecutionOutcome.Success,
        Arguments = new Dictionary<string, object?> { ["reference"] = new[] { 1.0, 2.0 }, ["note"] = "naïve \"quoted\"" },
        LearnedParameters = new Dictionary<string, double> { ["threshold"] = 3.0 },
        Result = new { drift = true, score = 4.2 },
    };

    /// <summary>Waits (polling every 20 ms, at most <paramref name="limit"/>) until the condition holds; false when it never did.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
