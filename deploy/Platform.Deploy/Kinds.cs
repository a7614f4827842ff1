using YamlDotNet.Serialization;

namespace Platform.Deploy;

// Typed records for the kinds KubernetesClient has no model for: Dapr's (dapr.io/v1alpha1), kustomize's, the External
// Secrets Operator's. Property names are serialised camelCase by KubernetesYaml, as the CRDs spell them; nulls are
// left out. Tests load every file back strictly into these types, so a field they do not declare fails the test.

internal sealed record ObjectMeta
{
    public required string Name { get; init; }

    public string? Namespace { get; init; }

    public IDictionary<string, string>? Labels { get; init; }
}

internal sealed record DaprComponent
{
    public string ApiVersion { get; init; } = "dapr.io/v1alpha1";

    public string Kind { get; init; } = "Component";

    public required ObjectMeta Metadata { get; init; }

    public required DaprComponentSpec Spec { get; init; }

    public DaprComponentAuth? Auth { get; init; }

    public IList<string>? Scopes { get; init; }
}

internal sealed record DaprComponentSpec
{
    public required string Type { get; init; }

    public required string Version { get; init; }

    public required IList<DaprMetadataItem> Metadata { get; init; }

    public string? InitTimeout { get; init; }

    public bool? IgnoreErrors { get; init; }
}

internal sealed record DaprMetadataItem
{
    public required string Name { get; init; }

    public string? Value { get; init; }

    public DaprSecretKeyRef? SecretKeyRef { get; init; }
}

internal sealed record DaprSecretKeyRef
{
    public required string Name { get; init; }

    public required string Key { get; init; }
}

internal sealed record DaprComponentAuth
{
    public required string SecretStore { get; init; }
}

internal sealed record DaprConfiguration
{
    public string ApiVersion { get; init; } = "dapr.io/v1alpha1";

    public string Kind { get; init; } = "Configuration";

    public required ObjectMeta Metadata { get; init; }

    public required DaprConfigurationSpec Spec { get; init; }
}

internal sealed record DaprConfigurationSpec
{
    public DaprApiSpec? Api { get; init; }

    public DaprTracing? Tracing { get; init; }

    public DaprMetricsSpec? Metrics { get; init; }

    public DaprAccessControl? AccessControl { get; init; }

    public DaprSecretsSpec? Secrets { get; init; }
}

internal sealed record DaprApiSpec
{
    public required IList<DaprApiRule> Allowed { get; init; }
}

internal sealed record DaprApiRule
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required string Protocol { get; init; }
}

internal sealed record DaprTracing
{
    public required string SamplingRate { get; init; }

    public DaprOtel? Otel { get; init; }
}

internal sealed record DaprOtel
{
    public required string EndpointAddress { get; init; }

    public required bool IsSecure { get; init; }

    public required string Protocol { get; init; }
}

internal sealed record DaprMetricsSpec
{
    public required bool Enabled { get; init; }
}

internal sealed record DaprAccessControl
{
    public required string DefaultAction { get; init; }

    public required string TrustDomain { get; init; }

    public required IList<DaprAppPolicy> Policies { get; init; }
}

internal sealed record DaprAppPolicy
{
    public required string AppId { get; init; }

    public required string DefaultAction { get; init; }

    public required string TrustDomain { get; init; }

    public required string Namespace { get; init; }
}

internal sealed record DaprSecretsSpec
{
    public required IList<DaprSecretScope> Scopes { get; init; }
}

internal sealed record DaprSecretScope
{
    public required string StoreName { get; init; }

    public required string DefaultAccess { get; init; }

    public IList<string>? AllowedSecrets { get; init; }
}

/// <summary>Dapr's Resiliency kind, typed so that a field in <c>dapr/components/resiliency.yaml</c> this does not know fails loudly.</summary>
internal sealed record DaprResiliency
{
    public string ApiVersion { get; init; } = "dapr.io/v1alpha1";

    public string Kind { get; init; } = "Resiliency";

    public required ObjectMeta Metadata { get; init; }

    public required DaprResiliencySpec Spec { get; init; }

    public IList<string>? Scopes { get; init; }
}

internal sealed record DaprResiliencySpec
{
    public required DaprResiliencyPolicies Policies { get; init; }

    public DaprResiliencyTargets? Targets { get; init; }
}

internal sealed record DaprResiliencyPolicies
{
    public IDictionary<string, string>? Timeouts { get; init; }

    public IDictionary<string, DaprRetryPolicy>? Retries { get; init; }

    public IDictionary<string, DaprCircuitBreakerPolicy>? CircuitBreakers { get; init; }
}

internal sealed record DaprRetryPolicy
{
    public required string Policy { get; init; }

    public string? Duration { get; init; }

    public string? MaxInterval { get; init; }

    public int? MaxRetries { get; init; }

    public DaprRetryMatching? Matching { get; init; }
}

internal sealed record DaprRetryMatching
{
    public string? HttpStatusCodes { get; init; }

    [YamlMember(Alias = "gRPCStatusCodes")]
    public string? GrpcStatusCodes { get; init; }
}

internal sealed record DaprCircuitBreakerPolicy
{
    public int? MaxRequests { get; init; }

    public string? Interval { get; init; }

    public string? Timeout { get; init; }

    public required string Trip { get; init; }
}

internal sealed record DaprResiliencyTargets
{
    public IDictionary<string, DaprResiliencyTarget>? Apps { get; init; }

    public IDictionary<string, DaprResiliencyComponentTarget>? Components { get; init; }
}

internal sealed record DaprResiliencyTarget
{
    public string? Timeout { get; init; }

    public string? Retry { get; init; }

    public string? CircuitBreaker { get; init; }
}

internal sealed record DaprResiliencyComponentTarget
{
    public DaprResiliencyTarget? Outbound { get; init; }

    public DaprResiliencyTarget? Inbound { get; init; }
}

internal sealed record Kustomization
{
    public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";

    public string Kind { get; init; } = "Kustomization";

    public string? Namespace { get; init; }

    public required IList<string> Resources { get; init; }

    public IList<KustomizeImage>? Images { get; init; }
}

internal sealed record KustomizeImage
{
    public required string Name { get; init; }

    public required string NewName { get; init; }

    public required string NewTag { get; init; }
}

/// <summary>External Secrets Operator: copies a secret from AWS Secrets Manager into a Kubernetes secret.</summary>
internal sealed record ExternalSecret
{
    public string ApiVersion { get; init; } = "external-secrets.io/v1";

    public string Kind { get; init; } = "ExternalSecret";

    public required ObjectMeta Metadata { get; init; }

    public required ExternalSecretSpec Spec { get; init; }
}

internal sealed record ExternalSecretSpec
{
    public required string RefreshInterval { get; init; }

    public required SecretStoreRef SecretStoreRef { get; init; }

    public required ExternalSecretTarget Target { get; init; }

    public required IList<ExternalSecretData> Data { get; init; }
}

internal sealed record SecretStoreRef
{
    public required string Name { get; init; }

    public required string Kind { get; init; }
}

internal sealed record ExternalSecretTarget
{
    public required string Name { get; init; }

    public required string CreationPolicy { get; init; }
}

internal sealed record ExternalSecretData
{
    public required string SecretKey { get; init; }

    public required RemoteRef RemoteRef { get; init; }
}

internal sealed record RemoteRef
{
    public required string Key { get; init; }

    public string? Property { get; init; }
}

internal sealed record ClusterSecretStore
{
    public string ApiVersion { get; init; } = "external-secrets.io/v1";

    public string Kind { get; init; } = "ClusterSecretStore";

    public required ObjectMeta Metadata { get; init; }

    public required ClusterSecretStoreSpec Spec { get; init; }
}

internal sealed record ClusterSecretStoreSpec
{
    public required SecretStoreProvider Provider { get; init; }
}

internal sealed record SecretStoreProvider
{
    public required AwsSecretStoreProvider Aws { get; init; }
}

internal sealed record AwsSecretStoreProvider
{
    public required string Service { get; init; }

    public required string Region { get; init; }
}
