namespace Poet.Tests.Learning;

/// <summary>
/// Phrasings written after the lexicon was frozen and never tuned against: an honest estimate of how the offline
/// translator does on text it was not built around. The figure is printed, and must stay above 75%.
/// </summary>
public static class HeldOutPhrasings
{
    public static IReadOnlyList<Phrasing> All { get; } =
    [
        new("nah this one's bogus, metric's been flat all week", true, +1, "false alarm"),
        new("Ugh, another page for a traffic blip", true, +1, "false alarm"),
        new("this fired because of the DST change, not a real shift", true, +1, "false alarm"),
        new("dismissed - known data delay from the vendor", true, +1, "false alarm"),
        new("pls stop alerting on backfills", true, +1, "false alarm"),
        new("That's a false positive imo", true, +1, "false alarm"),
        new("the 'drift' is just the new marketing campaign, totally expected", true, +1, "false alarm"),
        new("Nothing actionable here, closing", true, +1, "false alarm"),
        new("we investigated for an hour and found nothing", true, +1, "false alarm"),
        new("overly twitchy detector", true, +1, "false alarm"),
        new("this is the fourth false page today", true, +1, "false alarm"),
        new("not an issue", true, +1, "false alarm"),

        new("the feature store went stale for 6 hours and this stayed green", false, -1, "missed event"),
        new("huge shift in input distribution, zero alerts", false, -1, "missed event"),
        new("How did we not get alerted on this??", false, -1, "missed event"),
        new("Monitor failed us - the model was serving garbage for a day", false, -1, "missed event"),
        new("needs to be more sensitive, the regression went unnoticed", false, -1, "missed event"),
        new("this should definitely have triggered", false, -1, "missed event"),
        new("missed again", false, -1, "missed event"),
        new("it was clearly anomalous and nothing happened", false, -1, "missed event"),
        new("we only noticed because accuracy tanked", false, -1, "missed event"),
        new("silent during the incident. not good.", false, -1, "missed event"),

        new("yep, that was the schema change, thanks for flagging", true, 0, "correct"),
        new("confirmed, rolled back the upstream job", true, 0, "correct"),
        new("Legit drift, retraining now", true, 0, "correct"),
        new("great alert, exactly when we needed it", true, 0, "correct"),
        new("right call staying quiet, that dip was seasonal", false, 0, "correct"),
        new("Accurate as always 🙌", true, 0, "correct"),
        new("this alert helped us catch a bad deploy", true, 0, "correct"),
        new("all good, nothing to report and nothing reported", false, 0, "correct"),

        new("adding @maria to the thread", true, 0, "irrelevant"),
        new("Is there a runbook for this service?", true, 0, "irrelevant"),
        new("ack", true, 0, "irrelevant"),
        new("will look tomorrow", false, 0, "irrelevant"),
        new("cc data-platform", true, 0, "irrelevant"),
        new("Reminder: on-call handover at 5", false, 0, "irrelevant"),
        new("the dashboard is loading slowly today", true, 0, "irrelevant"),
        new("testing 1 2 3", false, 0, "irrelevant"),
    ];
}
