namespace Platform.Deploy;

/// <summary>Names the Kubernetes manifests and the CloudFormation template must agree on.</summary>
internal static class Names
{
    public const string PartOf = "platform";
    public const string AppContainer = "app";
    public const string HttpPortName = "http";
    public const string DaprConfiguration = "platform";
    public const string StateStore = "assignments";
    public const string RegionConfigMap = "platform-region";
    public const string Collector = "otel-collector";
    public const string ExternalDns = "external-dns";
    public const string SecretStore = "aws-secrets-manager";
    public const string AlbGroup = "platform";

    /// <summary>Kubernetes secret with the regional ElastiCache endpoint (<c>host</c>) and AUTH token (<c>password</c>).</summary>
    public const string RedisSecret = "platform-redis";

    /// <summary>Secrets Manager: the AUTH token, created in the primary region and replicated to the others.</summary>
    public const string RedisAuthSecretName = "platform/redis-auth";

    /// <summary>Secrets Manager: the regional endpoint, written by each region's stack (JSON with <c>host</c>).</summary>
    public const string RedisEndpointSecretName = "platform/redis-endpoint";

    /// <summary>
    /// Kubernetes secret with the certificate that encrypts the session key ring at rest (<c>certificate.pfx</c>,
    /// PKCS#12 with its private key), mounted read-only into login and the gateway.
    /// </summary>
    public const string KeyRingCertificateSecret = "platform-keyring-certificate";

    /// <summary>Secrets Manager: that certificate, a binary secret the operator creates once (see README "Security model").</summary>
    public const string KeyRingCertificateSecretName = "platform/keyring-certificate";

    public const string KeyRingCertificateFile = "certificate.pfx";

    public const string KeyRingCertificateDirectory = "/var/run/secrets/platform/keyring";

    public const int RedisPort = 6379;
    public const int OtlpGrpcPort = 4317;
    public const int OtlpHttpPort = 4318;

    public static string ApiTokenSecret(string appId) => $"{appId}-dapr-api-token";

    public static string AppTokenSecret(string appId) => $"{appId}-dapr-app-token";

    public static string ApiTokenSecretName(string appId) => $"platform/dapr/{appId}/api-token";

    public static string AppTokenSecretName(string appId) => $"platform/dapr/{appId}/app-token";
}
