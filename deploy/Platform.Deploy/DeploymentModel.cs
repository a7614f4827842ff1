namespace Platform.Deploy;

/// <summary>What an app is in the platform; decides its settings (login keeps assignments, the gateway routes).</summary>
internal enum AppKind
{
    Login,
    Gateway,
    ServiceVersion,
}

/// <summary>
/// One Dapr app-id to deploy: <c>login</c>, <c>gateway</c> or one version of a service (<c>contacts-v2</c>), with the
/// container image it runs (one per project: both versions of a service run the same image, told their version) and
/// the number of instances the AppHost runs of it, which is the floor in every region, and the services it calls on
/// its callers' behalf (the matrix's <c>Calls</c>).
/// </summary>
internal sealed record DeployApp(string AppId, AppKind Kind, string Repository, int Port, int Instances, string? Service = null, string? Version = null)
{
    public IReadOnlyList<string> Calls { get; init; } = [];
}

/// <summary>
/// Everything the generator takes from the AppHost: the apps (from its model and the version matrix), the settings
/// login and the gateway get from the matrix, and the text of the Dapr resiliency policy the local sidecars use.
/// </summary>
internal sealed record DeploymentModel(IReadOnlyList<DeployApp> Apps, IReadOnlyList<KeyValuePair<string, string>> MatrixSettings, string ResiliencyYaml)
{
    public IEnumerable<string> Repositories => Apps.Select(a => a.Repository).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
}

/// <summary>One generated file, its path relative to the output folder (always with '/').</summary>
internal sealed record OutputFile(string Path, string Content);
