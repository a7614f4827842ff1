using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Problems;

/// <summary>
/// The one way the platform answers an error outside an endpoint's return value (middleware, authentication events,
/// the rate limiter): a ProblemDetails body through ASP.NET Core's <see cref="IProblemDetailsService"/>, so every
/// error looks the same, carries the trace id, and says what failed and what to do.
/// </summary>
public static class ProblemResponses
{
    public static async Task WriteProblemAsync(this HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
