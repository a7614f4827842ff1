using System.Diagnostics;
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
        if (!IsStoreFailure(exception) || httpContext.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        StoreLog.StoreUnavailable(logger, store.GetType().Name, httpContext.Request.Method, httpContext.Request.Path, exception);
        httpContext.Response.Headers.RetryAfter = "5";
        await httpContext.WriteProblemAsync(StatusCodes.Status503ServiceUnavailable, "The assignment store is unavailable",
            "Sign-in and admin changes need the assignment store, which did not answer. Nothing was changed; try again in a few seconds.");
        return true;
    }

    private static bool IsStoreFailure(Exception exception) =>
        exception is RedisException or SqliteException or DaprException or RpcException or TimeoutException
        // When StackExchange.Redis tears a connection down under pending commands (a frozen store, after timeouts),
        // they fail with a bare InvalidOperationException ("Reading is not allowed after reader was completed") or
        // TaskCanceledException thrown from inside it: the store's fault too (a client gone is checked by the caller).
        || exception is InvalidOperationException or OperationCanceledException && new StackTrace(exception).GetFrames()
            .Any(frame => frame.GetMethod()?.DeclaringType?.Assembly == typeof(RedisException).Assembly);
}
