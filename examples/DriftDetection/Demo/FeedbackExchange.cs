using DriftDetection.Operator;
using DriftDetection.Sessions;

namespace DriftDetection.Demo;

/// <summary>One operator message and what the detector learned from it.</summary>
/// <param name="Feedback">The message.</param>
/// <param name="Step">What learning did with it.</param>
/// <param name="SentAfter">The first sample of the call after the one the operator answered: what the message changes applies from there on.</param>
public sealed record FeedbackExchange(OperatorFeedback Feedback, LearningStep Step, int SentAfter);
