using Platform.Gateway.Routing;
using Platform.Gateway.Web;
using Platform.Matrix;
using Platform.Sessions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var matrix = builder.AddVersionMatrix();
builder.AddPlatformSession();
builder.AddVersionRouting(matrix);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWebFrontend();
app.UseAuthentication();
app.UseAuthorization();
app.MapVersionRouting();

app.Run();
