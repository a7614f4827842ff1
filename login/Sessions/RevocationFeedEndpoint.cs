using Platform.Callers;
using Platform.Problems;
using Platform.Sessions.Revocation;

namespace Platform.Login.Sessions;

internal static class RevocationFeedEndpoint
{
    /// <summary>
    /// <c>GET /internal/sessions/revocations?after={n}</c>: the feed the gateways poll. Not routed by the gateway, and
    /// answered only with the gateway's sealed token (<see cref="CallerHeaders.Gateway"/>); anyone else gets 401.
    /// </summary>
    public static WebApplication MapRevocationFeed(this WebApplication app)
    {
        app.MapGet(RevocationKinds.FeedPath, async Task<IResult> (HttpContext context, GatewayTokens tokens, RevocationStore store, long? after, CancellationToken ct) =>
        {
            if (!tokens.IsRevocationFeedToken(context.Request.Headers[CallerHeaders.Gateway].ToString()))
            {
                await context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Not the gateway",
                    $"The revocation feed is read by the gateway only, with its {CallerHeaders.Gateway} token.");
                return Results.Empty;
            }

            return TypedResults.Ok(await store.ReadAsync(after ?? 0, ct));
        }).ExcludeFromDescription();
        return app;
    }
}
