namespace Platform.Contacts.Contacts;

internal sealed record Contact(string Id, string Name, string Email, string Company, string Phone, string LifecycleStage);

/// <summary>Demo data, per tenant: each tenant sees only its own contacts.</summary>
internal static class SampleContacts
{
    private static readonly Dictionary<string, Contact[]> ByTenant = new(StringComparer.Ordinal)
    {
        ["acme"] =
        [
            new("c-1", "Ada Lovelace", "ada@analytical.example", "Analytical Engines", "+44 20 7946 0001", "customer"),
            new("c-2", "Grace Hopper", "grace@cobol.example", "Compiler Works", "+1 202 555 0102", "opportunity"),
            new("c-3", "Alan Turing", "alan@bletchley.example", "Bletchley Labs", "+44 20 7946 0003", "lead"),
            new("c-4", "Katherine Johnson", "katherine@orbit.example", "Orbital Mechanics", "+1 757 555 0104", "customer"),
        ],
        ["globex"] =
        [
            new("c-1", "Hank Scorpio", "hank@globex.example", "Globex Corporation", "+1 555 0100 001", "customer"),
            new("c-2", "Homer Simpson", "homer@plant.example", "Springfield Nuclear", "+1 555 0100 002", "lead"),
            new("c-3", "Frank Grimes", "frank@plant.example", "Springfield Nuclear", "+1 555 0100 003", "churned"),
        ],
    };

    public static IReadOnlyList<Contact> For(string tenant) => ByTenant.GetValueOrDefault(tenant) ?? [];
}
