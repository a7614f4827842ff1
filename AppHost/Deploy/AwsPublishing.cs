#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004 // The publish pipeline is experimental in Aspire 13.6.
using Platform.Settings;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Dapr;
using Platform.Deploy;
using Platform.Matrix;

namespace Platform.AppHost.Deploy;

/// <summary>
/// The <c>publish-aws</c> step of Aspire's publish pipeline: writes the EKS + Dapr manifests and the CloudFormation
/// template for every region of <c>deploy/aws.json</c>, from this AppHost's model (its project resources: login,
/// the gateway, one resource per instance of every version) and the version matrix, then builds the images.
/// <code>dotnet run --project AppHost -- --operation publish --step publish-aws --output-path "$PWD/deploy/out"</code>
/// </summary>
internal static partial class AwsPublishing
{
    public const string StepName = "publish-aws";

    /// <summary>The port every app listens on in its container, unless the model gives its endpoint a fixed target port.</summary>
    private const int DefaultContainerPort = 8080;

    public static IDistributedApplicationBuilder AddAwsPublishing(this IDistributedApplicationBuilder builder, VersionMatrix matrix)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var configuration = builder.Configuration;
        builder.Pipeline.AddStep(StepName, context => PublishAsync(context, configuration, repositoryRoot, matrix),
            requiredBy: WellKnownPipelineSteps.Publish);
        return builder;
    }

    private static async Task PublishAsync(PipelineStepContext context, IConfiguration configuration, string repositoryRoot, VersionMatrix matrix)
    {
        var logger = context.Logger;
        var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        var profilePath = configuration["Deploy:Profile"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, repositoryRoot)
            : Path.Combine(repositoryRoot, "deploy", "aws.json");
        try
        {
            var profileSource = Path.GetRelativePath(repositoryRoot, profilePath);
            if (!File.Exists(profilePath))
            {
                throw new AwsProfileException(profileSource, ["the file does not exist (Deploy:Profile names another; deploy/aws.json is the checked-in one)."]);
            }

            var profile = AwsProfile.Parse(await File.ReadAllTextAsync(profilePath, context.CancellationToken), profileSource);
            if (configuration["Deploy:ImageTag"] is { Length: > 0 } tag)
            {
                profile = profile with { ImageTag = tag };
            }

            var resiliency = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "dapr", "components", "resiliency.yaml"), context.CancellationToken);
            var (model, projects) = ReadModel(context.Model, matrix, resiliency);
            var files = AwsDeployment.Generate(profile, model, profileSource);
            AwsDeployment.Write(output, files);
            LogWritten(logger, files.Count, output, string.Join(", ", profile.Regions.Select(r => r.Name)));

            await AwsImages.PublishAsync(context, configuration, repositoryRoot, output, profile, projects);
        }
        catch (Exception e) when (e is AwsProfileException or AppModelException)
        {
            // One message listing every problem, and a failing exit code (Program returns Environment.ExitCode):
            // the pipeline itself would log a stack trace and still exit 0.
            LogRefused(logger, e.Message);
            Environment.ExitCode = 1;
        }
    }

    /// <summary>
    /// The apps to deploy, from the AppHost's project resources: login, the gateway, and for each version of the
    /// matrix the resources of its instances (which must all exist and run one project).
    /// </summary>
    internal static (DeploymentModel Model, IReadOnlyDictionary<string, string> Projects) ReadModel(DistributedApplicationModel appModel, VersionMatrix matrix, string resiliencyYaml)
    {
        var resources = appModel.GetProjectResources().ToDictionary(p => p.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        var apps = new List<DeployApp>();
        var projects = new SortedDictionary<string, string>(StringComparer.Ordinal);

        void Add(string appId, AppKind kind, IReadOnlyList<string> resourceNames, DeployedVersion? version)
        {
            var found = resourceNames.Where(resources.ContainsKey).Select(n => resources[n]).ToList();
            if (found.Count != resourceNames.Count)
            {
                problems.Add($"{appId}: the AppHost's model has no project resource {string.Join(", ", resourceNames.Where(n => !resources.ContainsKey(n)))}.");
                return;
            }

            var paths = found.Select(r => r.GetProjectMetadata().ProjectPath).Distinct(StringComparer.Ordinal).ToList();
            var ports = found.Select(HttpTargetPort).Distinct().ToList();
            if (paths.Count != 1 || ports.Count != 1)
            {
                problems.Add($"{appId}: its instances must run one project on one port (found {string.Join(", ", paths)}; ports {string.Join(", ", ports)}).");
                return;
            }

            var repository = Path.GetFileNameWithoutExtension(paths[0]).ToLowerInvariant();
            projects[repository] = paths[0];
            var instances = found.Count == 1 ? found[0].Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1 : found.Count;
            apps.Add(new DeployApp(appId, kind, repository, ports[0], instances, version?.Service, version?.Version)
            {
                Calls = version is null ? [] : matrix.Services[version.Service].Calls,
            });
        }

        Add(PlatformResources.Login, AppKind.Login, [PlatformResources.Login], null);
        Add(PlatformResources.Gateway, AppKind.Gateway, [PlatformResources.Gateway], null);
        foreach (var version in matrix.AllVersions)
        {
            Add(version.AppId, AppKind.ServiceVersion, version.InstanceNames.ToList(), version);
        }

        if (problems.Count > 0)
        {
            throw new AppModelException("The AppHost's model cannot be deployed:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }

        return (new DeploymentModel(apps, matrix.ToEnvironment().ToList(), resiliencyYaml), projects);
    }

    private static int HttpTargetPort(ProjectResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == "http")?.TargetPort ?? DefaultContainerPort;

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} files to {Output} (regions {Regions}).")]
    private static partial void LogWritten(ILogger logger, int count, string output, string regions);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);
}

internal sealed class AppModelException(string message) : Exception(message);
