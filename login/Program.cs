using Platform.Login.Admin;
using Platform.Login.Auth;
using Platform.Login.Store;
using Platform.Matrix;
using Platform.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddVersionMatrix();
builder.AddPlatformSession(issuesSessions: true);
builder.AddAssignmentStore();
builder.AddLoginRateLimit();
builder.Services.AddAdminPolicy();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapOpenApi();
app.MapAuthApi();
app.MapAdminApi();

app.Run();
