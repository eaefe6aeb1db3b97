using DriftDetection.Operator;
using DriftDetection.Sessions;

namespace DriftDetection.Demo;

/// <summary>One operator message and what the detector learned from it.</summary>
public sealed record FeedbackExchange(OperatorFeedback Feedback, LearningStep Step);
