using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Stack.Tests.Infrastructure;

public sealed record ServiceInfo(string Service, string Version, string Instance, string Tenant);

public sealed record Session(string User, string? Tenant, string? Ring, string[] Roles, Dictionary<string, string> Versions);

public sealed record Problem(string? Title, int Status, string? Detail, Dictionary<string, string[]>? Errors);

public sealed record TenantView(string Tenant, string Ring, Dictionary<string, string> Overrides, Dictionary<string, string> Versions, string ETag);

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
    public static async Task<HttpResponseMessage> PutWithETagAsync(this HttpClient client, string path, object body, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        return await client.SendAsync(request);
    }
}
