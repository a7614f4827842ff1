using Platform.Calls;
using Platform.Insights.Scores;
using Platform.Services;
using Platform.Sidecars;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var instance = builder.AddServiceInstance("insights", ScoresApi.ImplementedVersions);
builder.AddPinnedServiceClient();

var app = builder.Build();

// Errors first, so everything after them answers with ProblemDetails; then, in Dapr mode, only what the sidecar
// delivers (with its app token) gets further: the probes stay open.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSidecarAppToken();
app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapScoresApi(instance);

app.Run();
