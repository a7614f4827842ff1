using Platform.Contacts.Contacts;
using Platform.Services;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var instance = builder.AddServiceInstance("contacts", ContactsApi.ImplementedVersions);

var app = builder.Build();

// Errors first, so everything after them answers with ProblemDetails.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapContactsApi(instance);

app.Run();
