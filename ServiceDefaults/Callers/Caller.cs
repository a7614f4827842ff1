using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Problems;

namespace Platform.Callers;

/// <summary>
/// Who called a service, as the gateway vouched for it in <see cref="CallerHeaders.Token"/>, and the version of every
/// service the caller's session is pinned to: sealed with the rest, so a service that calls another on the caller's
/// behalf reaches the pinned version and cannot pick another (<see cref="Platform.Calls.PinnedServiceClient"/>).
/// </summary>
public sealed record Caller(string Tenant, string? User)
{
    private static readonly ImmutableSortedDictionary<string, string> NoVersions = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    private readonly ImmutableSortedDictionary<string, string> versions = NoVersions;

    [JsonConstructor]
    public Caller(string tenant, string? user, IReadOnlyDictionary<string, string>? versions)
        : this(tenant, user) => Versions = versions ?? NoVersions;

    /// <summary>Service → pinned version. Kept sorted so that equal pins are equal callers (the gateway's token reuse is keyed by caller).</summary>
    public IReadOnlyDictionary<string, string> Versions
    {
        get => versions;
        init => versions = value as ImmutableSortedDictionary<string, string> is { } sorted && sorted.KeyComparer == StringComparer.Ordinal
            ? sorted
            : NoVersions.AddRange(value);
    }

    public bool Equals(Caller? other) =>
        other is not null
        && string.Equals(Tenant, other.Tenant, StringComparison.Ordinal)
        && string.Equals(User, other.User, StringComparison.Ordinal)
        && versions.SequenceEqual(other.versions);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Tenant, StringComparer.Ordinal);
        hash.Add(User, StringComparer.Ordinal);
        foreach (var (service, version) in versions)
        {
            hash.Add(service, StringComparer.Ordinal);
            hash.Add(version, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}

public static class CallerExtensions
{
    /// <summary>
    /// The caller the gateway sealed into this request, or null when there is none that verifies (no token, forged,
    /// expired). Plain <c>X-Platform-Tenant</c> headers count for nothing: anyone who reaches the service can send them.
    /// Read once per request.
    /// </summary>
    public static Caller? GetCaller(this HttpContext context)
    {
        if (context.Features.Get<VerifiedCaller>() is { } verified)
        {
            return verified.Caller;
        }

        var tokens = context.RequestServices.GetService<GatewayTokens>()
            ?? throw new InvalidOperationException("Callers are not verified in this process: call builder.AddCallerVerification().");
        var caller = tokens.ReadCaller(context.Request.Headers[CallerHeaders.Token].ToString());
        context.Features.Set(new VerifiedCaller(caller));
        return caller;
    }

    /// <summary>Rejects requests without a caller the gateway vouched for: services are only reached through the gateway.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.GetCaller() is not null)
            {
                return await next(context);
            }

            CallerLog.CallerRefused(http.RequestServices.GetRequiredService<ILogger<CallerLog>>(), http.Request.Path,
                http.Request.Headers.ContainsKey(CallerHeaders.Token) ? "the caller token does not verify or has expired" : "no caller token");
            await http.WriteProblemAsync(StatusCodes.Status401Unauthorized, "No caller",
                $"The request carries no valid {CallerHeaders.Token} token. Call services through the gateway.");
            return Results.Empty;
        });

    private sealed record VerifiedCaller(Caller? Caller);
}
