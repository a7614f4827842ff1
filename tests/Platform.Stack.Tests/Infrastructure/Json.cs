using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Stack.Tests.Infrastructure;

public sealed record ServiceInfo(string Service, string Version, string Instance, string Tenant);

public sealed record Session(string User, string? Tenant, string? Ring, string[] Roles, Dictionary<string, string> Versions);

public sealed record Problem(string? Title, int Status, string? Detail, Dictionary<string, string[]>? Errors);

public sealed record RingView(string Ring, Dictionary<string, string> Versions, string ETag);

public sealed record TenantView(string Tenant, string Ring, Dictionary<string, string> Overrides, Dictionary<string, string> Versions, string ETag);

public sealed record AuditEntry(long Id, DateTimeOffset At, string Admin, string Change, string? Tenant, string? Ring, string? Service, string? Before, string? After, string? Reason, long? Reverts);

public sealed record AuditPage(AuditEntry[] Entries, string? Next);

public sealed record ServedByView(string Service, string Version, string Instance);

public sealed record ServiceCallView(string Service, string Version, string Instance);

/// <summary>insights v2's <c>GET /scores/{contactId}</c>: the score, the stage it used and the calls it made for it.</summary>
public sealed record PinnedScore(ServedByView ServedBy, string ContactId, string Stage, int Score, ServiceCallView[] Calls);

internal static class HttpExtensions
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var value = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web);
        return value ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} with no body.");
    }

    public static async Task<Problem> ReadProblemAsync(this HttpResponseMessage response, int expectedStatus)
    {
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadAsync<Problem>();
    }

    public static async Task<ServiceInfo> GetInfoAsync(this HttpClient client, string service)
    {
        var response = await client.GetAsync($"/api/{service}/info");
        Assert.True(response.IsSuccessStatusCode, $"GET /api/{service}/info answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<ServiceInfo>();
    }

    public static async Task<(string Version, string Tenant)> VersionAndTenantAsync(this HttpClient client, string service)
    {
        var info = await client.GetInfoAsync(service);
        Assert.Equal(service, info.Service);
        return (info.Version, info.Tenant);
    }

    /// <summary>A PUT that only applies if the item still has <paramref name="etag"/> (If-Match).</summary>
    public static Task<HttpResponseMessage> PutWithETagAsync(this HttpClient client, string path, object body, string etag) =>
        client.SendWithETagAsync(HttpMethod.Put, path, body, etag);

    public static async Task<HttpResponseMessage> SendWithETagAsync(this HttpClient client, HttpMethod method, string path, object? body, string etag, string? reason = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        if (reason is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Change-Reason", Uri.EscapeDataString(reason));
        }

        return await client.SendAsync(request);
    }

    /// <summary>An admin write to a tenant, with the tenant's current ETag (admin writes without If-Match get 428).</summary>
    public static async Task<HttpResponseMessage> ChangeTenantAsync(this HttpClient admin, HttpMethod method, string tenant, string path, object? body = null, string? reason = null)
    {
        var current = (await (await admin.GetAsync("/admin/tenants")).ReadAsync<TenantView[]>()).Single(t => t.Tenant == tenant);
        return await admin.SendWithETagAsync(method, $"/admin/tenants/{tenant}/{path}", body, current.ETag, reason);
    }

    /// <summary>An admin write to a ring's version of a service, with the ring's current ETag.</summary>
    public static async Task<HttpResponseMessage> ChangeRingVersionAsync(this HttpClient admin, string ring, string service, string version, string? reason = null)
    {
        var current = (await (await admin.GetAsync("/admin/rings")).ReadAsync<RingView[]>()).Single(r => r.Ring == ring);
        return await admin.SendWithETagAsync(HttpMethod.Put, $"/admin/rings/{ring}/versions/{service}", new { version }, current.ETag, reason);
    }

    /// <summary>A page of the audit trail (<c>GET /admin/audit</c>), failing the test on anything but 200.</summary>
    public static async Task<AuditPage> AuditAsync(this HttpClient admin, string query = "")
    {
        var response = await admin.GetAsync("/admin/audit" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/audit{query} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<AuditPage>();
    }

    /// <summary><c>POST /admin/audit/{id}/revert</c>, with a reason when given.</summary>
    public static async Task<HttpResponseMessage> RevertAsync(this HttpClient admin, long id, string? reason = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/audit/{id}/revert");
        if (reason is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Change-Reason", Uri.EscapeDataString(reason));
        }

        return await admin.SendAsync(request);
    }
}
