namespace DriftDetection.Operator;

/// <summary>One message the simulated operator sends about one detector call.</summary>
/// <param name="Kind">What it is about (the simulation's ground truth; the learner sees only the text).</param>
/// <param name="ExecutionId">The execution that produced (or failed to produce) the alert.</param>
/// <param name="Index">The sample the message is about.</param>
/// <param name="Message">The natural-language text.</param>
public sealed record OperatorFeedback(FeedbackKind Kind, string ExecutionId, int Index, string Message);
