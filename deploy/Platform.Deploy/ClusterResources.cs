using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Platform.Deploy;

/// <summary>The shared resources of the base: Dapr's, the OpenTelemetry collector, the secrets pulled from AWS.</summary>
internal static class ClusterResources
{
    // Pinned versions of the third-party images: a rollout never picks up a new one by itself.
    public const string CollectorImage = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";
    public const string ExternalDnsImage = "registry.k8s.io/external-dns/external-dns:v0.15.1";

    private static ObjectMeta Meta(AwsProfile profile, string name) => new() { Name = name, Namespace = profile.Namespace };

    public static V1Namespace Namespace(AwsProfile profile) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = profile.Namespace, Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = Names.PartOf } },
    };

    /// <summary>
    /// The assignments store as login's local sidecar has it (<c>dapr/stores/redis</c>): same name and
    /// <c>keyPrefix: name</c>, so keys read <c>assignments||tenant:acme</c> everywhere, on ElastiCache with TLS and
    /// AUTH. Scoped to login: no other app-id's sidecar loads it, so no other app can use its state API.
    /// </summary>
    public static DaprComponent StateStore(AwsProfile profile) => new()
    {
        Metadata = Meta(profile, Names.StateStore),
        Spec = new DaprComponentSpec
        {
            Type = "state.redis",
            Version = "v1",
            Metadata =
            [
                new DaprMetadataItem { Name = "redisHost", SecretKeyRef = new DaprSecretKeyRef { Name = Names.RedisSecret, Key = "hostPort" } },
                new DaprMetadataItem { Name = "redisPassword", SecretKeyRef = new DaprSecretKeyRef { Name = Names.RedisSecret, Key = "password" } },
                new DaprMetadataItem { Name = "enableTLS", Value = "true" },
                new DaprMetadataItem { Name = "keyPrefix", Value = "name" },
                new DaprMetadataItem { Name = "actorStateStore", Value = "false" },
            ],
        },
        Auth = new DaprComponentAuth { SecretStore = "kubernetes" },
        Scopes = ["login"],
    };

    /// <summary>
    /// One Configuration for every sidecar: traces to the collector, and access control that refuses every
    /// invocation except the gateway's and those of the service versions that call other services (the matrix's
    /// <c>Calls</c>: insights asks contacts on its callers' behalf), checked by the callee's sidecar against the
    /// caller's mTLS identity. The Configuration is shared, so such a caller may invoke any app-id as far as Dapr is
    /// concerned; the callee still answers only a caller token the gateway sealed. Apps get no secrets through Dapr's API: components resolve their own. The API
    /// allowlist is the local one (dapr/config.yaml; a test holds them equal): invocation over HTTP for the gateway,
    /// state over gRPC for login, nothing else (no metadata, no shutdown).
    /// </summary>
    public static DaprConfiguration Configuration(AwsProfile profile, DeploymentModel model) => new()
    {
        Metadata = Meta(profile, Names.DaprConfiguration),
        Spec = new DaprConfigurationSpec
        {
            Api = new DaprApiSpec
            {
                Allowed =
                [
                    new DaprApiRule { Name = "invoke", Version = "v1.0", Protocol = "http" },
                    new DaprApiRule { Name = "state", Version = "v1", Protocol = "grpc" },
                ],
            },
            Tracing = new DaprTracing
            {
                SamplingRate = "1",
                Otel = new DaprOtel
                {
                    EndpointAddress = $"{Names.Collector}.{profile.Namespace}.svc.cluster.local:{Names.OtlpGrpcPort}",
                    IsSecure = false,
                    Protocol = "grpc",
                },
            },
            Metrics = new DaprMetricsSpec { Enabled = true },
            AccessControl = new DaprAccessControl
            {
                DefaultAction = "deny",
                TrustDomain = "public",
                Policies =
                [
                    new DaprAppPolicy { AppId = "gateway", DefaultAction = "allow", TrustDomain = "public", Namespace = profile.Namespace },
                    .. model.Apps.Where(app => app.Calls.Count > 0).OrderBy(app => app.AppId, StringComparer.Ordinal)
                        .Select(app => new DaprAppPolicy { AppId = app.AppId, DefaultAction = "allow", TrustDomain = "public", Namespace = profile.Namespace }),
                ],
            },
            Secrets = new DaprSecretsSpec { Scopes = [new DaprSecretScope { StoreName = "kubernetes", DefaultAccess = "deny" }] },
        },
    };

    /// <summary>The resiliency policy the local sidecars use (<c>dapr/components/resiliency.yaml</c>), in the namespace.</summary>
    public static DaprResiliency Resiliency(AwsProfile profile, string resiliencyYaml)
    {
        // Strict: a policy field this type does not know must fail here, not vanish from the deployment.
        var local = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<DaprResiliency>(resiliencyYaml);
        return local with { Metadata = local.Metadata with { Namespace = profile.Namespace } };
    }

    /// <summary>Secrets copied from AWS Secrets Manager by the External Secrets Operator; none is in a manifest.</summary>
    public static IEnumerable<object> Secrets(AwsProfile profile, DeploymentModel model)
    {
        yield return ExternalSecret(profile, Names.RedisSecret,
        [
            new ExternalSecretData { SecretKey = "password", RemoteRef = new RemoteRef { Key = Names.RedisAuthSecretName } },
            new ExternalSecretData { SecretKey = "host", RemoteRef = new RemoteRef { Key = Names.RedisEndpointSecretName, Property = "host" } },
            new ExternalSecretData { SecretKey = "hostPort", RemoteRef = new RemoteRef { Key = Names.RedisEndpointSecretName, Property = "hostPort" } },
        ]);
        yield return ExternalSecret(profile, Names.KeyRingCertificateSecret,
            [new ExternalSecretData { SecretKey = Names.KeyRingCertificateFile, RemoteRef = new RemoteRef { Key = Names.KeyRingCertificateSecretName } }]);
        foreach (var app in model.Apps)
        {
            yield return ExternalSecret(profile, Names.ApiTokenSecret(app.AppId),
                [new ExternalSecretData { SecretKey = "token", RemoteRef = new RemoteRef { Key = Names.ApiTokenSecretName(app.AppId) } }]);
            yield return ExternalSecret(profile, Names.AppTokenSecret(app.AppId),
                [new ExternalSecretData { SecretKey = "token", RemoteRef = new RemoteRef { Key = Names.AppTokenSecretName(app.AppId) } }]);
        }
    }

    private static ExternalSecret ExternalSecret(AwsProfile profile, string name, IList<ExternalSecretData> data) => new()
    {
        Metadata = Meta(profile, name),
        Spec = new ExternalSecretSpec
        {
            RefreshInterval = "1h",
            SecretStoreRef = new SecretStoreRef { Name = Names.SecretStore, Kind = "ClusterSecretStore" },
            Target = new ExternalSecretTarget { Name = name, CreationPolicy = "Owner" },
            Data = data,
        },
    };

    public static CollectorConfig CollectorConfiguration() => new()
    {
        Receivers = new CollectorReceivers
        {
            Otlp = new OtlpReceiver
            {
                Protocols = new OtlpProtocols
                {
                    Grpc = new CollectorEndpoint { Endpoint = $"0.0.0.0:{Names.OtlpGrpcPort}" },
                    Http = new CollectorEndpoint { Endpoint = $"0.0.0.0:{Names.OtlpHttpPort}" },
                },
            },
        },
        Processors = new CollectorProcessors
        {
            MemoryLimiter = new MemoryLimiterProcessor { CheckInterval = "1s", LimitPercentage = 80, SpikeLimitPercentage = 25 },
            // Adds the cluster, region and node to every span and metric, so one X-Ray/CloudWatch view holds all regions.
            Resourcedetection = new ResourceDetectionProcessor { Detectors = ["env", "eks", "ec2"], Timeout = "5s", Override = false },
            Batch = new BatchProcessor { Timeout = "5s" },
        },
        Exporters = new CollectorExporters
        {
            Awsxray = new XRayExporter { IndexedAttributes = ["platform.tenant", "platform.service", "platform.version", "platform.app_id"] },
            Awsemf = new EmfExporter
            {
                Namespace = "Platform",
                LogGroupName = "/platform/metrics",
                ResourceToTelemetryConversion = new ResourceToTelemetryConversion { Enabled = true },
            },
        },
        Extensions = new CollectorExtensions { HealthCheck = new CollectorEndpoint { Endpoint = "0.0.0.0:13133" } },
        Service = new CollectorService
        {
            Extensions = ["health_check"],
            Pipelines = new CollectorPipelines
            {
                Traces = new CollectorPipeline { Receivers = ["otlp"], Processors = ["memory_limiter", "resourcedetection", "batch"], Exporters = ["awsxray"] },
                Metrics = new CollectorPipeline { Receivers = ["otlp"], Processors = ["memory_limiter", "resourcedetection", "batch"], Exporters = ["awsemf"] },
            },
        },
    };

    public static ISerializer CollectorSerializer { get; } = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public static IDeserializer CollectorDeserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static IEnumerable<object> Collector(AwsProfile profile)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Names.Collector, ["app.kubernetes.io/part-of"] = Names.PartOf };
        var meta = () => new V1ObjectMeta { Name = Names.Collector, NamespaceProperty = profile.Namespace, Labels = labels };
        yield return new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = meta() };
        yield return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = meta(),
            Data = new Dictionary<string, string> { ["collector.yaml"] = CollectorSerializer.Serialize(CollectorConfiguration()) },
        };
        yield return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = meta(),
            Spec = new V1DeploymentSpec
            {
                // Not autoscaled: two for availability.
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        // Its AWS credentials come from EKS Pod Identity, bound to this service account by the stack.
                        ServiceAccountName = Names.Collector,
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 10001 },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "collector",
                                Image = CollectorImage,
                                Args = ["--config=/conf/collector.yaml"],
                                Ports =
                                [
                                    new V1ContainerPort { Name = "otlp-grpc", ContainerPort = Names.OtlpGrpcPort, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "otlp-http", ContainerPort = Names.OtlpHttpPort, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "health", ContainerPort = 13133, Protocol = "TCP" },
                                ],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200m"), ["memory"] = new("256Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
                                },
                                LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = "health" } },
                                ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = "health" } },
                                VolumeMounts = [new V1VolumeMount { Name = "config", MountPath = "/conf", ReadOnlyProperty = true }],
                            },
                        ],
                        Volumes = [new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = Names.Collector } }],
                    },
                },
            },
        };
        yield return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = meta(),
            Spec = new V1ServiceSpec
            {
                Selector = labels,
                Ports =
                [
                    new V1ServicePort { Name = "otlp-grpc", Port = Names.OtlpGrpcPort, TargetPort = "otlp-grpc", Protocol = "TCP" },
                    new V1ServicePort { Name = "otlp-http", Port = Names.OtlpHttpPort, TargetPort = "otlp-http", Protocol = "TCP" },
                ],
            },
        };
    }
}
