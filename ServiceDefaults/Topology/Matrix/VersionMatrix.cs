using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Platform.Settings;

namespace Platform.Matrix;

/// <summary>One deployed version of a service: the unit that is addressed, scaled and routed to.</summary>
public sealed record DeployedVersion(string Service, string Version, int Instances)
{
    /// <summary>The Dapr app-id, YARP cluster id and service-discovery name of this version.</summary>
    public string AppId { get; } = AppIdOf(Service, Version);

    /// <summary>The one place an app-id is formed: <c>{service}-{version}</c>, e.g. <c>contacts-v2</c>.</summary>
    public static string AppIdOf(string service, string version) => $"{service}-{version}";

    /// <summary>Resource names of the instances, e.g. <c>contacts-v2-1</c>, <c>contacts-v2-2</c>.</summary>
    public IEnumerable<string> InstanceNames => Enumerable.Range(1, Instances).Select(i => $"{AppId}-{i}");
}

/// <summary>A service and the versions of it that are deployed side by side.</summary>
public sealed record DeployedService(string Name, string DefaultVersion, IReadOnlyDictionary<string, DeployedVersion> Versions)
{
    /// <summary>
    /// Requests with a body that the service declares safe to send twice (e.g. a search sent as POST): the gateway
    /// retries them on another instance of the same version like GET and HEAD. Nothing else with a body is replayed.
    /// </summary>
    public IReadOnlyList<ReplayableRequest> Replayable { get; init; } = [];

    public bool IsReplayable(string method, string path) => Replayable.Any(r => r.Matches(method, path));

    /// <summary>What the gateway does with a session pinned to a version of this service that is no longer deployed.</summary>
    public RetiredSessions RetiredSessions { get; init; } = RetiredSessions.Repin;

    /// <summary>
    /// The services this one calls on its callers' behalf (always at the caller's pinned version): the AppHost lets its
    /// instances reach those services' versions, and Dapr's access control lets its app-ids invoke them.
    /// </summary>
    public IReadOnlyList<string> Calls { get; init; } = [];
}

/// <summary>Setting <c>VersionMatrix:{service}:RetiredSessions</c>: a session pinned to a version no longer deployed...</summary>
public enum RetiredSessions
{
    /// <summary>...moves to its tenant's current versions on that request (login issues it a fresh cookie): the default.</summary>
    Repin,

    /// <summary>...is answered 401 "sign in again", for a service whose users must start over on a new version.</summary>
    SignInAgain,
}

/// <summary>
/// A request a service declares safe to replay, written <c>METHOD /path</c> with the path as the service sees it
/// (after <c>/api/{service}</c>), e.g. <c>POST /contacts/search</c>. The path matches exactly, ignoring case and a
/// trailing slash.
/// </summary>
public sealed record ReplayableRequest(string Method, string Path)
{
    public bool Matches(string method, string path) =>
        string.Equals(method, Method, StringComparison.OrdinalIgnoreCase)
        && string.Equals(path.TrimEnd('/'), Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// The version matrix: which services exist, which of their versions are deployed and how many instances each runs.
/// It is declared once, in the AppHost's configuration (section <c>VersionMatrix</c>); the AppHost hands the same
/// section to the login service and the gateway, so nothing lists it twice.
/// </summary>
public sealed partial class VersionMatrix
{
    public const string SectionName = "VersionMatrix";

    private VersionMatrix(IReadOnlyDictionary<string, DeployedService> services) => Services = services;

    public IReadOnlyDictionary<string, DeployedService> Services { get; }

    public IEnumerable<DeployedVersion> AllVersions => Services.Values.SelectMany(s => s.Versions.Values);

    public bool TryGetService(string service, [NotNullWhen(true)] out DeployedService? deployed) =>
        Services.TryGetValue(service, out deployed);

    public bool TryGetVersion(string service, string version, [NotNullWhen(true)] out DeployedVersion? deployed)
    {
        deployed = null;
        return Services.TryGetValue(service, out var s) && s.Versions.TryGetValue(version, out deployed);
    }

    /// <summary>Builds the matrix from its configuration section, failing fast with every problem found.</summary>
    /// <remarks>
    /// Shape: <c>{ "contacts": { "Default": "v1", "Versions": { "v1": { "Instances": 2 } }, "Replayable": [ "POST /contacts/search" ],
    /// "RetiredSessions": "Repin" }, "insights": { ..., "Calls": [ "contacts" ] } }</c>.
    /// </remarks>
    public static VersionMatrix FromConfiguration(IConfiguration configuration)
    {
        var section = configuration is IConfigurationSection s && s.Key == SectionName
            ? s
            : configuration.GetSection(SectionName);
        var errors = new List<string>();
        var services = new Dictionary<string, DeployedService>(StringComparer.OrdinalIgnoreCase);

        foreach (var serviceSection in section.GetChildren())
        {
            var service = serviceSection.Key;
            if (!NamePattern().IsMatch(service))
            {
                errors.Add($"Service name '{service}' must be lower-case letters and digits, starting with a letter.");
                continue;
            }

            var versions = new Dictionary<string, DeployedVersion>(StringComparer.OrdinalIgnoreCase);
            foreach (var versionSection in serviceSection.GetSection("Versions").GetChildren())
            {
                var version = versionSection.Key;
                if (!NamePattern().IsMatch(version))
                {
                    errors.Add($"Version '{service}/{version}' must be lower-case letters and digits, starting with a letter (e.g. v2).");
                    continue;
                }

                var instancesText = versionSection["Instances"] ?? "1";
                if (!int.TryParse(instancesText, out var instances) || instances is < 1 or > 64)
                {
                    errors.Add($"{service}/{version}: Instances must be a whole number from 1 to 64, not '{instancesText}'.");
                    continue;
                }

                versions[version] = new DeployedVersion(service, version, instances);
            }

            if (versions.Count == 0)
            {
                errors.Add($"Service '{service}' declares no versions under {SectionName}:{service}:Versions.");
                continue;
            }

            var defaultVersion = serviceSection["Default"] ?? versions.Keys.First();
            if (!versions.ContainsKey(defaultVersion))
            {
                errors.Add($"Service '{service}': Default '{defaultVersion}' is not one of its versions ({string.Join(", ", versions.Keys)}).");
                continue;
            }

            var replayable = new List<ReplayableRequest>();
            foreach (var entry in serviceSection.GetSection("Replayable").GetChildren())
            {
                if (ParseReplayable(entry.Value) is { } request)
                {
                    replayable.Add(request);
                }
                else
                {
                    errors.Add($"{service}: Replayable entry '{entry.Value}' must be 'METHOD /path' with POST, PUT, PATCH or DELETE (GET and HEAD are always replayed), e.g. 'POST /contacts/search'.");
                }
            }

            var retiredText = serviceSection["RetiredSessions"] ?? nameof(RetiredSessions.Repin);
            // By name only: Enum.TryParse would also take "1".
            if (Enum.GetNames<RetiredSessions>().FirstOrDefault(n => string.Equals(n, retiredText, StringComparison.OrdinalIgnoreCase)) is not { } retiredName)
            {
                errors.Add($"{service}: RetiredSessions must be {string.Join(" or ", Enum.GetNames<RetiredSessions>())}, not '{retiredText}'.");
                continue;
            }

            var calls = serviceSection.GetSection("Calls").GetChildren().Select(entry => entry.Value ?? "").ToList();
            services[service] = new DeployedService(service, defaultVersion, versions)
            {
                Replayable = replayable, RetiredSessions = Enum.Parse<RetiredSessions>(retiredName), Calls = calls,
            };
        }

        foreach (var (service, deployed) in services)
        {
            foreach (var callee in deployed.Calls.Where(callee => !services.ContainsKey(callee) || callee == service))
            {
                errors.Add(callee == service
                    ? $"{service}: Calls names the service itself; a service answers its own requests without a call."
                    : $"{service}: Calls names '{callee}', which the matrix does not declare (it declares {string.Join(", ", services.Keys)}).");
            }
        }

        if (services.Count == 0 && errors.Count == 0)
        {
            errors.Add($"No services are declared in configuration section '{SectionName}'.");
        }

        if (errors.Count > 0)
        {
            throw new SettingsException("The version matrix is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)));
        }

        return new VersionMatrix(services);
    }

    /// <summary>The configuration entries that reproduce this matrix in another process (as environment variables).</summary>
    public IEnumerable<KeyValuePair<string, string>> ToEnvironment()
    {
        foreach (var service in Services.Values)
        {
            yield return new($"{SectionName}__{service.Name}__Default", service.DefaultVersion);
            foreach (var version in service.Versions.Values)
            {
                yield return new($"{SectionName}__{service.Name}__Versions__{version.Version}__Instances", version.Instances.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            for (var i = 0; i < service.Replayable.Count; i++)
            {
                yield return new($"{SectionName}__{service.Name}__Replayable__{i}", service.Replayable[i].ToString());
            }

            yield return new($"{SectionName}__{service.Name}__RetiredSessions", service.RetiredSessions.ToString());
            for (var i = 0; i < service.Calls.Count; i++)
            {
                yield return new($"{SectionName}__{service.Name}__Calls__{i}", service.Calls[i]);
            }
        }
    }

    private static ReplayableRequest? ParseReplayable(string? text)
    {
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts is [var method, var path] && path.StartsWith('/') && !path.Contains('?', StringComparison.Ordinal)
            && method.ToUpperInvariant() is "POST" or "PUT" or "PATCH" or "DELETE"
            ? new ReplayableRequest(method.ToUpperInvariant(), path)
            : null;
    }

    [GeneratedRegex("^[a-z][a-z0-9]{0,30}$")]
    private static partial Regex NamePattern();
}
