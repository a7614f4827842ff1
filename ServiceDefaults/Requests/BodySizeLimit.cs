using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace Platform.Requests;

/// <summary>
/// How large a request body an endpoint accepts. Endpoint routing applies it to the request (Kestrel then answers a
/// larger body with 413, which the ProblemDetails handlers turn into a ProblemDetails), so a client cannot make the
/// API buffer and parse megabytes of JSON.
/// </summary>
public sealed class BodySizeLimit(long bytes) : IRequestSizeLimitMetadata
{
    /// <summary>
    /// The sign-in and admin APIs: their bodies are a few short names (<c>{"version":"v2"}</c>), a sign-in's at most a
    /// user name and a password, far below this.
    /// </summary>
    public const long ApiBytes = 16 * 1024;

    public long? MaxRequestBodySize => bytes;
}

public static class BodySizeLimitExtensions
{
    /// <summary>Limits the request bodies of these endpoints to <paramref name="bytes"/>.</summary>
    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimit(bytes));
}
