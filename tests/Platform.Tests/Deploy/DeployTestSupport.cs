using System.Diagnostics;
using System.Reflection;
using k8s;
using k8s.Models;
using Platform.Deploy;

namespace Platform.Tests.Deploy;

internal static class DeployTestSupport
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public static string ProfileText => File.ReadAllText(Path.Combine(RepositoryRoot, "deploy", "aws.json"));

    public static AwsProfile Profile => AwsProfile.Parse(ProfileText, "deploy/aws.json");

    /// <summary>The model the AppHost builds from the sample matrix (contacts v1/v2 x2, insights v1/v2 x1, calling contacts).</summary>
    public static DeploymentModel SampleModel() => new(
        [
            new DeployApp("login", AppKind.Login, "login", 8080, 1),
            new DeployApp("gateway", AppKind.Gateway, "gateway", 8080, 1),
            new DeployApp("contacts-v1", AppKind.ServiceVersion, "contacts", 8080, 2, "contacts", "v1"),
            new DeployApp("contacts-v2", AppKind.ServiceVersion, "contacts", 8080, 2, "contacts", "v2"),
            new DeployApp("insights-v1", AppKind.ServiceVersion, "insights", 8080, 1, "insights", "v1") { Calls = ["contacts"] },
            new DeployApp("insights-v2", AppKind.ServiceVersion, "insights", 8080, 1, "insights", "v2") { Calls = ["contacts"] },
        ],
        [new("VersionMatrix__contacts__Default", "v1")],
        File.ReadAllText(Path.Combine(RepositoryRoot, "dapr", "components", "resiliency.yaml")));

    /// <summary>
    /// Every kind the output may hold, for a strict load: KubernetesClient's models plus the typed records of the
    /// Dapr, External Secrets and kustomize kinds. A field no type declares fails the load.
    /// </summary>
    public static readonly IDictionary<string, Type> KnownKinds = BuildKnownKinds();

    private static Dictionary<string, Type> BuildKnownKinds()
    {
        var kinds = typeof(V1Pod).Assembly.GetTypes()
            .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(e => e.Entity is not null && !e.Type.Name.EndsWith("List", StringComparison.Ordinal))
            .GroupBy(e => string.IsNullOrEmpty(e.Entity!.Group) ? $"{e.Entity.ApiVersion}/{e.Entity.Kind}" : $"{e.Entity.Group}/{e.Entity.ApiVersion}/{e.Entity.Kind}")
            .ToDictionary(g => g.Key, g => g.First().Type);
        kinds["dapr.io/v1alpha1/Component"] = typeof(DaprComponent);
        kinds["dapr.io/v1alpha1/Configuration"] = typeof(DaprConfiguration);
        kinds["dapr.io/v1alpha1/Resiliency"] = typeof(DaprResiliency);
        kinds["external-secrets.io/v1/ExternalSecret"] = typeof(ExternalSecret);
        kinds["external-secrets.io/v1/ClusterSecretStore"] = typeof(ClusterSecretStore);
        kinds["kustomize.config.k8s.io/v1beta1/Kustomization"] = typeof(Kustomization);
        return kinds;
    }

    public static List<object> LoadStrict(string text) => KubernetesYaml.LoadAllFromString(text, KnownKinds, strict: true);

    /// <summary>Runs a tool; a missing tool fails the test with how to install it (never a silent skip).</summary>
    public static (int ExitCode, string Output) Run(string tool, IEnumerable<string> arguments, string? installHint = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail($"'{tool}' is needed by this test and was not found on PATH. {installHint ?? ""} (.ci/run installs it.)");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }
}
