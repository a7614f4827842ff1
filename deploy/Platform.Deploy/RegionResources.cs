using Platform.Settings;
using k8s.Models;

namespace Platform.Deploy;

/// <summary>What differs between regions: the region's role, its secret store, its DNS records and its images.</summary>
internal static class RegionResources
{
    /// <summary>
    /// The region settings every app reads (<c>envFrom</c>). Login in a secondary region neither writes assignments
    /// (its store is a read-only replica) nor creates session keys (the primary's key ring is replicated here).
    /// </summary>
    public static V1ConfigMap Settings(AwsProfile profile, AwsRegion region) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = Names.RegionConfigMap, NamespaceProperty = profile.Namespace },
        Data = new Dictionary<string, string>
        {
            [PlatformSettings.EnvironmentVariable<RegionOptions>(nameof(RegionOptions.Name))] = region.Name,
            [PlatformSettings.EnvironmentVariable<RegionOptions>(nameof(RegionOptions.Role))] = profile.IsPrimary(region) ? "primary" : "secondary",
            [PlatformSettings.EnvironmentVariable<RegionOptions>(nameof(RegionOptions.Primary))] = profile.PrimaryRegion,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"cloud.region={region.Name},deployment.environment=production",
        },
    };

    public static ClusterSecretStore SecretStore(AwsRegion region) => new()
    {
        Metadata = new ObjectMeta { Name = Names.SecretStore },
        // Credentials from EKS Pod Identity on the operator's service account; secrets are read in this region
        // (replicas of the primary's, plus the region's own ElastiCache endpoint).
        Spec = new ClusterSecretStoreSpec { Provider = new SecretStoreProvider { Aws = new AwsSecretStoreProvider { Service = "SecretsManager", Region = region.Name } } },
    };

    /// <summary>
    /// The gateway's ALB ingresses: one load balancer per region (one ingress group), and one ingress per geolocation
    /// rule because ExternalDNS makes one Route 53 record per ingress, with its set identifier and location. The
    /// default region also answers every location no rule names (<c>*</c>).
    /// </summary>
    public static IEnumerable<V1Ingress> Ingresses(AwsProfile profile, AwsRegion region, DeployApp gateway)
    {
        var order = 0;
        foreach (var rule in region.Geolocation)
        {
            yield return Ingress(profile, region, gateway, rule.Identifier, order++,
                rule.Continent is not null
                    ? ("external-dns.alpha.kubernetes.io/aws-geolocation-continent-code", rule.Continent)
                    : ("external-dns.alpha.kubernetes.io/aws-geolocation-country-code", rule.Country!));
        }

        if (region.Default)
        {
            yield return Ingress(profile, region, gateway, "default", order, ("external-dns.alpha.kubernetes.io/aws-geolocation-country-code", "*"));
        }
    }

    private static V1Ingress Ingress(AwsProfile profile, AwsRegion region, DeployApp gateway, string identifier, int order, (string Key, string Value) location) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "Ingress",
        Metadata = new V1ObjectMeta
        {
            Name = $"gateway-{identifier}",
            NamespaceProperty = profile.Namespace,
            Labels = KubernetesManifests.Labels(gateway),
            Annotations = new Dictionary<string, string>
            {
                ["alb.ingress.kubernetes.io/group.name"] = Names.AlbGroup,
                ["alb.ingress.kubernetes.io/group.order"] = order.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["alb.ingress.kubernetes.io/scheme"] = "internet-facing",
                ["alb.ingress.kubernetes.io/target-type"] = "ip",
                ["alb.ingress.kubernetes.io/listen-ports"] = "[{\"HTTP\": 80}, {\"HTTPS\": 443}]",
                ["alb.ingress.kubernetes.io/ssl-redirect"] = "443",
                ["alb.ingress.kubernetes.io/ssl-policy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06",
                ["alb.ingress.kubernetes.io/healthcheck-path"] = "/health",
                ["external-dns.alpha.kubernetes.io/hostname"] = profile.Domain,
                ["external-dns.alpha.kubernetes.io/set-identifier"] = $"{region.Name}-{identifier}",
                [location.Key] = location.Value,
            },
        },
        Spec = new V1IngressSpec
        {
            IngressClassName = "alb",
            // The certificate is found in ACM by host name (the load balancer controller's discovery).
            Tls = [new V1IngressTLS { Hosts = [profile.Domain] }],
            Rules =
            [
                new V1IngressRule
                {
                    Host = profile.Domain,
                    Http = new V1HTTPIngressRuleValue
                    {
                        Paths =
                        [
                            new V1HTTPIngressPath
                            {
                                Path = "/",
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend { Name = gateway.AppId, Port = new V1ServiceBackendPort { Name = Names.HttpPortName } },
                                },
                            },
                        ],
                    },
                },
            ],
        },
    };

    /// <summary>
    /// ExternalDNS for this cluster: it writes the geolocation records of this region's ingresses, and its own
    /// TXT owner id keeps it from touching the other regions' records of the same name.
    /// </summary>
    public static IEnumerable<object> ExternalDns(AwsProfile profile, AwsRegion region)
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = Names.ExternalDns, ["app.kubernetes.io/part-of"] = Names.PartOf };
        var clusterName = $"{profile.Namespace}-{Names.ExternalDns}";
        yield return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { Name = Names.ExternalDns, NamespaceProperty = profile.Namespace, Labels = labels },
        };
        yield return new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = new V1ObjectMeta { Name = clusterName, Labels = labels },
            Rules =
            [
                new V1PolicyRule { ApiGroups = [""], Resources = ["services", "endpoints", "pods", "nodes"], Verbs = ["get", "watch", "list"] },
                new V1PolicyRule { ApiGroups = ["discovery.k8s.io"], Resources = ["endpointslices"], Verbs = ["get", "watch", "list"] },
                new V1PolicyRule { ApiGroups = ["networking.k8s.io", "extensions"], Resources = ["ingresses"], Verbs = ["get", "watch", "list"] },
            ],
        };
        yield return new V1ClusterRoleBinding
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRoleBinding",
            Metadata = new V1ObjectMeta { Name = clusterName, Labels = labels },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterName },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Names.ExternalDns, NamespaceProperty = profile.Namespace }],
        };
        yield return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = Names.ExternalDns, NamespaceProperty = profile.Namespace, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                // One writer per cluster; two would race on the same records.
                Replicas = 1,
                Strategy = new V1DeploymentStrategy { Type = "Recreate" },
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = Names.ExternalDns,
                        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 65534 },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = Names.ExternalDns,
                                Image = ClusterResources.ExternalDnsImage,
                                Args =
                                [
                                    "--source=ingress",
                                    $"--namespace={profile.Namespace}",
                                    "--provider=aws",
                                    "--aws-zone-type=public",
                                    $"--domain-filter={profile.Domain}",
                                    // Never deletes what it did not write; a region going away does not remove the others' records.
                                    "--policy=upsert-only",
                                    "--registry=txt",
                                    $"--txt-owner-id={profile.ClusterName}-{region.Name}",
                                ],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("128Mi") },
                                },
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, ReadOnlyRootFilesystem = true },
                            },
                        ],
                    },
                },
            },
        };
    }
}
