using Microsoft.AspNetCore.Identity;
using Platform.Login.Assignments;
using Platform.Sessions;

namespace Platform.Login.Seeding;

/// <summary>
/// Demo data for Development: two tenants in two rings and three users. Only what is missing is written, so a
/// restart never undoes an admin's change. It runs only in Development and only when <c>Store:SeedDemoData</c> is set
/// (the AppHost sets it for stores it owns): a store someone brought never gets accounts with a published password.
/// Outside Development <see cref="DemoPasswordGuard"/> refuses to start while a demo account keeps that password.
/// </summary>
internal sealed class DevelopmentSeed(AssignmentStore store, IPasswordHasher<UserAccount> hasher, ILogger<DevelopmentSeed> logger) : IHostedService
{
    public const string DemoPassword = "Passw0rd!";

    private static readonly RingAssignment[] Rings =
    [
        new("early", new Dictionary<string, string> { ["contacts"] = "v2", ["insights"] = "v2" }),
        new("stable", new Dictionary<string, string> { ["contacts"] = "v1", ["insights"] = "v1" }),
    ];

    private static readonly TenantAssignment[] Tenants =
    [
        new("acme", "early", new Dictionary<string, string>()),
        new("globex", "stable", new Dictionary<string, string>()),
    ];

    private static readonly (string Username, string? Tenant, string[] Roles)[] Users =
    [
        ("alice@acme.test", "acme", []),
        ("bob@globex.test", "globex", []),
        ("admin@platform.test", null, [VersionTicket.AdminRole]),
    ];

    /// <summary>The accounts this seed creates with <see cref="DemoPassword"/>.</summary>
    public static IEnumerable<string> DemoUsernames => Users.Select(u => u.Username);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        foreach (var ring in Rings)
        {
            if (await store.GetRingAsync(ring.Ring, cancellationToken) is null && await store.TrySaveRingAsync(ring, null, cancellationToken))
            {
                written++;
            }
        }

        foreach (var tenant in Tenants)
        {
            if (await store.GetTenantAsync(tenant.Tenant, cancellationToken) is null && await store.TrySaveTenantAsync(tenant, null, cancellationToken))
            {
                written++;
            }
        }

        foreach (var (username, tenant, roles) in Users)
        {
            if (await store.FindUserAsync(username, cancellationToken) is null)
            {
                var user = new UserAccount(username, "", tenant, roles);
                await store.TrySaveUserAsync(user with { PasswordHash = hasher.HashPassword(user, DemoPassword) }, cancellationToken);
                written++;
            }
        }

        if (!await store.TryAddToIndexesAsync(Tenants.Select(t => t.Tenant), Rings.Select(r => r.Ring), cancellationToken))
        {
            // Only another login instance seeding at the same moment can get here, and it writes the same lists.
            SeedLog.IndexesChangedWhileSeeding(logger);
        }

        SeedLog.Seeded(logger, written);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
