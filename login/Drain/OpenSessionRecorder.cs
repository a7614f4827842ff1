using Microsoft.Extensions.Options;
using Platform.Matrix;
using Platform.Sessions;
using Platform.Settings;
using SessionOptions = Platform.Settings.SessionOptions;

namespace Platform.Login.Drain;

/// <summary>
/// Sign-in's and sign-out's side of the drain view: which sessions are open, and the versions they are pinned to.
/// </summary>
/// <remarks>
/// A secondary region's store is a read-only replica, so there sessions are not recorded (the primary's view counts
/// the primary's sessions); a user without a tenant is pinned to nothing, so nothing is written for them.
/// </remarks>
internal sealed class OpenSessionRecorder(IOpenSessionStore store, IOptions<SessionOptions> sessions, RegionOptions region)
{
    /// <summary>Records the session about to be issued; called before its cookie is set, so no issued session goes uncounted.</summary>
    public Task SessionIssuedAsync(string sessionId, VersionTicket ticket, DateTimeOffset issuedAt, CancellationToken ct) =>
        !region.Writes || ticket.Versions.Count == 0
            ? Task.CompletedTask
            : store.RecordAsync(new OpenSession(sessionId, ticket.User, issuedAt, issuedAt + sessions.Value.Lifetime,
                ticket.Versions.Select(v => DeployedVersion.AppIdOf(v.Key, v.Value)).ToList()), ct);

    /// <summary>
    /// Moves a re-pinned session to the versions of its new ticket, keeping its id and expiry, so the drain view
    /// counts it where it now goes. Two writes: if the second fails the request fails (503), the session stays on its
    /// old cookie, and its next request re-pins it again and records it.
    /// </summary>
    public async Task SessionRepinnedAsync(string sessionId, VersionTicket ticket, DateTimeOffset repinnedAt, DateTimeOffset expires, CancellationToken ct)
    {
        if (!region.Writes)
        {
            return;
        }

        await store.EndSessionAsync(sessionId, ct);
        if (ticket.Versions.Count > 0)
        {
            await store.RecordAsync(new OpenSession(sessionId, ticket.User, repinnedAt, expires,
                ticket.Versions.Select(v => DeployedVersion.AppIdOf(v.Key, v.Value)).ToList()), ct);
        }
    }

    public Task SessionEndedAsync(string sessionId, CancellationToken ct) =>
        region.Writes ? store.EndSessionAsync(sessionId, ct) : Task.CompletedTask;

    public Task UserSessionsEndedAsync(string user, DateTimeOffset issuedBefore, CancellationToken ct) =>
        region.Writes ? store.EndUserSessionsAsync(user, issuedBefore, ct) : Task.CompletedTask;
}
