// The POET service for remote mode: `dotnet run --project examples/PoetServer --urls http://127.0.0.1:8080`
// API key from AITOMATIC_API_KEY (environment or configuration). Store: PostgreSQL when POET_POSTGRES holds a
// connection string (several services may share one database), else the folder in POET_STORE_PATH (default .poet).
using Poet;
using PoetServer;

try
{
    await PoetServerApp.Create(args).RunAsync();
    return 0;
}
catch (Exception ex) when (StoreFailure(ex) is { } store)
{
    Console.Error.WriteLine("POET service cannot start: " + store.Message);
    return 1;
}

// The container wraps what a store throws while it is being opened.
static PoetStoreException? StoreFailure(Exception? ex) =>
    ex is null ? null : ex as PoetStoreException ?? StoreFailure(ex.InnerException);
