using Platform.Insights.Scores;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var instance = builder.AddServiceInstance("insights", ScoresApi.ImplementedVersions);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapScoresApi(instance);

app.Run();
