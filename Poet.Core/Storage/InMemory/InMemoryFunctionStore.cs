namespace Poet;

/// <summary>
/// A function store that lives in memory: for tests, and as the smallest example of another backend. Not shared
/// between processes and lost at exit.
/// </summary>
public sealed class InMemoryFunctionStore : IFunctionStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Entry> _functions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store.</summary>
    /// <param name="time">The clock for <see cref="FunctionVersion.CreatedAt"/> (default: system time).</param>
    public InMemoryFunctionStore(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public event EventHandler<FunctionChangedEventArgs>? Changed;

    /// <inheritdoc />
    public IReadOnlyList<string> ListFunctions()
    {
        lock (_gate)
        {
            return [.. _functions.Keys];
        }
    }

    /// <inheritdoc />
    public FunctionVersion? GetCurrent(string functionId)
    {
        lock (_gate)
        {
            return _functions.TryGetValue(functionId, out var entry) ? entry.Versions[entry.Current].Metadata : null;
        }
    }

    /// <inheritdoc />
    public FunctionVersion? GetVersion(string functionId, int version) => Find(functionId, version)?.Metadata;

    /// <inheritdoc />
    public IReadOnlyList<int> GetVersions(string functionId)
    {
        lock (_gate)
        {
            return _functions.TryGetValue(functionId, out var entry) ? [.. entry.Versions.Keys] : [];
        }
    }

    /// <inheritdoc />
    public FunctionPlan? GetPlan(string functionId, int version) => Find(functionId, version)?.Plan;

    /// <inheritdoc />
    public TrainSpec? GetTrainSpec(string functionId, int version) => Find(functionId, version)?.Train;

    /// <inheritdoc />
    public FunctionVersion EnsureCreated(FunctionPlan plan, TrainSpec trainSpec, FunctionVersion initial)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_gate)
        {
            if (_functions.TryGetValue(plan.FunctionId, out var existing))
            {
                return existing.Versions[existing.Current].Metadata;
            }

            var v1 = initial with { FunctionId = plan.FunctionId, Version = 1, Parent = null, CreatedAt = _time.GetUtcNow() };
            var entry = new Entry { Current = 1 };
            entry.Versions[1] = new Stored(v1, plan, trainSpec);
            _functions[plan.FunctionId] = entry;
            return v1;
        }
    }

    /// <inheritdoc />
    public Task<FunctionVersion?> AppendVersionAsync(string functionId, Func<FunctionVersion, FunctionVersion?> derive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(derive);
        cancellationToken.ThrowIfCancellationRequested();
        FunctionVersion? written;
        lock (_gate)
        {
            var entry = GetEntry(functionId);
            var current = entry.Versions[entry.Current];
            var next = derive(current.Metadata);
            if (next is null)
            {
                return Task.FromResult<FunctionVersion?>(null);
            }

            var number = entry.Versions.Keys.Max() + 1;
            written = next with { FunctionId = functionId, Version = number, Parent = current.Metadata.Version, CreatedAt = _time.GetUtcNow() };
            entry.Versions[number] = new Stored(written, current.Plan, current.Train);
            entry.Current = number;
        }

        Changed?.Invoke(this, new FunctionChangedEventArgs(functionId, written.Version));
        return Task.FromResult<FunctionVersion?>(written);
    }

    /// <inheritdoc />
    public Task SetCurrentAsync(string functionId, int version, VersionReason reason, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var entry = GetEntry(functionId);
            if (!entry.Versions.ContainsKey(version))
            {
                throw new KeyNotFoundException(
                    $"Function '{functionId}' has no version {version}; its versions are {string.Join(", ", entry.Versions.Keys)}.");
            }

            entry.Current = version;
            entry.History.Add(reason);
        }

        Changed?.Invoke(this, new FunctionChangedEventArgs(functionId, version));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReplaceTrainSpecAsync(string functionId, int version, TrainSpec trainSpec, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var entry = GetEntry(functionId);
            if (!entry.Versions.TryGetValue(version, out var stored))
            {
                throw new KeyNotFoundException($"Function '{functionId}' has no version {version}.");
            }

            entry.Versions[version] = stored with { Train = trainSpec };
        }

        return Task.CompletedTask;
    }

    private Stored? Find(string functionId, int version)
    {
        lock (_gate)
        {
            return _functions.TryGetValue(functionId, out var entry) && entry.Versions.TryGetValue(version, out var stored) ? stored : null;
        }
    }

    private Entry GetEntry(string functionId) =>
        _functions.TryGetValue(functionId, out var entry)
            ? entry
            : throw new KeyNotFoundException($"No POET function '{functionId}' is registered; call it once through its POET proxy first.");

    private sealed class Entry
    {
        public int Current { get; set; }

        public SortedDictionary<int, Stored> Versions { get; } = [];

        public List<VersionReason> History { get; } = [];
    }

    private sealed record Stored(FunctionVersion Metadata, FunctionPlan Plan, TrainSpec Train);
}
