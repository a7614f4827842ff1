using Platform.Settings;
using Platform.Sidecars;
using System.Globalization;
using k8s.Models;

namespace Platform.Deploy;

/// <summary>
/// The Kubernetes objects of one app-id: a Deployment (Dapr sidecar by annotation, no replica count: the HPA owns
/// it), its Service, HorizontalPodAutoscaler and PodDisruptionBudget.
/// </summary>
internal static class KubernetesManifests
{
    public const int ServicePort = 80;

    private static readonly Dictionary<AppKind, (string Cpu, string Memory)> Requests = new()
    {
        // Starting points sized from the local benchmark (gateway CPU-bound on forwarding); the HPA adds pods.
        [AppKind.Gateway] = ("250m", "256Mi"),
        [AppKind.Login] = ("100m", "192Mi"),
        [AppKind.ServiceVersion] = ("100m", "128Mi"),
    };

    public static IReadOnlyList<object> ForApp(DeployApp app, AwsProfile profile, DeploymentModel model)
    {
        var bounds = profile.Replicas[app.AppId];
        return
        [
            Deployment(app, profile, model),
            Service(app, profile),
            Autoscaler(app, profile, bounds.Min ?? app.Instances, bounds.Max),
            DisruptionBudget(app, profile),
        ];
    }

    public static Dictionary<string, string> Selector(DeployApp app) => new()
    {
        ["app.kubernetes.io/name"] = app.AppId,
    };

    public static Dictionary<string, string> Labels(DeployApp app)
    {
        var labels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = app.AppId,
            ["app.kubernetes.io/part-of"] = Names.PartOf,
        };
        if (app.Kind == AppKind.ServiceVersion)
        {
            labels["platform/service"] = app.Service!;
            labels["platform/version"] = app.Version!;
        }

        return labels;
    }

    private static V1ObjectMeta Meta(DeployApp app, AwsProfile profile) =>
        new() { Name = app.AppId, NamespaceProperty = profile.Namespace, Labels = Labels(app) };

    private static V1Deployment Deployment(DeployApp app, AwsProfile profile, DeploymentModel model)
    {
        var port = app.Port.ToString(CultureInfo.InvariantCulture);
        var (cpu, memory) = Requests[app.Kind];
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Meta(app, profile),
            Spec = new V1DeploymentSpec
            {
                // No Replicas: the HorizontalPodAutoscaler owns the count; a value here would reset it on every apply.
                RevisionHistoryLimit = 5,
                Selector = new V1LabelSelector { MatchLabels = Selector(app) },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    // Never below the floor while rolling: sessions pinned to this version keep being served.
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 0, MaxSurge = 1 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Labels(app),
                        // Dapr reads these from the pod template, every value a string.
                        Annotations = new Dictionary<string, string>
                        {
                            ["dapr.io/enabled"] = "true",
                            ["dapr.io/app-id"] = app.AppId,
                            ["dapr.io/app-port"] = port,
                            ["dapr.io/config"] = Names.DaprConfiguration,
                            ["dapr.io/enable-app-health-check"] = "true",
                            ["dapr.io/app-health-check-path"] = "/health",
                            // Per-sidecar tokens: callers of the sidecar's API must send DAPR_API_TOKEN, and the
                            // sidecar proves itself to the app with APP_API_TOKEN.
                            ["dapr.io/api-token-secret"] = Names.ApiTokenSecret(app.AppId),
                            ["dapr.io/app-token-secret"] = Names.AppTokenSecret(app.AppId),
                            ["dapr.io/log-as-json"] = "true",
                        },
                    },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        // Spread over availability zones so one zone's loss leaves the version running.
                        TopologySpreadConstraints =
                        [
                            new V1TopologySpreadConstraint
                            {
                                MaxSkew = 1,
                                TopologyKey = "topology.kubernetes.io/zone",
                                WhenUnsatisfiable = "ScheduleAnyway",
                                LabelSelector = new V1LabelSelector { MatchLabels = Selector(app) },
                            },
                        ],
                        Volumes = UsesKeyRing(app)
                            ? [new V1Volume { Name = KeyRingVolume, Secret = new V1SecretVolumeSource { SecretName = Names.KeyRingCertificateSecret, DefaultMode = 0x100 } }] // 0400
                            : null,
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Names.AppContainer,
                                Image = $"{profile.Image(profile.PrimaryRegion, app.Repository)}:{profile.ImageTag}",
                                ImagePullPolicy = "IfNotPresent",
                                Ports = [new V1ContainerPort { Name = Names.HttpPortName, ContainerPort = app.Port, Protocol = "TCP" }],
                                Env = Environment(app, profile, model),
                                VolumeMounts = UsesKeyRing(app)
                                    ? [new V1VolumeMount { Name = KeyRingVolume, MountPath = Names.KeyRingCertificateDirectory, ReadOnlyProperty = true }]
                                    : null,
                                EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = Names.RegionConfigMap } }],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory) },
                                    // Memory is limited (a leak restarts one pod, not the node); CPU is not (throttling hurts latency).
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new(Double(memory)) },
                                },
                                LivenessProbe = Probe("/alive", periodSeconds: 10, failureThreshold: 3),
                                ReadinessProbe = Probe("/health", periodSeconds: 5, failureThreshold: 2),
                                StartupProbe = Probe("/alive", periodSeconds: 2, failureThreshold: 30),
                                SecurityContext = new V1SecurityContext
                                {
                                    AllowPrivilegeEscalation = false,
                                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                                },
                            },
                        ],
                    },
                },
            },
        };
    }

    private static string Double(string memory) =>
        (int.Parse(memory[..^2], CultureInfo.InvariantCulture) * 2).ToString(CultureInfo.InvariantCulture) + memory[^2..];

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = Names.HttpPortName },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 2,
    };

    private static List<V1EnvVar> Environment(DeployApp app, AwsProfile profile, DeploymentModel model)
    {
        var collector = $"http://{Names.Collector}.{profile.Namespace}.svc.cluster.local:{Names.OtlpGrpcPort}";
        var env = new List<V1EnvVar>
        {
            // The port Kestrel listens on is the containerPort and Dapr's app-port: one number, three places.
            Literal("ASPNETCORE_HTTP_PORTS", app.Port.ToString(CultureInfo.InvariantCulture)),
            Literal("ASPNETCORE_ENVIRONMENT", "Production"),
            Literal("OTEL_EXPORTER_OTLP_ENDPOINT", collector),
            Literal("OTEL_SERVICE_NAME", app.AppId),
            SecretRef(DaprTokens.ApiTokenVariable, Names.ApiTokenSecret(app.AppId), "token"),
            SecretRef(DaprTokens.AppTokenVariable, Names.AppTokenSecret(app.AppId), "token"),
        };

        switch (app.Kind)
        {
            case AppKind.ServiceVersion:
                env.Add(Literal(PlatformSettings.EnvironmentVariable<ServiceOptions>(nameof(ServiceOptions.Version)), app.Version!));
                // The pod name tells instances apart, as contacts-v2-1 / -2 do under the AppHost.
                env.Add(new V1EnvVar { Name = PlatformSettings.EnvironmentVariable<ServiceOptions>(nameof(ServiceOptions.Instance)), ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } });
                // Services read the key ring to check the caller token the gateway seals into every request.
                AddKeyRing(env);
                if (app.Calls.Count > 0)
                {
                    // Calls to other services' pinned versions go through the sidecar by app-id, checked against the matrix.
                    env.Add(Literal(PlatformSettings.EnvironmentVariable<DaprOptions>(nameof(DaprOptions.Mode)), nameof(DaprMode.On)));
                    env.AddRange(model.MatrixSettings.Select(s => Literal(s.Key, s.Value)));
                }

                break;
            case AppKind.Login:
                // Assignments through the sidecar's state store (ElastiCache), as Dapr mode does under the AppHost.
                env.Add(Literal(PlatformSettings.EnvironmentVariable<DaprOptions>(nameof(DaprOptions.Mode)), nameof(DaprMode.On)));
                env.Add(Literal(PlatformSettings.EnvironmentVariable<StoreOptions>(nameof(StoreOptions.Kind)), nameof(StoreKind.Redis)));
                AddKeyRing(env);
                env.AddRange(model.MatrixSettings.Select(s => Literal(s.Key, s.Value)));
                break;
            case AppKind.Gateway:
                env.Add(Literal(PlatformSettings.EnvironmentVariable<DaprOptions>(nameof(DaprOptions.Mode)), nameof(DaprMode.On)));
                // TLS ends at the load balancer: the scheme and client address come from X-Forwarded-*.
                env.Add(Literal("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"));
                env.Add(Literal(PlatformSettings.EnvironmentVariable<WebOptions>(nameof(WebOptions.Root)), "/app/web"));
                AddKeyRing(env);
                env.AddRange(model.MatrixSettings.Select(s => Literal(s.Key, s.Value)));
                break;
        }

        return env;
    }

    /// <summary>
    /// The session key ring lives in the regional ElastiCache (a replica of the primary's in other regions), so one
    /// key ring serves every region. The connection string is put together by Kubernetes from the secret's values
    /// (<c>$(VAR)</c> expansion), so no secret is written into a manifest.
    /// </summary>
    private const string KeyRingVolume = "keyring-certificate";

    // Login seals sessions, the gateway reads them and seals caller tokens, the services check those: all read it.
    private static bool UsesKeyRing(DeployApp app) => app.Kind is AppKind.Login or AppKind.Gateway or AppKind.ServiceVersion;

    private static void AddKeyRing(List<V1EnvVar> env)
    {
        // The key ring is encrypted at rest with this certificate (required outside Development).
        env.Add(Literal(PlatformSettings.EnvironmentVariable<SessionOptions>(nameof(SessionOptions.CertificatePath)),
            $"{Names.KeyRingCertificateDirectory}/{Names.KeyRingCertificateFile}"));
        env.Add(SecretRef("PLATFORM_REDIS_HOST", Names.RedisSecret, "host"));
        env.Add(SecretRef("PLATFORM_REDIS_PASSWORD", Names.RedisSecret, "password"));
        env.Add(Literal($"ConnectionStrings__{PlatformResources.Redis}",
            $"$(PLATFORM_REDIS_HOST):{Names.RedisPort},ssl=true,password=$(PLATFORM_REDIS_PASSWORD),abortConnect=false"));
    }

    private static V1EnvVar Literal(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar SecretRef(string name, string secret, string key) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } } };

    private static V1Service Service(DeployApp app, AwsProfile profile) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(app, profile),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = Selector(app),
            Ports = [new V1ServicePort { Name = Names.HttpPortName, Port = ServicePort, TargetPort = Names.HttpPortName, Protocol = "TCP" }],
        },
    };

    private static V2HorizontalPodAutoscaler Autoscaler(DeployApp app, AwsProfile profile, int min, int max) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Meta(app, profile),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = app.AppId },
            MinReplicas = min,
            MaxReplicas = max,
            Metrics =
            [
                new V2MetricSpec
                {
                    // The app container's CPU only: the Dapr sidecar's would blur the figure.
                    Type = "ContainerResource",
                    ContainerResource = new V2ContainerResourceMetricSource
                    {
                        Container = Names.AppContainer,
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = 70 },
                    },
                },
            ],
            Behavior = new V2HorizontalPodAutoscalerBehavior
            {
                ScaleDown = new V2HPAScalingRules { StabilizationWindowSeconds = 300 },
            },
        },
    };

    private static V1PodDisruptionBudget DisruptionBudget(DeployApp app, AwsProfile profile) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Meta(app, profile),
        Spec = new V1PodDisruptionBudgetSpec
        {
            // One pod at a time: a drain never takes a whole version away, and never blocks on a one-pod app.
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = Selector(app) },
        },
    };
}
