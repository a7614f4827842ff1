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

    /// <summary>
    /// Service → pinned version. Compared by content, since the gateway's token reuse is keyed by caller (a plain
    /// dictionary member would compare by reference), and kept sorted, so the same pins seal the same payload.
    /// </summary>
    public IReadOnlyDictionary<string, string> Versions
    {
        get => versions;
        init => versions = value as ImmutableSortedDictionary<string, string> is { } sorted && sorted.KeyComparer == StringComparer.Ordinal
            ? sorted
            : NoVersions.AddRange(value);
    }

    // The gateway looks its reusable token up by caller on every forwarded request, usually with the very instance its
    // routing decision holds: that is answered by reference, and otherwise nothing is allocated to compare.
    public bool Equals(Caller? other) =>
        ReferenceEquals(this, other)
        || other is not null
        && string.Equals(Tenant, other.Tenant, StringComparison.Ordinal)
        && string.Equals(User, other.User, StringComparison.Ordinal)
        && SamePins(versions, other.versions);

    public override int GetHashCode() => HashCode.Combine(Tenant, User, versions.Count);

    private static bool SamePins(ImmutableSortedDictionary<string, string> one, ImmutableSortedDictionary<string, string> other)
    {
        if (one.Count != other.Count)
        {
            return false;
        }

        foreach (var (service, version) in one)
        {
            if (!other.TryGetValue(service, out var otherVersion) || !string.Equals(version, otherVersion, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
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
