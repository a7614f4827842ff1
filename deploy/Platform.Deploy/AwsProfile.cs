using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Platform.Deploy;

/// <summary>
/// The deploy profile (<c>deploy/aws.json</c>): where the platform goes. Everything about what runs (apps, versions,
/// instances, ports) comes from the AppHost; the profile only adds the AWS account, the domain, the regions and how
/// far each app may scale.
/// </summary>
internal sealed record AwsProfile
{
    public required string Account { get; init; }

    /// <summary>ECR repositories are <c>{RepositoryPrefix}/{project}</c> in every region's registry of the account.</summary>
    public string RepositoryPrefix { get; init; } = "platform";

    /// <summary>The image tag the manifests name; <c>Deploy:ImageTag</c> (e.g. a commit id from CI) overrides it.</summary>
    public required string ImageTag { get; init; }

    /// <summary>The public host name; Route 53 answers it with the nearest region's load balancer.</summary>
    public required string Domain { get; init; }

    public string Namespace { get; init; } = "platform";

    /// <summary>The EKS cluster in each region (the same name everywhere; regions keep them apart).</summary>
    public string ClusterName { get; init; } = "platform";

    /// <summary>The one region that writes assignments and creates session keys; the others read replicas.</summary>
    public required string PrimaryRegion { get; init; }

    public required IReadOnlyList<AwsRegion> Regions { get; init; }

    /// <summary>Replica bounds per app-id. <c>Min</c> defaults to the instances the AppHost runs.</summary>
    public required IReadOnlyDictionary<string, ReplicaBounds> Replicas { get; init; }

    public string Registry(string region) => $"{Account}.dkr.ecr.{region}.amazonaws.com";

    public string Image(string region, string repository) => $"{Registry(region)}/{RepositoryPrefix}/{repository}";

    public bool IsPrimary(AwsRegion region) => region.Name == PrimaryRegion;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // A misspelt key would otherwise be ignored and its default used without a word.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static AwsProfile Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<AwsProfile>(json, JsonOptions)
                ?? throw new AwsProfileException(source, ["the file is empty (null)."]);
        }
        catch (JsonException e)
        {
            throw new AwsProfileException(source, [e.Message]);
        }
    }
}

/// <summary>A region and the part of the world Route 53 sends to it; exactly one region is the default (<c>*</c>).</summary>
internal sealed record AwsRegion
{
    public required string Name { get; init; }

    public bool Default { get; init; }

    public IReadOnlyList<GeolocationRule> Geolocation { get; init; } = [];
}

/// <summary>A Route 53 geolocation: a continent code (EU, NA, ...) or an ISO 3166 country code (DE, US, ...).</summary>
internal sealed record GeolocationRule
{
    public string? Continent { get; init; }

    public string? Country { get; init; }

    public string Identifier => Continent is not null ? $"continent-{Continent.ToLowerInvariant()}" : $"country-{Country?.ToLowerInvariant()}";

    public override string ToString() => Continent is not null ? $"continent {Continent}" : $"country {Country}";
}

internal sealed record ReplicaBounds
{
    public int? Min { get; init; }

    public required int Max { get; init; }
}

/// <summary>The profile cannot be used; the message lists every problem found.</summary>
internal sealed class AwsProfileException(string source, IReadOnlyList<string> problems)
    : Exception($"The deploy profile {source} is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Checks a profile against itself and against the apps the AppHost deploys, collecting every problem.</summary>
internal static partial class AwsProfileValidator
{
    // Commercial AWS regions (from the AWS general reference); an unknown one is almost always a typo.
    private static readonly HashSet<string> KnownRegions = new(StringComparer.Ordinal)
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1",
        "me-central-1", "mx-central-1", "sa-east-1",
    };

    // Route 53's continent codes.
    private static readonly HashSet<string> Continents = new(StringComparer.Ordinal) { "AF", "AN", "AS", "EU", "NA", "OC", "SA" };

    public static void Validate(AwsProfile profile, DeploymentModel model, string source)
    {
        var problems = new List<string>();
        Check(problems, AccountPattern().IsMatch(profile.Account ?? ""), $"account '{profile.Account}' must be the 12-digit AWS account id.");
        Check(problems, LabelPattern().IsMatch(profile.RepositoryPrefix ?? ""), $"repositoryPrefix '{profile.RepositoryPrefix}' must be lower-case letters, digits and '-'.");
        Check(problems, TagPattern().IsMatch(profile.ImageTag ?? ""), $"imageTag '{profile.ImageTag}' is not a valid image tag (letters, digits, '_', '.', '-', up to 128).");
        Check(problems, !string.Equals(profile.ImageTag, "latest", StringComparison.OrdinalIgnoreCase),
            "imageTag must name a version, not 'latest' (a rollout must say which build it runs).");
        Check(problems, DomainPattern().IsMatch(profile.Domain ?? ""), $"domain '{profile.Domain}' is not a DNS name such as app.example.com.");
        Check(problems, LabelPattern().IsMatch(profile.Namespace ?? ""), $"namespace '{profile.Namespace}' must be a DNS label.");
        Check(problems, LabelPattern().IsMatch(profile.ClusterName ?? ""), $"clusterName '{profile.ClusterName}' must be a DNS label.");

        var regions = profile.Regions ?? [];
        Check(problems, regions.Count > 0, "regions is empty: name at least one region.");
        foreach (var region in regions)
        {
            Check(problems, KnownRegions.Contains(region.Name ?? ""), $"region '{region.Name}' is not an AWS region (e.g. eu-central-1, us-east-1).");
        }

        foreach (var duplicate in regions.GroupBy(r => r.Name).Where(g => g.Count() > 1))
        {
            problems.Add($"region '{duplicate.Key}' is listed {duplicate.Count()} times.");
        }

        var defaults = regions.Where(r => r.Default).Select(r => r.Name).ToList();
        Check(problems, regions.Count == 0 || defaults.Count > 0, "no region has \"default\": true: mark the one that serves every location without a rule.");
        Check(problems, defaults.Count <= 1, $"{defaults.Count} regions are the default ({string.Join(", ", defaults)}): exactly one may be.");
        Check(problems, regions.Any(r => r.Name == profile.PrimaryRegion), $"primaryRegion '{profile.PrimaryRegion}' is not one of the regions.");

        var ruleOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            Check(problems, region.Default || region.Geolocation.Count > 0,
                $"region '{region.Name}' has no geolocation rule and is not the default: Route 53 would never send anyone there.");
            foreach (var rule in region.Geolocation)
            {
                if ((rule.Continent is null) == (rule.Country is null))
                {
                    problems.Add($"region '{region.Name}': a geolocation rule names exactly one of continent or country.");
                    continue;
                }

                Check(problems, rule.Continent is null || Continents.Contains(rule.Continent),
                    $"region '{region.Name}': continent '{rule.Continent}' is not a Route 53 continent code ({string.Join(", ", Continents.Order())}).");
                Check(problems, rule.Country is null || CountryPattern().IsMatch(rule.Country),
                    $"region '{region.Name}': country '{rule.Country}' is not a two-letter ISO 3166 code (e.g. DE).");
                if (!ruleOwners.TryAdd(rule.Identifier, region.Name!))
                {
                    problems.Add($"{rule} is routed to both '{ruleOwners[rule.Identifier]}' and '{region.Name}': one location, one region.");
                }
            }
        }

        var replicas = profile.Replicas ?? new Dictionary<string, ReplicaBounds>();
        foreach (var app in model.Apps)
        {
            if (!replicas.TryGetValue(app.AppId, out var bounds))
            {
                problems.Add($"replicas has no entry for '{app.AppId}': give its maximum, e.g. \"{app.AppId}\": {{ \"max\": {Math.Max(app.Instances * 3, 3)} }}.");
                continue;
            }

            var min = bounds.Min ?? app.Instances;
            Check(problems, bounds.Max >= 1, $"replicas '{app.AppId}': max {bounds.Max} must be at least 1.");
            Check(problems, min >= 1, $"replicas '{app.AppId}': min {min} must be at least 1.");
            Check(problems, min <= bounds.Max, $"replicas '{app.AppId}': min {min}{(bounds.Min is null ? " (the AppHost's instances)" : "")} is more than max {bounds.Max}.");
            Check(problems, bounds.Min is null || bounds.Min >= app.Instances,
                $"replicas '{app.AppId}': min {bounds.Min} is less than the {app.Instances} instances the version matrix runs.");
        }

        var appIds = model.Apps.Select(a => a.AppId).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in replicas.Keys.Where(k => !appIds.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add($"replicas names '{unknown}', which is not deployed (the AppHost and its version matrix deploy {string.Join(", ", appIds.Order(StringComparer.Ordinal))}).");
        }

        if (problems.Count > 0)
        {
            throw new AwsProfileException(source, problems);
        }
    }

    private static void Check(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();
}
