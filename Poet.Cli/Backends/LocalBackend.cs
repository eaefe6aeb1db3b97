using Autofac;

namespace Poet.Cli.Backends;

/// <summary>A <c>.poet</c> store folder, opened with POET's own services (the same learning as the app's).</summary>
internal sealed class LocalBackend : IPoetBackend
{
    private readonly IContainer _container;
    private readonly IPoetFeedback _feedback;
    private readonly IPoetFunctions _functions;

    private LocalBackend(IContainer container, string rootPath)
    {
        _container = container;
        Store = container.Resolve<PoetFileStore>();
        Options = container.Resolve<PoetOptions>();
        _feedback = container.Resolve<IPoetFeedback>();
        _functions = container.Resolve<IPoetFunctions>();
        RootPath = rootPath;
    }

    /// <summary>The store's folder (full path).</summary>
    public string RootPath { get; }

    /// <summary>The open store.</summary>
    public PoetFileStore Store { get; }

    /// <summary>The options the store was opened with (retention).</summary>
    public PoetOptions Options { get; }

    /// <inheritdoc />
    public string Description => $"store {RootPath}";

    /// <summary>Opens an existing store folder.</summary>
    /// <param name="path">The folder.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="CliException">The folder does not exist or is not a usable store (exit code 3).</exception>
    public static LocalBackend Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw CliException.Failed(
                $"No POET store at '{full}'. Pass --store DIR (the folder an app's PoetOptions.StorePath names) or set POET_STORE_PATH, " +
                "or --service URL for a POET service.");
        }

        var builder = new ContainerBuilder();
        builder.AddPoet(o =>
        {
            o.StorePath = full;
            o.UseLocal();
        });
        var container = builder.Build();
        try
        {
            return new LocalBackend(container, full);
        }
        catch (Exception ex) when (ex is Autofac.Core.DependencyResolutionException)
        {
            container.Dispose();
            throw CliException.Failed($"Cannot open the POET store at '{full}': {(ex.InnerException ?? ex).Message}", ex);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FunctionRow>> ListFunctionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FunctionRow>>([.. _functions.List().Select(f => new FunctionRow(f.FunctionId, f.CurrentVersion, f.Parameters))]);

    /// <inheritdoc />
    public Task<FunctionDetails> GetFunctionAsync(string functionId, CancellationToken cancellationToken)
    {
        var current = Store.Functions.GetCurrent(functionId) ?? throw NotFound(functionId);
        var versions = Store.Functions.GetVersions(functionId)
            .Select(v => Store.Functions.GetVersion(functionId, v))
            .OfType<FunctionVersion>()
            .Select(v => new VersionRow(v.Version, v.Version == current.Version, v.Parent, v.CreatedAt, v.Parameters, v.Reason.Kind, v.Reason.FeedbackIds, v.Reason.Rationale))
            .ToList();
        return Task.FromResult(new FunctionDetails(functionId, current.Version, current.Parameters, versions));
    }

    /// <inheritdoc />
    public async Task RollbackAsync(string functionId, int version, CancellationToken cancellationToken)
    {
        if (Store.Functions.GetCurrent(functionId) is null)
        {
            throw NotFound(functionId);
        }

        try
        {
            await _functions.RollbackAsync(functionId, version, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException ex)
        {
            throw CliException.NotFound(ex.Message);
        }
    }

    /// <inheritdoc />
    public Task<FeedbackOutcome> FeedbackAsync(ExecutionId executionId, object? feedback, FeedbackOptions options, CancellationToken cancellationToken) =>
        _feedback.FeedbackAsync(executionId, feedback, options, cancellationToken);

    /// <inheritdoc />
    public Task<FeedbackBatchOutcome> FeedbackBatchAsync(IReadOnlyList<FeedbackItem> items, CancellationToken cancellationToken) =>
        _feedback.FeedbackBatchAsync(items, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private CliException NotFound(string functionId) => CliException.NotFound(
        $"No function '{functionId}' in {Description}. List the ids with 'poet functions'.");
}
