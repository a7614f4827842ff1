using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Platform.Deploy;
using Platform.Matrix;
using Platform.Sidecars;
using YamlDotNet.Serialization;

namespace Platform.Tests.Deploy;

/// <summary>What <c>deploy/publish-aws.sh</c> writes, checked offline as far as it can be without a cluster or AWS.</summary>
public sealed class AwsOutputTests(AwsOutputFixture output) : IClassFixture<AwsOutputFixture>
{
    private static readonly VersionMatrix Matrix = VersionMatrix.FromConfiguration(new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(DeployTestSupport.RepositoryRoot, "AppHost", "appsettings.json")).Build());

    private static readonly AwsProfile Profile = DeployTestSupport.Profile;

    private IEnumerable<KeyValuePair<string, string>> KubernetesFiles => output.Files.Where(f => f.Key.StartsWith("kubernetes/", StringComparison.Ordinal));

    private List<object> Base => KubernetesFiles.Where(f => f.Key.StartsWith("kubernetes/base/", StringComparison.Ordinal)).SelectMany(f => DeployTestSupport.LoadStrict(f.Value)).ToList();

    [Fact]
    public void The_command_succeeds_and_says_what_became_of_the_images()
    {
        Assert.True(output.FirstRun.ExitCode == 0, output.FirstRun.Output);
        Assert.True(output.SecondRun.ExitCode == 0, output.SecondRun.Output);
        // Either the images were built, or (no base image here) the step says so and how to build them elsewhere.
        Assert.Matches("Images: NOT built. The .NET base image cannot be pulled|Image .*platform/gateway:.* written to images/", output.FirstRun.Output);
        Assert.Contains("Images: skipped (Deploy:Images=skip)", output.SecondRun.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_input_gives_byte_identical_files_wherever_they_are_written()
    {
        var second = AwsOutputFixture.FileSet(output.Second);

        Assert.Equal(output.Files.Keys, second.Keys);
        Assert.All(output.Files, f => Assert.True(f.Value == second[f.Key], $"{f.Key} differs between two runs"));
        var inProcess = AwsDeployment.Generate(Profile, DeployTestSupport.SampleModel());
        Assert.Equal(inProcess.Select(f => f.Content), AwsDeployment.Generate(Profile, DeployTestSupport.SampleModel()).Select(f => f.Content));
    }

    [Fact]
    public void Nothing_of_the_machine_is_in_the_files()
    {
        string[] machine = [DeployTestSupport.RepositoryRoot, output.Root, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.MachineName];
        foreach (var (path, text) in output.Files)
        {
            Assert.DoesNotContain(machine, m => text.Contains(m, StringComparison.Ordinal));
            Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(output.Files.Values, t => Regex.IsMatch(t, @"(^|[\s""'])/(home|root|tmp|work|Users)/", RegexOptions.Multiline));
    }

    [Fact]
    public void Every_Kubernetes_file_loads_back_strictly_and_serialises_to_the_same_text()
    {
        Assert.NotEmpty(KubernetesFiles);
        foreach (var (path, text) in KubernetesFiles)
        {
            var objects = DeployTestSupport.LoadStrict(text);
            Assert.NotEmpty(objects);
            var again = string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).ReplaceLineEndings("\n").TrimEnd('\n') + "\n"));
            Assert.True(text.EndsWith(again, StringComparison.Ordinal), $"{path} does not round-trip");
        }
    }

    [Fact]
    public void The_collector_configuration_loads_strictly_and_sends_traces_to_XRay_and_metrics_to_CloudWatch()
    {
        var configMap = Base.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == Names.Collector);

        var config = ClusterResources.CollectorDeserializer.Deserialize<CollectorConfig>(configMap.Data["collector.yaml"]);

        Assert.Equal(["awsxray"], config.Service.Pipelines.Traces.Exporters);
        Assert.Equal(["awsemf"], config.Service.Pipelines.Metrics.Exporters);
        Assert.Equal(["otlp"], config.Service.Pipelines.Traces.Receivers);
    }

    [Fact]
    public void Kustomize_renders_every_region()
    {
        foreach (var region in Profile.Regions)
        {
            var (exitCode, rendered) = DeployTestSupport.Run("kubectl", ["kustomize", Path.Combine(output.First, "kubernetes", "overlays", region.Name)],
                "Install kubectl (Debian: apt-get install -y kubectl from the Kubernetes apt repository, or kubernetes-client).");

            Assert.True(exitCode == 0, rendered);
            var objects = DeployTestSupport.LoadStrict(rendered);
            foreach (var version in Matrix.AllVersions)
            {
                var deployment = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == version.AppId);
                // The overlay points every pod at its own region's registry (ECR replication).
                Assert.StartsWith($"{Profile.Account}.dkr.ecr.{region.Name}.amazonaws.com/", deployment.Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
                Assert.EndsWith($":{Profile.ImageTag}", deployment.Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
            }

            var settings = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == Names.RegionConfigMap);
            Assert.Equal(region.Name == Profile.PrimaryRegion ? "primary" : "secondary", settings.Data["Region__Role"]);
            Assert.Equal(Profile.PrimaryRegion, settings.Data["Region__Primary"]);
        }
    }

    [Fact]
    public void Cfn_lint_passes_on_the_template()
    {
        var template = Path.Combine(output.First, "cloudformation", "platform.yaml");
        new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(template));

        var (exitCode, lint) = DeployTestSupport.Run("cfn-lint", [template], "Install cfn-lint (pip install cfn-lint).");

        Assert.True(exitCode == 0, lint);
    }

    [Fact]
    public void Every_matrix_version_login_and_the_gateway_have_a_Deployment_Service_autoscaler_and_disruption_budget()
    {
        var objects = Base;
        var appIds = Matrix.AllVersions.Select(v => (v.AppId, Min: v.Instances)).Append(("login", Profile.Replicas["login"].Min!.Value)).Append(("gateway", Profile.Replicas["gateway"].Min!.Value));
        foreach (var (appId, min) in appIds)
        {
            var deployment = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == appId);
            Assert.Null(deployment.Spec.Replicas);
            Assert.Single(objects.OfType<V1Service>(), s => s.Metadata.Name == appId);
            Assert.Single(objects.OfType<V1PodDisruptionBudget>(), s => s.Metadata.Name == appId);
            var hpa = objects.OfType<V2HorizontalPodAutoscaler>().Single(h => h.Metadata.Name == appId);
            Assert.Equal(min, hpa.Spec.MinReplicas);
            Assert.Equal(Profile.Replicas[appId].Max, hpa.Spec.MaxReplicas);
            Assert.Equal(("Deployment", appId), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));

            var annotations = deployment.Spec.Template.Metadata.Annotations;
            Assert.Equal("true", annotations["dapr.io/enabled"]);
            Assert.Equal(appId, annotations["dapr.io/app-id"]);
            Assert.Equal(Names.DaprConfiguration, annotations["dapr.io/config"]);
            Assert.Equal("true", annotations["dapr.io/enable-app-health-check"]);
            Assert.Equal(Names.ApiTokenSecret(appId), annotations["dapr.io/api-token-secret"]);
            Assert.Equal(Names.AppTokenSecret(appId), annotations["dapr.io/app-token-secret"]);
            var container = deployment.Spec.Template.Spec.Containers.Single();
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.NotNull(container.Resources.Requests["cpu"]);
            Assert.NotNull(container.Resources.Requests["memory"]);
            Assert.DoesNotContain("latest", container.Image, StringComparison.Ordinal);
        }

        Assert.Equal(Matrix.AllVersions.Count() + 2, objects.OfType<V1Deployment>().Count(d => d.Spec.Template.Metadata.Annotations?.ContainsKey("dapr.io/app-id") == true));
    }

    [Fact]
    public void Service_selectors_match_pod_labels_and_the_ports_agree()
    {
        var objects = Base;
        foreach (var service in objects.OfType<V1Service>())
        {
            var pods = objects.OfType<V1Deployment>().Where(d => service.Spec.Selector.All(s => d.Spec.Template.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value)).ToList();
            var deployment = Assert.Single(pods);
            Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
            var container = deployment.Spec.Template.Spec.Containers[0];
            Assert.All(service.Spec.Ports, p => Assert.Contains(container.Ports, c => c.Name == p.TargetPort.Value));

            if (deployment.Spec.Template.Metadata.Annotations?.TryGetValue("dapr.io/app-port", out var appPort) == true)
            {
                var http = container.Ports.Single(p => p.Name == Names.HttpPortName).ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(http, appPort);
                Assert.Equal(http, container.Env.Single(e => e.Name == "ASPNETCORE_HTTP_PORTS").Value);
            }
        }
    }

    [Fact]
    public void No_secret_is_written_as_a_literal()
    {
        var objects = KubernetesFiles.SelectMany(f => DeployTestSupport.LoadStrict(f.Value)).ToList();
        Assert.Empty(objects.OfType<V1Secret>());
        var env = objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers).SelectMany(c => c.Env ?? []).ToList();
        Assert.All(env.Where(e => Regex.IsMatch(e.Name, "PASSWORD|TOKEN|SECRET|KEY", RegexOptions.IgnoreCase)), e => Assert.NotNull(e.ValueFrom?.SecretKeyRef));
        // The Redis connection string is put together by Kubernetes from the secret ($(VAR) expansion).
        Assert.All(env.Where(e => e.Value?.Contains("password=", StringComparison.OrdinalIgnoreCase) == true),
            e => Assert.Contains("password=$(PLATFORM_REDIS_PASSWORD)", e.Value, StringComparison.Ordinal));
        var store = objects.OfType<DaprComponent>().Single(c => c.Metadata.Name == Names.StateStore);
        Assert.All(store.Spec.Metadata.Where(m => m.Name is "redisPassword" or "redisHost"), m => Assert.NotNull(m.SecretKeyRef));
        Assert.Equal("true", store.Spec.Metadata.Single(m => m.Name == "enableTLS").Value);
        Assert.Equal("name", store.Spec.Metadata.Single(m => m.Name == "keyPrefix").Value);
        Assert.Equal(["login"], store.Scopes);

        var template = output.Files["cloudformation/platform.yaml"];
        Assert.Contains("{{resolve:secretsmanager:", template, StringComparison.Ordinal);
        // Secret-valued properties hold an intrinsic (a dynamic reference or the endpoint), never a value on their line.
        Assert.DoesNotMatch(@"(?im)^[ \t]*(AuthToken|Password|SecretString):[ \t]*\S", template);
    }

    [Fact]
    public void Dapr_allows_only_the_gateway_and_the_versions_of_services_that_call_others_to_invoke_and_uses_the_local_resiliency_policy()
    {
        var configuration = Base.OfType<DaprConfiguration>().Single();
        Assert.Equal("deny", configuration.Spec.AccessControl!.DefaultAction);
        Assert.Equal(
            [("gateway", "allow", Profile.Namespace), ("insights-v1", "allow", Profile.Namespace), ("insights-v2", "allow", Profile.Namespace)],
            configuration.Spec.AccessControl.Policies.Select(p => (p.AppId, p.DefaultAction, p.Namespace)));
        Assert.StartsWith($"{Names.Collector}.", configuration.Spec.Tracing!.Otel!.EndpointAddress, StringComparison.Ordinal);

        var local = new DeserializerBuilder().WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance).Build()
            .Deserialize<DaprResiliency>(File.ReadAllText(Path.Combine(DeployTestSupport.RepositoryRoot, "dapr", "components", "resiliency.yaml")));
        var deployed = Base.OfType<DaprResiliency>().Single();
        Assert.Equal(KubernetesYaml.Serialize(local.Spec), KubernetesYaml.Serialize(deployed.Spec));
    }

    [Fact]
    public void A_service_version_that_calls_others_gets_Dapr_mode_and_the_matrix_and_one_that_does_not_gets_neither()
    {
        Dictionary<string, string?> EnvOf(string appId) => Base.OfType<V1Deployment>().Single(d => d.Metadata.Name == appId)
            .Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name, e => (string?)e.Value);

        var insights = EnvOf("insights-v2");
        var contacts = EnvOf("contacts-v1");

        Assert.Equal("On", insights["Dapr__Mode"]);
        Assert.Equal("v1", insights["VersionMatrix__contacts__Default"]);
        Assert.DoesNotContain("Dapr__Mode", contacts.Keys);
        Assert.DoesNotContain(contacts.Keys, k => k.StartsWith("VersionMatrix__", StringComparison.Ordinal));
    }

    [Fact]
    public void The_sidecars_APIs_are_cut_to_the_local_allowlist_and_every_app_gets_both_Dapr_tokens()
    {
        var configuration = Base.OfType<DaprConfiguration>().Single();
        var local = new DeserializerBuilder().WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties().Build()
            .Deserialize<LocalConfiguration>(File.ReadAllText(Path.Combine(DeployTestSupport.RepositoryRoot, "dapr", "config.yaml")));

        Assert.Equal(KubernetesYaml.Serialize(local.Spec.Api), KubernetesYaml.Serialize(configuration.Spec.Api!));
        Assert.Equal("public", configuration.Spec.AccessControl!.TrustDomain);
        foreach (var deployment in Base.OfType<V1Deployment>().Where(d => d.Spec.Template.Metadata.Annotations?.ContainsKey("dapr.io/app-id") == true))
        {
            var annotations = deployment.Spec.Template.Metadata.Annotations;
            Assert.Contains("dapr.io/api-token-secret", annotations.Keys);
            Assert.Contains("dapr.io/app-token-secret", annotations.Keys);
            var env = deployment.Spec.Template.Spec.Containers.Single().Env.Select(e => e.Name).ToList();
            Assert.Contains(DaprTokens.ApiTokenVariable, env);
            Assert.Contains(DaprTokens.AppTokenVariable, env);
        }
    }

    private sealed record LocalConfiguration
    {
        public required LocalConfigurationSpec Spec { get; init; }
    }

    private sealed record LocalConfigurationSpec
    {
        public required DaprApiSpec Api { get; init; }
    }

    [Fact]
    public void Each_location_goes_to_one_region_and_exactly_one_region_takes_the_rest()
    {
        var ingresses = Profile.Regions.SelectMany(r => DeployTestSupport.LoadStrict(output.Files[$"kubernetes/overlays/{r.Name}/ingress.yaml"]).OfType<V1Ingress>()
            .Select(i => (Region: r.Name, Annotations: i.Metadata.Annotations))).ToList();
        string Location(IDictionary<string, string> a) =>
            a.TryGetValue("external-dns.alpha.kubernetes.io/aws-geolocation-continent-code", out var c) ? $"continent:{c}" : $"country:{a["external-dns.alpha.kubernetes.io/aws-geolocation-country-code"]}";

        Assert.Equal(ingresses.Count, ingresses.Select(i => i.Annotations["external-dns.alpha.kubernetes.io/set-identifier"]).Distinct().Count());
        Assert.Equal(ingresses.Count, ingresses.Select(i => Location(i.Annotations)).Distinct().Count());
        Assert.Single(ingresses, i => Location(i.Annotations) == "country:*");
        Assert.All(ingresses, i => Assert.Equal(Profile.Domain, i.Annotations["external-dns.alpha.kubernetes.io/hostname"]));
        foreach (var region in Profile.Regions)
        {
            var dns = DeployTestSupport.LoadStrict(output.Files[$"kubernetes/overlays/{region.Name}/external-dns.yaml"]).OfType<V1Deployment>().Single();
            Assert.Contains($"--txt-owner-id={Profile.ClusterName}-{region.Name}", dns.Spec.Template.Spec.Containers[0].Args);
        }
    }

    [Fact]
    public void A_bad_profile_makes_the_command_fail_listing_every_problem()
    {
        var bad = Path.Combine(output.Root, "bad.json");
        File.WriteAllText(bad, DeployTestSupport.ProfileText.Replace("\"1.0.0\"", "\"latest\"", StringComparison.Ordinal).Replace("\"us-east-1\"", "\"us-east-9\"", StringComparison.Ordinal));

        var (exitCode, text) = DeployTestSupport.Run(Path.Combine(DeployTestSupport.RepositoryRoot, "deploy", "publish-aws.sh"),
            [Path.Combine(output.Root, "bad-out"), $"--Deploy:Profile={bad}", "--Deploy:Images=skip"]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("not 'latest'", text, StringComparison.Ordinal);
        Assert.Contains("'us-east-9' is not an AWS region", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output.Root, "bad-out", "kubernetes")));
    }
}
