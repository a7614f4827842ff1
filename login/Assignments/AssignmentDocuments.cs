namespace Platform.Login.Assignments;

/// <summary>A tenant's upgrade ring and the services it is pinned to regardless of the ring.</summary>
public sealed record TenantAssignment(string Tenant, string Ring, IReadOnlyDictionary<string, string> Overrides);

/// <summary>An upgrade ring (e.g. <c>early</c>, <c>stable</c>): the version of each service its tenants get.</summary>
public sealed record RingAssignment(string Ring, IReadOnlyDictionary<string, string> Versions);

/// <summary>A user who can sign in (unless <see cref="Disabled"/>); <see cref="Tenant"/> is null for platform operators.</summary>
public sealed record UserAccount(string Username, string PasswordHash, string? Tenant, IReadOnlyList<string> Roles, bool Disabled = false);

/// <summary>A document as read, with the ETag to hand back when writing it.</summary>
public sealed record Versioned<T>(T Value, string ETag);
