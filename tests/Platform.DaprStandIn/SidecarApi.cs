using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Platform.DaprStandIn;

/// <summary>
/// How daprd routes a request on its HTTP port, and how it checks <c>DAPR_API_TOKEN</c>. daprd's router (chi) first
/// cleans the path (<c>path.Clean</c> of the escaped path: <c>//</c> and dot segments collapse, a trailing slash goes),
/// then matches its own API routes, case-sensitively; a request carrying <c>dapr-app-id</c> is proxied to that app
/// only when no API route took the path. So <c>/v1.0/metadata</c> with <c>dapr-app-id</c> is daprd's metadata API,
/// while <c>/V1.0/metadata</c> or <c>/v1.0%2Fmetadata</c> go to the app.
/// </summary>
/// <remarks>
/// One difference, in the safe direction for the tests: Kestrel decodes percent-encoded characters other than
/// <c>%2F</c> before the stand-in sees the path, where daprd matches the escaped path, so <c>/v1.0/%6Detadata</c> is
/// the metadata API here and an invocation there. A test that shows the API unreachable here also holds for daprd.
/// </remarks>
internal static partial class SidecarApi
{
    public const string ApiTokenHeader = "dapr-api-token";

    /// <summary>daprd's API groups under <c>/v1.0</c>; every path under a pre-release version is daprd's too.</summary>
    [GeneratedRegex(@"^/(v1\.0/(state|secrets|invoke|publish|bindings|actors|metadata|shutdown|healthz|configuration|subscribe|lock|unlock|crypto)(/.*)?|v1\.0-(alpha|beta|rc)\d+(/.*)?)$")]
    private static partial Regex ApiRoute();

    [GeneratedRegex("/{2,}")]
    private static partial Regex RepeatedSlashes();

    /// <summary>The path as daprd's router sees it: repeated slashes collapsed, no trailing slash.</summary>
    public static string Clean(string path)
    {
        var cleaned = RepeatedSlashes().Replace(path, "/");
        return cleaned.Length > 1 ? cleaned.TrimEnd('/') : cleaned;
    }

    public static bool IsApiRoute(string cleanedPath) => ApiRoute().IsMatch(cleanedPath);

    /// <summary>The routes daprd leaves open without a token (<c>isRouteExcludedFromAPITokenAuth</c>).</summary>
    public static bool IsExemptFromToken(string method, string cleanedPath) =>
        HttpMethods.IsGet(method) && cleanedPath is "/v1.0/healthz" or "/v1.0/healthz/outbound";

    public static bool TokenMatches(string expected, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    /// <summary>
    /// The front of the HTTP pipeline: the token check (401 <c>invalid api token</c>, as daprd's middleware answers,
    /// and the header removed once checked), then daprd's routing: API routes first, then <c>dapr-app-id</c>.
    /// </summary>
    public static void UseDaprdRouting(this WebApplication http, StandInOptions options, Invocation invocation, Recorder recorder)
    {
        http.Use(async (context, next) =>
        {
            var request = context.Request;
            // The stand-in's own record of what it was asked is no daprd API, and tests read it without a token.
            if (request.Path.StartsWithSegments(StandInPaths.Requests))
            {
                await next(context);
                return;
            }

            var cleaned = Clean(request.Path.Value ?? "/");
            if (options.ApiToken is { } token && !IsExemptFromToken(request.Method, cleaned))
            {
                if (!TokenMatches(token, request.Headers[ApiTokenHeader].FirstOrDefault()))
                {
                    recorder.Add(new RecordedRefusal(request.Method, request.Path.Value ?? "", "invalid api token", StatusCodes.Status401Unauthorized));
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    await context.Response.WriteAsync("invalid api token\n");
                    return;
                }

                request.Headers.Remove(ApiTokenHeader);
            }

            if (IsApiRoute(cleaned))
            {
                request.Path = cleaned;
                await next(context);
                // The invoke API is an invocation, recorded as such; everything else here is the sidecar serving itself.
                if (context.Items.ContainsKey(Invocation.InvokedItem))
                {
                    return;
                }

                recorder.Add(new RecordedApiCall(request.Method, cleaned, request.Headers.ContainsKey(Invocation.AppIdHeader), context.Response.StatusCode));
                return;
            }

            if (request.Headers[Invocation.AppIdHeader].ToString() is { Length: > 0 } appId)
            {
                await invocation.InvokeAsync(context, appId, (request.Path.Value ?? "/") + request.QueryString);
                return;
            }

            await next(context);
        });
        // Endpoints are matched after this, on the cleaned path (without it, routing would run first, on the raw one).
        http.UseRouting();
    }

    /// <summary>The API routes the stand-in answers itself (invocation is mapped by the caller).</summary>
    public static void MapDaprdApi(this WebApplication http, StandInOptions options, StateStores state, Func<Task<bool>> appAnswers)
    {
        http.MapGet("/v1.0/healthz", async () => options.AppPort is null || await appAnswers() ? Results.NoContent() : Results.StatusCode(500));
        http.MapGet("/v1.0/healthz/outbound", () => Results.NoContent());
        http.MapGet("/v1.0/metadata", () => Results.Json(new
        {
            id = options.AppId,
            runtimeVersion = "stand-in (not Dapr)",
            components = options.StateStores.Select(s => new { name = s, type = "state" }),
        }));
        // daprd shuts down; the stand-in only answers and records it, so a test that shows the hole leaves the stack up.
        http.MapPost("/v1.0/shutdown", () => Results.NoContent());
        http.MapGet("/v1.0/state/{store}/{key}", (string store, string key) =>
            !state.Exists(store) ? StoreNotFound(store)
            : state.Get(store, key) is { } item ? Results.Text(item.Data.ToStringUtf8(), "application/json", statusCode: 200)
            : Results.NoContent());
        http.MapPost("/v1.0/state/{store}", async (string store, HttpRequest request) =>
        {
            if (!state.Exists(store))
            {
                return StoreNotFound(store);
            }

            using var items = await JsonDocument.ParseAsync(request.Body);
            foreach (var item in items.RootElement.EnumerateArray())
            {
                var etag = item.TryGetProperty("etag", out var e) ? e.GetString() : null;
                var (status, _) = state.Set(store, item.GetProperty("key").GetString()!, ByteString.CopyFromUtf8(item.GetProperty("value").GetRawText()), etag, firstWrite: false);
                if (status != StatusCode.OK)
                {
                    return Results.Json(new { errorCode = "ERR_STATE_SAVE", message = $"failed saving state in state store {store}" }, statusCode: StatusCodes.Status409Conflict);
                }
            }

            return Results.NoContent();
        });
    }

    private static IResult StoreNotFound(string store) =>
        Results.Json(new { errorCode = "ERR_STATE_STORE_NOT_FOUND", message = $"state store {store} is not found" }, statusCode: StatusCodes.Status400BadRequest);
}

/// <summary>The stand-in's own endpoints, which daprd does not have.</summary>
internal static class StandInPaths
{
    public const string Requests = "/standin/requests";
}

/// <summary>daprd's gRPC token check: without the right <c>dapr-api-token</c> metadata, <c>Unauthenticated</c>.</summary>
internal sealed class ApiTokenInterceptor(StandInOptions options, Recorder recorder) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (options.ApiToken is { } token && !SidecarApi.TokenMatches(token, context.RequestHeaders.GetValue(SidecarApi.ApiTokenHeader)))
        {
            recorder.Add(new RecordedRefusal("gRPC", context.Method, "api token mismatch", StatusCodes.Status401Unauthorized));
            throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
        }

        return continuation(request, context);
    }
}
