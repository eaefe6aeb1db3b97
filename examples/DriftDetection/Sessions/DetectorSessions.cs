namespace DriftDetection.Sessions;

/// <summary>Creates each stream's detector session: real POET when POET_WIRED is defined (see DriftDetection.csproj), else the temporary learner.</summary>
public static class DetectorSessions
{
    /// <summary>A fresh session for one stream; with POET its store lives in <c>storeRoot/&lt;group&gt;/&lt;stream&gt;</c>, cleared first.</summary>
    public static IDetectorSession Create(string storeRoot, string streamId, bool useLlm)
    {
#if POET_WIRED
        // Each run starts from version 1: the demo owns its per-stream folders and clears them.
        var storePath = Path.Combine(storeRoot, streamId.Replace('/', Path.DirectorySeparatorChar));
        if (Directory.Exists(storePath))
        {
            Directory.Delete(storePath, recursive: true);
        }

        return new PoetDetectorSession(storePath, useLlm);
#else
        _ = storeRoot;
        _ = streamId;
        _ = useLlm;
        return new TemporaryLocalLearningSession();
#endif
    }

    /// <summary>What runs the learning in this build, for the console and the report.</summary>
    public static string Describe(bool useLlm) =>
        IsPoetWired ? (useLlm ? "POET (LLM translator)" : "POET (offline translator)") : "temporary in-demo learner (POET not wired yet)";

    /// <summary>Whether the real POET container is wired in this build.</summary>
    public static bool IsPoetWired =>
#if POET_WIRED
        true;
#else
        false;
#endif
}
