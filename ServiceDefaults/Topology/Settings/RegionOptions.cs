namespace Platform.Settings;

/// <summary>
/// Which part this login plays in a multi-region deployment (<c>Region:*</c>; the AWS manifests set it per region).
/// The primary region owns the writable assignment store and creates the session keys; a secondary reads replicas
/// of both (an ElastiCache Global Datastore secondary refuses writes), so it signs users in with the versions and
/// keys replicated from the primary, and refuses admin changes with a 503 that names the primary.
/// Without the settings (local runs, one region) login is primary.
/// </summary>
public sealed class RegionOptions : ISettings
{
    public static string Section => "Region";

    /// <summary>This region's name, e.g. <c>us-east-1</c>; only used in messages.</summary>
    public string? Name { get; set; }

    /// <summary><c>primary</c> (the default) or <c>secondary</c>.</summary>
    public string Role { get; set; } = "primary";

    /// <summary>The primary region's name; required in a secondary, so the 503 can say where to go.</summary>
    public string? Primary { get; set; }

    public bool IsSecondary => string.Equals(Role, "secondary", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes assignments and creates Data Protection keys: only the primary.</summary>
    public bool Writes => !IsSecondary;

    public IEnumerable<string> Problems()
    {
        if (!string.Equals(Role, "primary", StringComparison.OrdinalIgnoreCase) && !IsSecondary)
        {
            yield return $"Region:Role is '{Role}'; use 'primary' or 'secondary'.";
        }

        if (IsSecondary && string.IsNullOrWhiteSpace(Primary))
        {
            yield return "Region:Role is 'secondary' but Region:Primary (the primary region's name) is not set.";
        }
    }
}
