using Microsoft.Extensions.DependencyInjection;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.AppHost.Store;

/// <summary>
/// Redis run as a local executable (<c>redis-server</c> from the OS packages), because these machines have no
/// container engine. Its connection string is <c>host:port</c>, as StackExchange.Redis expects.
/// </summary>
internal sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)}");
}

internal static class RedisServerExtensions
{
    /// <summary>
    /// Adds <c>redis-server</c> with append-only persistence in <paramref name="dataDirectory"/>, so assignments
    /// survive a restart of the stack, and a PING health check so dependants can <c>WaitFor</c> it.
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, string name, string redisServerPath, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var redis = new RedisServerResource(name, redisServerPath, dataDirectory);
        var healthCheckKey = $"{name}_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey,
            _ => new RedisPingHealthCheck(redis), failureStatus: null, tags: null));

        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp")
            .WithArgs(context =>
            {
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
            var connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "";
            var separator = connectionString.LastIndexOf(':');
            using var client = new TcpClient();
            await client.ConnectAsync(connectionString[..separator], int.Parse(connectionString[(separator + 1)..]), cancellationToken);
            await using var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Redis did not answer PING with PONG.");
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException or ArgumentOutOfRangeException)
        {
            return HealthCheckResult.Unhealthy("Redis is not answering yet.", e);
        }
    }
}
