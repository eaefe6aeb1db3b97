// The POET service for remote mode: `dotnet run --project examples/PoetServer --urls http://127.0.0.1:8080`
// API key from AITOMATIC_API_KEY (environment or configuration), store folder from POET_STORE_PATH (default .poet).
using Poet;
using PoetServer;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddPoetServer(builder.Configuration);

var app = builder.Build();
app.MapPoetServiceEndpoints();
app.MapGet("/", () => Results.Text($"POET service: remote clients set {PoetOptions.ServiceUrlVariable} to this URL and {PoetOptions.ServiceApiKeyVariable} to its key."));
app.Logger.LogInformation("POET service: store {StorePath}, endpoints under /poet/service", Path.GetFullPath(PoetServerServices.StorePath(app.Configuration)));
await app.RunAsync();
