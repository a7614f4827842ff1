namespace Platform.Settings;

/// <summary>Section <c>Web</c>: the Angular front end. The AppHost reads Enabled and Watch; the gateway reads Root.</summary>
public sealed class WebOptions : ISettings
{
    public static string Section => "Web";

    /// <summary><c>false</c> leaves the front end out (the API runs without it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rebuild on every change (development build) instead of one production build.</summary>
    public bool Watch { get; set; }

    /// <summary>The built app the gateway serves (default <c>../web/dist/web/browser</c> from its content root).</summary>
    public string? Root { get; set; }

    public IEnumerable<string> Problems() => [];
}
