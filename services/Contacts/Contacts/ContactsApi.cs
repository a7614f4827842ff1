using Platform.Callers;
using Platform.Services;

namespace Platform.Contacts.Contacts;

internal sealed record ContactV1(string Id, string Name, string Email, string Company);

/// <summary>v2 adds a phone number and the contact's lifecycle stage.</summary>
internal sealed record ContactV2(string Id, string Name, string Email, string Company, string Phone, string LifecycleStage);

internal sealed record ContactList<T>(ServedBy ServedBy, IReadOnlyList<T> Items);

internal sealed record ContactItem<T>(ServedBy ServedBy, T Item);

/// <summary>
/// A contact's lifecycle stage, in every version: other services (insights) ask for it on their callers' behalf at
/// whichever version the caller is pinned to, so v1 answers it too although its contacts do not show it.
/// </summary>
internal sealed record ContactLifecycle(ServedBy ServedBy, string ContactId, string Stage);

/// <summary>A search sent as POST so the text stays out of URLs and logs; it changes nothing, so it is safe to replay.</summary>
internal sealed record ContactSearch(string? Text);

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

        // Declared replayable in the version matrix (AppHost/appsettings.json, Replayable): the gateway may send it to
        // another instance of this version when the first one fails to take it.
        contacts.MapPost("/search", IResult (ContactSearch search, HttpContext context) =>
            search.Text is not { Length: > 0 } text
                ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Nothing to search for",
                    detail: "Send {\"text\": \"...\"}: contacts whose name, email or company contain it are returned.")
                : TypedResults.Ok(new ContactList<T>(servedBy, SampleContacts.For(context.GetCaller()!.Tenant)
                    .Where(c => new[] { c.Name, c.Email, c.Company }.Any(field => field.Contains(text, StringComparison.OrdinalIgnoreCase)))
                    .Select(project).ToList())));

        contacts.MapGet("/{id}/lifecycle", IResult (string id, HttpContext context) =>
            SampleContacts.For(context.GetCaller()!.Tenant).FirstOrDefault(c => c.Id == id) is { } contact
                ? TypedResults.Ok(new ContactLifecycle(servedBy, contact.Id, contact.LifecycleStage))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Contact not found",
                    detail: $"Your tenant has no contact '{id}'. GET /api/contacts/contacts lists them."));

        contacts.MapGet("/{id}", IResult (string id, HttpContext context) =>
            SampleContacts.For(context.GetCaller()!.Tenant).FirstOrDefault(c => c.Id == id) is { } contact
                ? TypedResults.Ok(new ContactItem<T>(servedBy, project(contact)))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Contact not found",
                    detail: $"Your tenant has no contact '{id}'. GET /api/contacts/contacts lists them."));
    }
}
