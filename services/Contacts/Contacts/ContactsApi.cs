using Platform.Callers;
using Platform.Services;

namespace Platform.Contacts.Contacts;

internal sealed record ContactV1(string Id, string Name, string Email, string Company);

/// <summary>v2 adds a phone number and the contact's lifecycle stage.</summary>
internal sealed record ContactV2(string Id, string Name, string Email, string Company, string Phone, string LifecycleStage);

internal sealed record ContactList<T>(ServedBy ServedBy, IReadOnlyList<T> Items);

internal sealed record ContactItem<T>(ServedBy ServedBy, T Item);

internal static class ContactsApi
{
    public static readonly IReadOnlyCollection<string> ImplementedVersions = ["v1", "v2"];

    public static WebApplication MapContactsApi(this WebApplication app, ServiceInstance instance)
    {
        var servedBy = ServedBy.From(instance);
        var contacts = app.MapGroup("/contacts").RequireCaller();
        if (instance.Version == "v1")
        {
            MapVersion(contacts, servedBy, c => new ContactV1(c.Id, c.Name, c.Email, c.Company));
        }
        else
        {
            MapVersion(contacts, servedBy, c => new ContactV2(c.Id, c.Name, c.Email, c.Company, c.Phone, c.LifecycleStage));
        }

        return app;
    }

    private static void MapVersion<T>(RouteGroupBuilder contacts, ServedBy servedBy, Func<Contact, T> project)
    {
        contacts.MapGet("/", (HttpContext context) =>
            TypedResults.Ok(new ContactList<T>(servedBy, SampleContacts.For(context.GetCaller()!.Tenant).Select(project).ToList())));

        contacts.MapGet("/{id}", IResult (string id, HttpContext context) =>
            SampleContacts.For(context.GetCaller()!.Tenant).FirstOrDefault(c => c.Id == id) is { } contact
                ? TypedResults.Ok(new ContactItem<T>(servedBy, project(contact)))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Contact not found",
                    detail: $"Your tenant has no contact '{id}'. GET /api/contacts/contacts lists them."));
    }
}
