namespace Poet.Interception;

/// <summary>Runs a POET call for one kind of return type (sync, <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c>).</summary>
internal abstract class ReturnAdapter
{
    /// <summary>Runs Perceive, Operate and Enforce for the call and sets the invocation's return value.</summary>
    /// <param name="call">The execution.</param>
    public abstract void Intercept(PoetCall call);
}
