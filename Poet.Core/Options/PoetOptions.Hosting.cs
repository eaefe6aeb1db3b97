namespace Poet;

/// <summary>Start-up settings of <see cref="PoetOptions"/> (the hosted service <c>AddPoet</c> registers).</summary>
public sealed partial class PoetOptions
{
    /// <summary>Configuration section <c>services.AddPoet()</c> binds <see cref="PoetOptions"/> from (code still wins).</summary>
    public const string ConfigurationSection = "Poet";

    /// <summary>
    /// In remote mode, how long start-up waits for the POET service's current versions before the app takes traffic
    /// (default 5 s; <see cref="TimeSpan.Zero"/> = do not wait). When the service does not answer in time the app
    /// starts on the last known parameters (the <c>.poet/remote-cache</c>, else the declared defaults) and catches up
    /// in the background. Local mode does not wait: its versions are read from the store.
    /// </summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
