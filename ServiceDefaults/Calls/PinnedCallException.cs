using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Platform.Calls;

/// <summary>A call to another service's pinned version that could not be made or did not succeed; answered as ProblemDetails.</summary>
public sealed class PinnedCallException(int status, string title, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}

/// <summary>Answers a <see cref="PinnedCallException"/> with its status and a ProblemDetails that says what failed and what to do.</summary>
internal sealed class PinnedCallExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PinnedCallException failed)
        {
            return false;
        }

        httpContext.Response.StatusCode = failed.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = failed.Status, Title = failed.Title, Detail = failed.Message },
        });
    }
}
