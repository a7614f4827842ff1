using System.Text.Json.Serialization;
using Platform.Login.Validation;

namespace Platform.Login.Admin;

public sealed record TenantView(string Tenant, string Ring, IReadOnlyDictionary<string, string> Overrides, IReadOnlyDictionary<string, string> Versions, [property: JsonPropertyName("etag")] string ETag);

public sealed record RingView(string Ring, IReadOnlyDictionary<string, string> Versions, [property: JsonPropertyName("etag")] string ETag);

public sealed record MatrixView(IReadOnlyDictionary<string, IReadOnlyList<string>> Services);

public sealed record RingChange([property: Name] string? Ring);

public sealed record VersionChange([property: Name] string? Version);
