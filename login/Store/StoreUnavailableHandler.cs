using Dapr;
using Grpc.Core;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Platform.Problems;
using StackExchange.Redis;

namespace Platform.Login.Store;

/// <summary>
/// A store that cannot be reached (Redis down, the sidecar or its component failing, the SQLite file locked) is the
/// store's fault, not the caller's: 503 with what to do, and the failure logged, instead of a bare 500.
/// </summary>
internal sealed class StoreUnavailableHandler(IStateStore store, ILogger<StoreLog> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisException or SqliteException or DaprException or RpcException or TimeoutException))
        {
            return false;
        }

        StoreLog.StoreUnavailable(logger, store.GetType().Name, httpContext.Request.Method, httpContext.Request.Path, exception);
        httpContext.Response.Headers.RetryAfter = "5";
        await httpContext.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "The assignment store is unavailable",
            "Sign-in and admin changes need the assignment store, which did not answer. Nothing was changed; try again in a few seconds.");
        return true;
    }
}
