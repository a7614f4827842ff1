using Platform.Login.Admin;
using Platform.Login.Audit;
using Platform.Login.Auth;
using Platform.Login.Drain;
using Platform.Login.Regions;
using Platform.Login.Sessions;
using Platform.Login.Store;
using Platform.Matrix;
using Platform.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddVersionMatrix();
var region = builder.AddRegionRole();
// A secondary region reads the primary's key ring (a replica) and creates no keys of its own.
builder.AddPlatformSession(issuesSessions: region.Writes);
builder.AddAssignmentStore();
builder.AddDrain();
builder.AddLoginSessions();
builder.AddLoginRateLimit(region);
builder.Services.AddAdminPolicy();
builder.Services.AddAuditTrail();
builder.Services.AddOpenApi();
// Names in routes and bodies ([Name], [UserName]) are checked before any handler runs: 400 ValidationProblem.
builder.Services.AddValidation();

var app = builder.Build();

// Errors first, so everything after them answers with ProblemDetails; the probes before authentication, so they
// need no session; the client address the gateway vouched for before anything looks at it (the sign-in limit).
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.UseGatewayForwardedHeaders();
app.UseAuthentication();
app.UseAuthorization();
app.UseRegionWriteGuard();
app.MapOpenApi();
app.MapAuthApi();
app.MapAdminApi();
app.MapRepinApi();
app.MapUserAdminApi();
app.MapAuditApi();
app.MapRevocationFeed();
app.MapRepinEndpoint();
app.MapDrainApi();
app.MapTrafficReport();

app.Run();
