namespace DriftDetection.Sessions;

/// <summary>
/// One stream's detector with its learning: scores the stream (one recorded execution per chunk) and takes feedback on an
/// execution. Implemented by <see cref="PoetDetectorSession"/> (POET container).
/// </summary>
public interface IDetectorSession : IAsyncDisposable
{
    /// <summary>What runs the learning, for the console and the report.</summary>
    string Mode { get; }

    /// <summary>The current version of the detector function (1 = declared defaults).</summary>
    int CurrentVersion { get; }

    /// <summary>The current learned threshold.</summary>
    double CurrentThreshold { get; }

    /// <summary>Scores the whole stream with the current version, one detector call per chunk.</summary>
    Task<ScoredStream> ScoreAsync(double[] series, CancellationToken cancellationToken = default);

    /// <summary>Sends one operator message about the execution with id <paramref name="executionId"/>.</summary>
    Task<LearningStep> FeedbackAsync(string executionId, string message, CancellationToken cancellationToken = default);
}
