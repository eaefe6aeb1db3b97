// Castle hands return values around as object: the ValueTasks here are boxed for the caller or unboxed from the
// target, and each is consumed exactly once (by the caller, or by Await's single consumer).
#pragma warning disable CA2012

namespace Poet.Interception;

/// <summary>Runs methods returning <see cref="Task{TResult}"/>.</summary>
/// <typeparam name="T">The task's result type.</typeparam>
internal sealed class TaskOfTReturnAdapter<T> : AsyncReturnAdapter<T>
{
    /// <inheritdoc />
    protected override ValueTask<T> Await(object? returnValue) => returnValue is Task<T> task ? new ValueTask<T>(task) : default;

    /// <inheritdoc />
    protected override object? Completed(object? original, T result) => original;

    /// <inheritdoc />
    protected override object FromTask(Task<T> task) => task;

    /// <inheritdoc />
    protected override object Faulted(Exception exception) => Task.FromException<T>(exception);
}

/// <summary>Runs methods returning <see cref="Task"/>.</summary>
internal sealed class TaskReturnAdapter : AsyncReturnAdapter<NoResult>
{
    /// <inheritdoc />
    protected override ValueTask<NoResult> Await(object? returnValue) =>
        returnValue is Task task && !task.IsCompletedSuccessfully ? new ValueTask<NoResult>(AwaitAsync(task)) : default;

    /// <inheritdoc />
    protected override object? Completed(object? original, NoResult result) => original;

    /// <inheritdoc />
    protected override object FromTask(Task<NoResult> task) => task;

    /// <inheritdoc />
    protected override object Faulted(Exception exception) => Task.FromException(exception);

    /// <inheritdoc />
    protected override object? Box(NoResult result) => null;

    private static async Task<NoResult> AwaitAsync(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}

/// <summary>Runs methods returning <see cref="ValueTask{TResult}"/>.</summary>
/// <typeparam name="T">The value task's result type.</typeparam>
internal sealed class ValueTaskOfTReturnAdapter<T> : AsyncReturnAdapter<T>
{
    /// <inheritdoc />
    protected override ValueTask<T> Await(object? returnValue) => returnValue is ValueTask<T> pending ? pending : default;

    /// <inheritdoc />
    protected override object? Completed(object? original, T result) => new ValueTask<T>(result);

    /// <inheritdoc />
    protected override object FromTask(Task<T> task) => new ValueTask<T>(task);

    /// <inheritdoc />
    protected override object Faulted(Exception exception) => ValueTask.FromException<T>(exception);
}

/// <summary>Runs methods returning <see cref="ValueTask"/>.</summary>
internal sealed class ValueTaskReturnAdapter : AsyncReturnAdapter<NoResult>
{
    private static readonly object CompletedValueTask = default(ValueTask);

    /// <inheritdoc />
    protected override ValueTask<NoResult> Await(object? returnValue)
    {
        if (returnValue is not ValueTask pending)
        {
            return default;
        }

        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult(); // releases a pooled source, as awaiting would
            return default;
        }

        return new ValueTask<NoResult>(AwaitAsync(pending));
    }

    /// <inheritdoc />
    protected override object? Completed(object? original, NoResult result) => CompletedValueTask;

    /// <inheritdoc />
    protected override object FromTask(Task<NoResult> task) => new ValueTask(task);

    /// <inheritdoc />
    protected override object Faulted(Exception exception) => ValueTask.FromException(exception);

    /// <inheritdoc />
    protected override object? Box(NoResult result) => null;

    private static async Task<NoResult> AwaitAsync(ValueTask pending)
    {
        await pending.ConfigureAwait(false);
        return default;
    }
}
