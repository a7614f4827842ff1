using Microsoft.AspNetCore.Identity;
using Platform.Login.Assignments;

namespace Platform.Login.Seeding;

/// <summary>
/// Outside Development, login refuses to start while a demo account (<see cref="DevelopmentSeed.DemoUsernames"/>)
/// still has the demo password, which is published in the README: a store seeded for a demo and then used for real
/// would otherwise give anyone the admin account. Only the seeded accounts can have that password by accident; users
/// are not indexed, so these are the ones checked.
/// </summary>
internal sealed class DemoPasswordGuard(AssignmentStore store, IPasswordHasher<UserAccount> hasher, ILogger<DemoPasswordGuard> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var exposed = new List<string>();
        foreach (var username in DevelopmentSeed.DemoUsernames)
        {
            if (await store.FindUserAsync(username, cancellationToken) is { } user
                && hasher.VerifyHashedPassword(user, user.PasswordHash, DevelopmentSeed.DemoPassword) != PasswordVerificationResult.Failed)
            {
                exposed.Add(user.Username);
            }
        }

        if (exposed.Count > 0)
        {
            var accounts = string.Join(", ", exposed);
            SeedLog.DemoPasswordInUse(logger, accounts);
            throw new DemoPasswordException(
                $"Refusing to start: the account(s) {accounts} still have the published demo password. This store was seeded for a demo. " +
                "Delete these accounts from the store (state keys user:<name>, in Redis 'assignments||user:<name>') or give them a new password hash, " +
                "or use a store that was never seeded. Demo data is for Development only.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Login was started outside Development on a store with demo accounts; the message says which and what to do.</summary>
internal sealed class DemoPasswordException(string message) : InvalidOperationException(message);
