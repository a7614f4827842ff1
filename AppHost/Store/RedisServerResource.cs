using Microsoft.Extensions.DependencyInjection;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Settings;

namespace Platform.AppHost.Store;

/// <summary>
/// Redis run as a local executable (<c>redis-server</c> from the OS packages), because these machines have no
/// container engine. It requires a password (generated once, kept owner-only in the data folder), and has a second
/// user for the gateway that may only read the session key ring. Its connection string is
/// <c>host:port,password=…</c>, as StackExchange.Redis expects.
/// </summary>
internal sealed class RedisServerResource(string name, string command, string workingDirectory, ParameterResource password, ParameterResource keyRingReaderPassword)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    /// <summary>The Redis ACL user of the gateway: it reads the key ring and nothing else.</summary>
    public const string KeyRingReaderUser = "gateway";

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>The default user's password (full access: login and its sidecar).</summary>
    public ParameterResource Password { get; } = password;

    public ParameterResource KeyRingReaderPassword { get; } = keyRingReaderPassword;

    /// <summary><c>host:port</c> alone, for Dapr's <c>redisHost</c>.</summary>
    public ReferenceExpression HostAndPort =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");

    /// <summary>The gateway's connection string: user <see cref="KeyRingReaderUser"/>, which may only read the key ring.</summary>
    public ReferenceExpression KeyRingReaderConnectionString =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},user={KeyRingReaderUser},password={KeyRingReaderPassword}");
}

internal static class RedisServerExtensions
{
    /// <summary>
    /// Adds <c>redis-server</c> with append-only persistence in <paramref name="dataDirectory"/> (owner-only), so
    /// assignments survive a restart of the stack, passwords from <paramref name="secretsDirectory"/>, and an
    /// authenticated PING health check so dependants can <c>WaitFor</c> it.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name, string redisServerPath, string dataDirectory, string secretsDirectory)
    {
        LocalSecrets.OwnerOnlyDirectory(dataDirectory);
        // Secret parameters: the dashboard masks them wherever a connection string shows them.
        var passwordValue = LocalSecrets.Password(Path.Combine(secretsDirectory, "redis.password"));
        var readerPasswordValue = LocalSecrets.Password(Path.Combine(secretsDirectory, "redis-gateway.password"));
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        var readerPassword = builder.AddParameter($"{name}-gateway-password", readerPasswordValue, secret: true);
        var redis = new RedisServerResource(name, redisServerPath, dataDirectory, password.Resource, readerPassword.Resource);
        // The passwords go into a config file (owner-only), not the command line, where every process list shows it.
        var configFile = Path.Combine(secretsDirectory, "redis.conf");
        LocalSecrets.WriteOwnerOnly(configFile, System.Text.Encoding.UTF8.GetBytes(RedisConfig(passwordValue, readerPasswordValue)));
        var healthCheckKey = $"{name}_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new RedisPingHealthCheck(redis), failureStatus: null, tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add(configFile);
                context.Args.Add("--port");
                context.Args.Add(redis.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--dir");
                context.Args.Add(dataDirectory);
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                // No RDB snapshots besides the append-only file: one persistence mechanism to reason about.
                context.Args.Add("--save");
                context.Args.Add("");
            })
            .WithHealthCheck(healthCheckKey);
    }

    /// <summary>
    /// The default user needs the password; the gateway's user may authenticate, ping, and read (LRANGE, what the
    /// Data Protection Redis repository reads with) only the key ring's key: it can neither write the key ring nor
    /// touch users or assignments.
    /// </summary>
    private static string RedisConfig(string password, string readerPassword) =>
        $"""
        requirepass {password}
        user {RedisServerResource.KeyRingReaderUser} on >{readerPassword} resetkeys %R~{PlatformResources.RedisKeyRingKey} resetchannels -@all +@connection +lrange
        """ + "\n";
}

/// <summary>
/// Sends Redis a PING over its wire protocol. The AppHost has no Redis client library, and a PING is one line each
/// way, so this is smaller than adding one.
/// </summary>
internal sealed class RedisPingHealthCheck(RedisServerResource redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hostAndPort = await redis.HostAndPort.GetValueAsync(cancellationToken) ?? "";
            var password = await redis.Password.GetValueAsync(cancellationToken) ?? "";
            var separator = hostAndPort.LastIndexOf(':');
            using var client = new TcpClient();
            await client.ConnectAsync(hostAndPort[..separator], int.Parse(hostAndPort[(separator + 1)..]), cancellationToken);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {password}\r\nPING\r\n"), cancellationToken);
            var answer = new StringBuilder();
            var buffer = new byte[64];
            while (!answer.ToString().Contains("\r\n+PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-'))
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            // Only what Redis answered is reported, never what was sent: the message must not carry the password.
            return answer.ToString().StartsWith("+OK\r\n+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Redis did not answer PING with PONG.");
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException or ArgumentOutOfRangeException)
        {
            return HealthCheckResult.Unhealthy("Redis is not answering yet.", e);
        }
    }
}
