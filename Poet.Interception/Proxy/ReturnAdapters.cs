namespace Poet.Interception;

/// <summary>Picks the <see cref="ReturnAdapter"/> for a method's return type (once per method).</summary>
internal static class ReturnAdapters
{
    /// <summary>The adapter for a return type, and the type of the result Enforce checks (null for no result).</summary>
    /// <param name="returnType">The method's return type.</param>
    /// <returns>The adapter and the result type.</returns>
    public static (ReturnAdapter Adapter, Type? ResultType) For(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return (SyncReturnAdapter.Instance, null);
        }

        if (returnType == typeof(Task))
        {
            return (new TaskReturnAdapter(), null);
        }

        if (returnType == typeof(ValueTask))
        {
            return (new ValueTaskReturnAdapter(), null);
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            var result = returnType.GetGenericArguments()[0];
            if (definition == typeof(Task<>))
            {
                return (Create(typeof(TaskOfTReturnAdapter<>), result), result);
            }

            if (definition == typeof(ValueTask<>))
            {
                return (Create(typeof(ValueTaskOfTReturnAdapter<>), result), result);
            }
        }

        return (SyncReturnAdapter.Instance, returnType);
    }

    private static ReturnAdapter Create(Type adapter, Type result) =>
        (ReturnAdapter)Activator.CreateInstance(adapter.MakeGenericType(result))!;
}
