namespace Poet.Remote;

/// <summary>The settings of remote mode, derived from <see cref="PoetOptions"/> (tests shorten the intervals).</summary>
internal sealed record RemoteClientOptions
{
    /// <summary>The service's base URL.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The API key sent in <see cref="RemoteRoutes.ApiKeyHeader"/>, or null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The local store folder; the last parameters seen are cached under <c>{StorePath}/remote-cache</c>.</summary>
    public string StorePath { get; init; } = ".poet";

    /// <summary>How many execution records may wait to be sent before new ones are dropped.</summary>
    public int RecorderCapacity { get; init; } = 65_536;

    /// <summary>
    /// What the recorder's queue does when full (<see cref="PoetOptions.RecordingOverflow"/>): drop and count (default),
    /// or make the caller wait.
    /// </summary>
    public RecordingOverflowMode RecordingOverflow { get; init; } = RecordingOverflowMode.Drop;

    /// <summary>How much of each argument and result value is recorded (the <c>MaxRecorded*</c> options; defaults when null).</summary>
    public PoetOptions? RecordedValueLimits { get; init; }

    /// <summary>Below this many records a batch waits up to <see cref="FlushInterval"/> for more before the next is sent.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>How long a partly filled batch waits for more records before it is sent.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether the catalog holds the service's version event stream open (default true; false: poll only).</summary>
    public bool UseVersionEvents { get; init; } = true;

    /// <summary>How often the catalog still polls while the version event stream is open (a safety net; default 30 s).</summary>
    public TimeSpan EventsPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the catalog asks the service for new versions (ETag, so unchanged versions cost a 304).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between attempts while the service is down.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a TCP connect may take: a service that is down fails fast.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The time budget of one background request (registration, polling, a batch), retries included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The time budget of one feedback call (the service translates, possibly with an LLM, and trains).</summary>
    public TimeSpan FeedbackTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the parameter cache lives.</summary>
    public string CachePath => Path.Combine(StorePath, "remote-cache");

    /// <summary>Remote settings from POET options.</summary>
    /// <param name="options">The options; <see cref="PoetOptions.ServiceEndpoint"/> must be set.</param>
    /// <returns>The settings.</returns>
    public static RemoteClientOptions From(PoetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = options.ServiceEndpoint
            ?? throw new InvalidOperationException($"Remote mode needs a service URL: call UseService(...) or set {PoetOptions.ServiceUrlVariable}.");
        return new RemoteClientOptions
        {
            Endpoint = endpoint,
            ApiKey = options.ServiceApiKey,
            StorePath = options.StorePath,
            RecorderCapacity = Math.Max(1, options.RecorderCapacity),
            RecordingOverflow = options.RecordingOverflow,
            RecordedValueLimits = options,
        };
    }
}
