using Platform.Contacts.Contacts;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
var instance = builder.AddServiceInstance("contacts", ContactsApi.ImplementedVersions);

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapServiceInfo();
app.MapContactsApi(instance);

app.Run();
