using Platform.Gateway.Drain;
using Platform.Gateway.Resilience;
using Platform.Gateway.Routing;
using Platform.Gateway.Sessions;
using Platform.Gateway.Web;
using Platform.Matrix;
using Platform.Sessions;
using Platform.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults(RequestSpans.SampledOnly);
var matrix = builder.AddVersionMatrix();
builder.AddPlatformSession();
builder.AddGatewaySessions();
builder.AddTicketCache();
builder.AddGatewayResilience(matrix);
builder.AddVersionRouting(matrix);
builder.AddDrainReporting();
builder.AddWebFrontend();

var app = builder.Build();

// Security headers before anything can answer; errors next, so everything after them answers with ProblemDetails;
// the probes and the web app's static files before authentication, so they cost no cookie check; the proxy last,
// behind authentication (a session validated before is answered from the ticket cache) and authorization (for the
// endpoints that ask for it).
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePagesOutsideServiceRoutes();
app.MapDefaultEndpoints();
app.MapWebFrontend();
app.UseSessionAuthentication();
app.UseEndpointAuthorization();
app.MapVersionRouting();

app.Run();
