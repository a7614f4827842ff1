namespace Platform.Settings;

/// <summary>Where assignments, users and the session key ring live.</summary>
public enum StoreKind
{
    /// <summary>AppHost only: <c>ConnectionStrings:redis</c> if set, else redis-server if installed, else embedded.</summary>
    Auto,

    /// <summary>Redis (run by the AppHost, or the one <c>ConnectionStrings:redis</c> names).</summary>
    Redis,

    /// <summary>A SQLite file in Dapr's <c>state.sqlite</c> layout and a key ring folder: needs only the .NET SDK.</summary>
    Embedded,
}

/// <summary>
/// Section <c>Store</c>. The AppHost reads <see cref="Kind"/>, <see cref="RedisServerPath"/> and
/// <see cref="DataPath"/>; it hands login the resolved <see cref="Kind"/> (never <c>Auto</c>) and, for the embedded
/// store, <see cref="SqlitePath"/>.
/// </summary>
public sealed class StoreOptions : ISettings
{
    public static string Section => "Store";

    public StoreKind Kind { get; set; } = StoreKind.Auto;

    /// <summary>Where <c>redis-server</c> is, when not on PATH (AppHost).</summary>
    public string? RedisServerPath { get; set; }

    /// <summary>The local data folder (AppHost; default <c>AppHost/.data</c>).</summary>
    public string? DataPath { get; set; }

    /// <summary>The embedded store's database file (login).</summary>
    public string? SqlitePath { get; set; }

    /// <summary>
    /// Write the demo tenants, rings and users (with their published password) into the store; login does so in
    /// Development only. The AppHost sets it for the stores it owns (the redis-server it runs, the embedded store);
    /// a store you bring (<c>ConnectionStrings:redis</c>) is seeded only when you set it yourself.
    /// </summary>
    public bool SeedDemoData { get; set; }

    public IEnumerable<string> Problems() => [];
}
