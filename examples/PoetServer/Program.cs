// The POET service for remote mode: `dotnet run --project examples/PoetServer --urls http://127.0.0.1:8080`
// API key from AITOMATIC_API_KEY (environment or configuration), store folder from POET_STORE_PATH (default .poet).
using PoetServer;

await PoetServerApp.Create(args).RunAsync();
