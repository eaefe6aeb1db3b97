using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Poet.Remote;

/// <summary>The execution endpoint of the service: appends batches sent by remote clients.</summary>
internal static class ExecutionHandlers
{
    /// <summary><c>POST /poet/service/executions</c> with a JSON array of execution records.</summary>
    public static async Task<IResult> AppendAsync(HttpContext context, PoetServiceEndpointOptions options)
    {
        var store = context.RequestServices.GetService<IExecutionStore>();
        if (store is null)
        {
            return ServiceProblems.Missing(nameof(IExecutionStore));
        }

        var (records, problem) = await ServiceRequestReader.ReadAsync<List<ExecutionRecord>>(context, options.MaxRequestBytes, "array of execution records").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (records!.Count > options.MaxBatchRecords)
        {
            return ServiceProblems.Create(
                StatusCodes.Status413PayloadTooLarge,
                "Batch too large",
                $"A batch may carry at most {options.MaxBatchRecords} records (got {records.Count}); send smaller batches.");
        }

        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (string.IsNullOrEmpty(record.Id.Value) || string.IsNullOrWhiteSpace(record.FunctionId) || record.Version < 1)
            {
                return ServiceProblems.BadRequest($"Record {i} needs an id, a functionId and a version >= 1.");
            }
        }

        await store.AppendAsync(records, context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(new AppendResult(records.Count));
    }

    private sealed record AppendResult(int Stored);
}
