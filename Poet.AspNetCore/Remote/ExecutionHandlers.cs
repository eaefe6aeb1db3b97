using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Poet.Storage.FileStore;

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

        switch (ExecutionBatchFormat.Of(context.Request.ContentType, out var version))
        {
            case ExecutionBatchFormat.Kind.JsonLines:
                return await AppendJsonLinesAsync(context, store, options).ConfigureAwait(false);
            case ExecutionBatchFormat.Kind.UnknownVersion:
                return ServiceProblems.Create(
                    StatusCodes.Status415UnsupportedMediaType,
                    "Execution batch version not supported",
                    $"This service reads execution batches of version {ExecutionBatchFormat.Version} ({ExecutionBatchFormat.ContentType}); the batch says version '{version}'. " +
                    "Send the batch in a version this service reads, or upgrade the service (docs/remote-wire-format.md).");
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

    /// <summary>
    /// The compact batch: one execution per line, each the JSON object the execution log stores. Every line is checked
    /// before anything is stored, so a bad line refuses the whole batch (400 naming the line). A store that takes lines
    /// (the file and PostgreSQL stores) gets them as they are; any other store gets records.
    /// </summary>
    private static async Task<IResult> AppendJsonLinesAsync(HttpContext context, IExecutionStore store, PoetServiceEndpointOptions options)
    {
        var (body, problem) = await ServiceRequestReader.ReadBodyAsync(context, options.MaxRequestBytes, "execution records as JSON lines").ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // The lines point into the pooled body: it goes back to the pool only once the store has taken them. When the
        // append ends otherwise (the client went away) the store may still read them: that body is left to the GC.
        var lines = new List<RawExecutionLine>();
        var storeMayRead = false;
        try
        {
            var rest = body!.Memory;
            for (var lineNumber = 1; !rest.IsEmpty; lineNumber++)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
                if (line.IsEmpty)
                {
                    continue;
                }

                if (lines.Count == options.MaxBatchRecords)
                {
                    return ServiceProblems.Create(
                        StatusCodes.Status413PayloadTooLarge,
                        "Batch too large",
                        $"A batch may carry at most {options.MaxBatchRecords} records; send smaller batches.");
                }

                if (!RawExecutionLine.TryParse(line, out var parsed, out var lineProblem))
                {
                    return ServiceProblems.BadRequest($"Line {lineNumber} is not an execution record ({lineProblem}); send one JSON object per line as the execution log writes it.");
                }

                lines.Add(parsed!);
            }

            if (store is IExecutionLineStore lineStore)
            {
                storeMayRead = true;
                await lineStore.AppendAsync(lines, context.RequestAborted).ConfigureAwait(false);
                storeMayRead = false;
            }
            else
            {
                var records = new List<ExecutionRecord>(lines.Count);
                for (var i = 0; i < lines.Count; i++)
                {
                    try
                    {
                        records.Add(ExecutionLine.Read(lines[i].Line.Span));
                    }
                    catch (JsonException ex)
                    {
                        return ServiceProblems.BadRequest($"Record {i + 1} of the batch is not an execution record ({ex.Message}); send one JSON object per line as the execution log writes it.");
                    }
                }

                await store.AppendAsync(records, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            if (!storeMayRead)
            {
                body!.Dispose();
            }
        }

        return Results.Ok(new AppendResult(lines.Count));
    }

    private sealed record AppendResult(int Stored);
}
