using DriftDetection.Detection;

namespace DriftDetection.Sessions;

/// <summary>Creates each stream's detector session on POET.</summary>
public static class DetectorSessions
{
    /// <summary>A fresh session for one stream; its store lives in <c>storeRoot/&lt;group&gt;/&lt;stream&gt;</c>, cleared first.</summary>
    public static IDetectorSession Create(string storeRoot, string streamId, bool useLlm, Learnables learnables = Learnables.ThresholdAndPersistence,
        (double Silent, double Fired)? unlabelled = null, int cooldown = DetectorDefaults.Cooldown, ScoreShape? shape = null)
    {
        // Each run starts from version 1: the demo owns its per-stream folders and clears them.
        var storePath = Path.Combine(storeRoot, streamId.Replace('/', Path.DirectorySeparatorChar));
        if (Directory.Exists(storePath))
        {
            Directory.Delete(storePath, recursive: true);
        }

        return new PoetDetectorSession(storePath, useLlm, learnables, unlabelled, cooldown, shape);
    }

    /// <summary>What runs the learning, for the console and the report.</summary>
    public static string Describe(bool useLlm, Learnables learnables = Learnables.ThresholdAndPersistence) =>
        (useLlm ? "POET (LLM translator)" : "POET (offline translator)") + (learnables switch
        {
            Learnables.Threshold => ", threshold only",
            Learnables.All => ", threshold, persistence and cooldown",
            _ => ", threshold and persistence",
        });
}
