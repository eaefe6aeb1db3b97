// The one place where DriftApi meets POET's Autofac glue.
//
// Until AddPoet/EnablePoet (Poet.Interception) and the learning services (Poet.Learning) are merged, this file
// compiles the #else branch: the plain detector plus simple stand-ins, so the app, its /poet endpoints and its
// tests run today. To switch to real POET, define POET_WIRED for this project, in DriftApi.csproj:
//
//     <PropertyGroup><DefineConstants>$(DefineConstants);POET_WIRED</DefineConstants></PropertyGroup>
//
// (or delete the #else branch and the #if lines). Nothing else changes: the whole-loop tests in
// Poet.Tests/DriftApi/PoetLoopTests.cs read PoetWiring.IsWired and run once it is true.
using Autofac;
using DriftApi.Detection;
using Poet;

namespace DriftApi;

/// <summary>Registers POET and the drift detector in the Autofac container.</summary>
internal static class PoetWiring
{
    /// <summary>The configuration key of the store folder (default <c>.poet</c>; <c>POET_STORE_PATH</c> also works).</summary>
    public const string StorePathKey = "Poet:StorePath";

    /// <summary>The configuration key that turns POET off for the detector (the load test's baseline).</summary>
    public const string EnabledKey = "Poet:Enabled";

#if POET_WIRED
    /// <summary>Whether this build uses real POET (interception, store, learning).</summary>
    public static bool IsWired => true;

    /// <summary>Registers POET and the detector.</summary>
    /// <param name="builder">The container.</param>
    /// <param name="configuration">The app's configuration.</param>
    public static void Configure(ContainerBuilder builder, IConfiguration configuration)
    {
        var storePath = configuration[StorePathKey];
        builder.AddPoet(o =>
        {
            if (!string.IsNullOrWhiteSpace(storePath))
            {
                o.StorePath = storePath;
            }
        });

        if (configuration.GetValue(EnabledKey, defaultValue: true))
        {
            builder.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>().EnablePoet();
        }
        else
        {
            builder.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>();
        }
    }
#else
    /// <summary>Whether this build uses real POET (interception, store, learning).</summary>
    public static bool IsWired => false;

    /// <summary>Registers the plain detector and stand-ins for POET's services.</summary>
    /// <param name="builder">The container.</param>
    /// <param name="configuration">The app's configuration.</param>
    public static void Configure(ContainerBuilder builder, IConfiguration configuration)
    {
        _ = configuration;
        builder.RegisterType<ZScoreDriftDetector>().As<IDriftDetector>();
        builder.RegisterInstance(new InMemoryExecutionStore()).As<IExecutionStore>();
        builder.RegisterType<UnwiredPoetFunctions>().As<IPoetFunctions>().SingleInstance();
        builder.RegisterType<UnwiredPoetFeedback>().As<IPoetFeedback>().SingleInstance();
    }

    private const string NotWired =
        "POET is not wired into this build of DriftApi: define POET_WIRED (see examples/DriftApi/PoetWiring.cs).";

    /// <summary>Stand-in: no functions until POET is wired.</summary>
    private sealed class UnwiredPoetFunctions : IPoetFunctions
    {
        public IReadOnlyList<PoetFunctionInfo> List() => [];

        public PoetFunctionInfo Get(string functionId) => throw new KeyNotFoundException($"No POET function '{functionId}'. {NotWired}");

        public Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken = default) =>
            throw new KeyNotFoundException($"No POET function '{functionId}'. {NotWired}");
    }

    /// <summary>Stand-in: every execution is unknown until POET is wired.</summary>
    private sealed class UnwiredPoetFeedback : IPoetFeedback
    {
        public Task<FeedbackOutcome> FeedbackAsync(object result, object? feedback, CancellationToken cancellationToken = default) =>
            throw new PoetFeedbackException($"The result is not linked to a POET execution. {NotWired}");

        public Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, CancellationToken cancellationToken = default) =>
            throw new PoetFeedbackException($"No execution '{executionId}' is recorded. {NotWired}");
    }
#endif
}
