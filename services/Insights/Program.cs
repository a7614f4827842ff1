using Platform.Insights.Scores;
using Platform.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var instance = builder.AddServiceInstance("insights", ScoresApi.ImplementedVersions);

var app = builder.Build();

// Errors first, so everything after them answers with ProblemDetails.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapScoresApi(instance);

app.Run();
