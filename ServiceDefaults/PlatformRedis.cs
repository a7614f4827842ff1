using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class PlatformRedis
{
    public const string ConnectionName = "redis";

    /// <summary>
    /// Registers the Aspire Redis client once, however many features ask for it. Returns false when no
    /// <c>redis</c> connection string is configured (the stack then runs on its embedded store).
    /// </summary>
    public static bool TryAddPlatformRedis(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString(ConnectionName)))
        {
            return false;
        }

        if (!builder.Services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer)))
        {
            builder.AddRedisClient(ConnectionName);
        }

        return true;
    }
}
