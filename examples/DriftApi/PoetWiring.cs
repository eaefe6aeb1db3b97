// The one place where DriftApi meets POET's Autofac glue.
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
}
