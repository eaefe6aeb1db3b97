using System.Globalization;
using DriftDetection.Demo;

namespace DriftDetection.Cli;

/// <summary>Says which translator really read the feedback: with <c>--llm</c>, messages the LLM did not answer fall back to the offline translator.</summary>
public static class TranslatorCheck
{
    /// <summary>The learning mode as it happened, and warnings when the configured LLM was not the one that translated.</summary>
    public static (string Mode, IReadOnlyList<string> Warnings) Describe(IReadOnlyList<StreamRun> runs, bool useLlm)
    {
        if (!useLlm)
        {
            return ("POET (offline translator)", []);
        }

        var steps = runs.SelectMany(r => r.Exchanges).Select(e => e.Step).ToList();
        var byLlm = steps.Count(s => s.Translator == "llm");
        if (byLlm == steps.Count)
        {
            return ("POET (LLM translator)", []);
        }

        var mode = byLlm == 0 ? "POET (offline translator: the LLM did not answer)" : "POET (LLM translator, partly offline)";
        var warning = string.Format(CultureInfo.InvariantCulture,
            "--llm was set, but {0} of {1} feedback messages were translated offline: the LLM at {2} did not answer them (check that Ollama runs there and has the model).",
            steps.Count - byLlm, steps.Count, Environment.GetEnvironmentVariable(Poet.PoetOptions.OllamaUrlVariable) ?? "POET_OLLAMA_URL");
        return (mode, [warning]);
    }
}
