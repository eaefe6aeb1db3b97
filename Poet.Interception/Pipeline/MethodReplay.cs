using System.Reflection;
using System.Text.Json;

namespace Poet.Interception;

/// <summary>
/// The replay of a method declared <see cref="PoetAttribute.Replayable"/>: rebuilds its arguments from an execution record
/// (live objects, or JSON read back from the log), puts candidate learned values in the learnable slots, and calls the
/// implementation that served the latest call directly (not through the proxy: nothing is recorded). Registered with
/// <see cref="FunctionReplays"/> when a call is served by a new implementation instance.
/// </summary>
internal sealed class MethodReplay
{
    private readonly string _functionId;
    private readonly MethodInfo _method;
    private readonly ParameterInfo[] _parameters;
    private readonly LearnableSlot[] _learnables;
    private readonly FunctionReplays _replays;
    private readonly FunctionReplay _replay;
    private object? _target;

    private MethodReplay(string functionId, MethodInfo method, LearnableSlot[] learnables, FunctionReplays replays)
    {
        _functionId = functionId;
        _method = method;
        _parameters = method.GetParameters();
        _learnables = learnables;
        _replays = replays;
        _replay = Replay;
    }

    /// <summary>The replay of <paramref name="method"/>, or null when it is not declared replayable or cannot be replayed (asynchronous, by-ref or void).</summary>
    /// <param name="functionId">The function id.</param>
    /// <param name="method">The interface method.</param>
    /// <param name="attribute">Its POET attribute.</param>
    /// <param name="learnables">Its learnable slots.</param>
    /// <param name="replays">Where replays are registered.</param>
    /// <returns>The replay, or null.</returns>
    public static MethodReplay? Create(string functionId, MethodInfo method, PoetAttribute attribute, LearnableSlot[] learnables, FunctionReplays replays)
    {
        var returns = method.ReturnType;
        if (!attribute.Replayable || returns == typeof(void) || typeof(System.Threading.Tasks.Task).IsAssignableFrom(returns)
            || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>)) || returns == typeof(ValueTask)
            || method.GetParameters().Any(p => p.ParameterType.IsByRef))
        {
            return null;
        }

        return new MethodReplay(functionId, method, learnables, replays);
    }

    /// <summary>Notes the implementation that serves a call; registers the replay when it is a new one.</summary>
    /// <param name="target">The invocation target.</param>
    public void Observe(object? target)
    {
        if (target is null || ReferenceEquals(target, _target))
        {
            return;
        }

        _target = target;
        _replays.Register(_functionId, _replay);
    }

    private object? Replay(ExecutionRecord execution, IReadOnlyDictionary<string, double> learned)
    {
        var target = _target;
        if (target is null)
        {
            return null;
        }

        try
        {
            var arguments = new object?[_parameters.Length];
            for (var i = 0; i < _parameters.Length; i++)
            {
                var parameter = _parameters[i];
                var slot = Array.Find(_learnables, s => s.Position == i);
                if (slot is not null)
                {
                    var value = learned.TryGetValue(slot.Spec.Name, out var candidate) ? candidate
                        : execution.LearnedParameters.TryGetValue(slot.Spec.Name, out var used) ? used : slot.Spec.Default;
                    arguments[i] = slot.Box(value);
                }
                else if (parameter.ParameterType == typeof(CancellationToken))
                {
                    arguments[i] = CancellationToken.None;
                }
                else if (!execution.Arguments.TryGetValue(parameter.Name ?? string.Empty, out var recorded)
                    || recorded is string text && text == SensitiveAttribute.RedactedMarker && parameter.ParameterType != typeof(string))
                {
                    return null; // not recorded (or redacted): this execution cannot be replayed
                }
                else
                {
                    arguments[i] = recorded is JsonElement json ? json.Deserialize(parameter.ParameterType) : recorded;
                }
            }

            return _method.Invoke(target, arguments);
        }
        catch (Exception)
        {
            return null; // a replay that cannot run teaches nothing; it never fails feedback
        }
    }
}
