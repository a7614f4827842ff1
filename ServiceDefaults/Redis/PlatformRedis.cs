using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Settings;
using StackExchange.Redis;

namespace Platform.Redis;

public static class PlatformRedis
{
    /// <summary>
    /// Registers the Aspire Redis client once, however many features ask for it. Returns false when no
    /// <c>redis</c> connection string is configured (the stack then runs on its embedded store).
    /// </summary>
    public static bool TryAddPlatformRedis(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString(PlatformResources.Redis)))
        {
            return false;
        }

        if (!builder.Services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer)))
        {
            builder.AddRedisClient(PlatformResources.Redis);
        }

        return true;
    }
}
