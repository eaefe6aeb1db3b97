using DriftDetection.Detection;

namespace DriftDetection.Sessions;

/// <summary>
/// One stream's detector with its learning: scores chunks of the stream (one recorded execution per chunk) and takes
/// feedback on an execution. Implemented by <see cref="PoetDetectorSession"/> (POET container).
/// </summary>
public interface IDetectorSession : IAsyncDisposable
{
    /// <summary>What runs the learning, for the console and the report.</summary>
    string Mode { get; }

    /// <summary>The current version of the detector function (1 = declared defaults).</summary>
    int CurrentVersion { get; }

    /// <summary>The current learned values.</summary>
    DetectorValues Current { get; }

    /// <summary>Scores one chunk with the current version: one detector call.</summary>
    ScoredChunk ScoreChunk(double[] series, StreamChunks.Slice slice);

    /// <summary>Scores the whole stream with the current version, one detector call per chunk.</summary>
    ScoredStream Score(double[] series);

    /// <summary>Sends one operator message about the execution with id <paramref name="executionId"/>.</summary>
    Task<LearningStep> FeedbackAsync(string executionId, string message, CancellationToken cancellationToken = default);
}
