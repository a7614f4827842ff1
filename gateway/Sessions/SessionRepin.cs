using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Gateway.LoginApi;
using Platform.Gateway.Routing;
using Platform.Matrix;
using Platform.Sessions;
using Platform.Sessions.Revocation;
using Platform.Settings;

namespace Platform.Gateway.Sessions;

/// <summary>
/// Moves a session to its tenant's current versions on the request that finds it due: its tenant was re-pinned after
/// the session was issued (an entry of the revocation feed, in memory, so deciding reads no store), or it is pinned to
/// a version no longer deployed and the service's <see cref="RetiredSessions"/> says <c>Repin</c>. Only login seals
/// sessions: the gateway asks it (<see cref="RevocationKinds.RepinPath"/>, once per cookie however many requests
/// arrive with it at once), routes this request by the fresh cookie login set, and hands that cookie to the browser
/// in this response.
/// </summary>
internal sealed class SessionRepin(
    RevocationSet revocations, VersionMatrix matrix, LoginInternalClient login, ITicketCache cache,
    IOptionsMonitor<CookieAuthenticationOptions> cookies, IOptions<ResilienceOptions> resilience, ILogger<RepinLog> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Outcome>>> inFlight = new(StringComparer.Ordinal);

    /// <summary>Whether this request's session must be re-pinned before it is routed (one lookup when no tenant was re-pinned).</summary>
    public bool IsDue(HttpContext context, RoutingDecision decision)
    {
        if (decision.IsRetired)
        {
            return matrix.TryGetService(decision.Service, out var service) && service.RetiredSessions == RetiredSessions.Repin;
        }

        return revocations.RepinnedBefore(decision.Tenant) is { } before && (IssuedAt(context) ?? DateTimeOffset.MinValue) < before;
    }

    /// <summary>
    /// The decision to route this request by: from the re-pinned session, else (login refused or could not be
    /// reached) the old pin while that version is deployed, a 401 when login says the session is over, or a 503.
    /// </summary>
    public async Task<RoutingDecision> RepinAsync(HttpContext context, RoutingDecision decision)
    {
        var options = cookies.Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var name = options.Cookie.Name!;
        if (context.Request.Cookies[name] is not { Length: > 0 } cookie)
        {
            return decision;
        }

        var call = inFlight.GetOrAdd(cookie, c => new Lazy<Task<Outcome>>(() => CallLoginAsync(name, c, options)));
        Outcome outcome;
        try
        {
            outcome = await call.Value;
        }
        finally
        {
            // Whoever comes first forgets the call; a request with this cookie after that asks login again.
            inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<Outcome>>>(cookie, call));
        }

        var user = VersionTicket.FromPrincipal(context.User)?.User ?? "(unknown)";
        switch (outcome)
        {
            case Outcome.Repinned repinned:
                cache.Remove(cookie);
                context.User = repinned.Ticket.Principal;
                var setCookies = repinned.SetCookies;
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.Append(HeaderNames.SetCookie, setCookies);
                    return Task.CompletedTask;
                });
                // From the new ticket, not the request's: GetVersionTicket may have kept the old one on the request.
                return repinned.Ticket.Principal is SessionPrincipal session
                    ? session.Decide(decision.Service, matrix)
                    : RoutingDecision.Decide(VersionTicket.FromPrincipal(repinned.Ticket.Principal), decision.Service, matrix);

            case Outcome.Refused refused:
                RepinLog.Refused(logger, user, refused.Status);
                return RoutingDecision.Refuse(decision.Service, refused.Status, refused.Title, refused.Detail);

            case Outcome.Failed failed when decision.IsForward:
                RepinLog.ServedOnOldPin(logger, user, decision.Version!.AppId, failed.Error);
                return decision;

            case Outcome.Failed failed:
                RepinLog.Unavailable(logger, user, decision.Service, failed.Error);
                context.Response.Headers.RetryAfter = "5";
                return RoutingDecision.Refuse(decision.Service, StatusCodes.Status503ServiceUnavailable, "The sign-in service is unavailable",
                    $"Your session is pinned to a version of {decision.Service} that is no longer deployed, and the sign-in service could not " +
                    "move it to your tenant's current version. Try again in a few seconds.");

            default:
                throw new InvalidOperationException($"Unknown re-pin outcome {outcome.GetType().Name}.");
        }
    }

    private async Task<Outcome> CallLoginAsync(string name, string cookie, CookieAuthenticationOptions options)
    {
        try
        {
            // Not the request's own token: the call may serve several requests of this cookie at once.
            using var timeout = new CancellationTokenSource(resilience.Value.RepinTimeout);
            using var response = await login.RepinAsync($"{name}={cookie}", timeout.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                var problem = await ReadProblemAsync(response);
                return new Outcome.Refused((int)response.StatusCode,
                    problem?.Title ?? "Sign in again",
                    problem?.Detail ?? "Your session could not be moved to your tenant's current versions. Sign in again with POST /auth/login.");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new Outcome.Failed($"login answered {(int)response.StatusCode}");
            }

            var setCookies = response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) ? values.ToArray() : [];
            var sealedValue = setCookies
                .Select(header => SetCookieHeaderValue.Parse(header))
                .FirstOrDefault(c => c.Name.Equals(name, StringComparison.Ordinal))?.Value.ToString();
            // The gateway reads the fresh cookie as it will read it on the browser's next request (and keeps it in
            // the ticket cache): what it routes by is what login sealed, not what login's body says.
            if (sealedValue is null || options.TicketDataFormat.Unprotect(sealedValue) is not { } ticket)
            {
                return new Outcome.Failed("login's answer carried no session cookie the gateway can read");
            }

            return new Outcome.Repinned(ticket, setCookies);
        }
        catch (Exception e)
        {
            // Whatever went wrong (refused, timed out, an answer that is not what login sends), the request is served
            // on its old pin or answered 503, never with a 500.
            return new Outcome.Failed(e.GetType().Name);
        }
    }

    private static async Task<LoginProblem?> ReadProblemAsync(HttpResponseMessage response)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<LoginProblem>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? IssuedAt(HttpContext context) =>
        (context.User is SessionPrincipal session ? session.IssuedAt : SessionStamp.IssuedAt(context.User))
        ?? context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.IssuedUtc;

    private sealed record LoginProblem(string? Title, string? Detail);

    private abstract record Outcome
    {
        public sealed record Repinned(AuthenticationTicket Ticket, string[] SetCookies) : Outcome;

        public sealed record Refused(int Status, string Title, string Detail) : Outcome;

        public sealed record Failed(string Error) : Outcome;
    }
}

/// <summary>Re-pinning sessions at the gateway, for operators; also the log category. Cookies are never logged.</summary>
internal sealed partial class RepinLog
{
    private RepinLog()
    {
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Session of {User} not re-pinned ({Error}): served on its old pin {AppId}; its next request tries again.")]
    public static partial void ServedOnOldPin(ILogger logger, string user, string appId, string error);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Session of {User} pinned to a retired version of {Service} not re-pinned ({Error}): answered 503.")]
    public static partial void Unavailable(ILogger logger, string user, string service, string error);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Re-pin of a session of {User} refused by login with {Status}: the session is over.")]
    public static partial void Refused(ILogger logger, string user, int status);
}
