namespace Platform.Settings;

/// <summary>Section <c>Service</c>: which version and instance of its service a process is. The AppHost sets both.</summary>
public sealed class ServiceOptions : ISettings
{
    public static string Section => "Service";

    public string? Version { get; set; }

    public string? Instance { get; set; }

    public IEnumerable<string> Problems() => [];
}
