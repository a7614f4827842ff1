using System.Net.Sockets;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Platform.Settings;
using Platform.Stack.Tests.Embedded;
using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Security;

/// <summary>
/// Keys and data at rest on the Redis the AppHost runs: Redis refuses anyone without the password, the key ring in it
/// is encrypted, the gateway's own Redis user can read the key ring and nothing else, and the data folder, the
/// Redis folder and the secrets are readable by their owner only.
/// </summary>
[Collection(StackCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and /proc: the stack tests run on Linux
public sealed class AtRestOnRedisTests(StackFixture stack)
{
    private const string KeyRingKey = PlatformResources.RedisKeyRingKey;

    [Fact]
    public async Task Redis_refuses_a_client_without_the_password()
    {
        var (host, port) = await RedisAddressAsync();

        var answer = await RespAsync(host, port, "PING", "GET x", "HGETALL assignments||user:admin@platform.test");

        Assert.StartsWith("-NOAUTH", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("PONG", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_ring_in_Redis_is_encrypted_with_the_certificate()
    {
        var (host, port) = await RedisAddressAsync();
        var password = await File.ReadAllTextAsync(Path.Combine(DataPath(), "redis.password"));

        var answer = await RespAsync(host, port, $"AUTH {password.Trim()}", $"LRANGE {KeyRingKey} 0 -1");

        Assert.Contains("<key id=", answer, StringComparison.Ordinal);
        Assert.Contains("EncryptedData", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted form", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateways_redis_user_reads_the_key_ring_and_can_write_nothing()
    {
        var connection = await GatewayConnectionStringAsync();
        var user = Option(connection, "user");
        var password = Option(connection, "password");
        Assert.NotNull(user);
        var (host, port) = await RedisAddressAsync();

        var answer = await RespAsync(host, port,
            $"AUTH {user} {password}",
            $"LRANGE {KeyRingKey} 0 -1",
            $"RPUSH {KeyRingKey} forged",
            $"DEL {KeyRingKey}",
            "HGETALL assignments||user:admin@platform.test",
            "HSET assignments||user:mallory@evil.test data x",
            "FLUSHALL",
            "CONFIG SET requirepass x");

        var lines = Replies(answer);
        Assert.Equal("+OK", lines[0]);
        Assert.StartsWith("*", lines[1], StringComparison.Ordinal); // the key ring, readable
        Assert.Equal(6, lines.Count(l => l.StartsWith("-NOPERM", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Redis_gets_its_password_from_a_file_never_on_its_command_line()
    {
        // redis-server rewrites its process title, so /proc shows nothing either way: check what the AppHost passes.
        var password = (await File.ReadAllTextAsync(Path.Combine(DataPath(), "redis.password"))).Trim();
        var redis = stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == PlatformResources.Redis);
        var args = new List<object>();
        foreach (var callback in redis.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, redis, CancellationToken.None));
        }

        Assert.Equal(Path.Combine(DataPath(), "redis.conf"), args[0]);
        Assert.All(args, arg => Assert.DoesNotContain(password, arg.ToString() ?? "", StringComparison.Ordinal));
        Assert.Contains($"requirepass {password}", await File.ReadAllTextAsync(Path.Combine(DataPath(), "redis.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_data_folder_redis_folder_and_secrets_are_for_their_owner_only()
    {
        var data = DataPath();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(data, "redis")));
        foreach (var secret in new[] { "redis.password", "redis-gateway.password", "redis.conf", "keyring-certificate.pfx" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, secret)));
        }
    }

    private string DataPath() => Path.GetDirectoryName(stack.KeyRingCertificatePath)!;

    private Task<(string Host, int Port)> RedisAddressAsync()
    {
        var endpoint = stack.App.GetEndpoint(PlatformResources.Redis, "tcp");
        return Task.FromResult((endpoint.Host, endpoint.Port));
    }

    /// <summary>The connection string the AppHost gives the gateway, resolved as the gateway receives it.</summary>
    private async Task<string> GatewayConnectionStringAsync()
    {
        var model = stack.App.Services.GetRequiredService<DistributedApplicationModel>();
        var gateway = model.Resources.OfType<ProjectResource>().Single(r => r.Name == PlatformResources.Gateway);
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(stack.App.Services.GetRequiredService<DistributedApplicationExecutionContext>(), gateway, environment);
        foreach (var callback in gateway.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return environment[$"ConnectionStrings__{PlatformResources.Redis}"] switch
        {
            string text => text,
            IValueProvider value => await value.GetValueAsync() ?? "",
            var other => other.ToString() ?? "",
        };
    }

    private static string? Option(string connectionString, string name) =>
        connectionString.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == name).Select(p => p[1]).SingleOrDefault();

    /// <summary>Sends Redis inline commands and returns everything it answered within a moment.</summary>
    internal static async Task<string> RespAsync(string host, int port, params string[] commands)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(commands.Select(c => c + "\r\n"))));
        var answer = new StringBuilder();
        var buffer = new byte[64 * 1024];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, quiet.Token)) > 0)
            {
                answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            // Redis keeps the connection open: what arrived in two seconds is the answer.
        }

        return answer.ToString();
    }

    /// <summary>The top-level reply lines (status, error, array or bulk headers), skipping bulk contents.</summary>
    private static List<string> Replies(string answer)
    {
        var replies = new List<string>();
        var lines = answer.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('*') && int.TryParse(line[1..], out var count))
            {
                replies.Add(line);
                i += Math.Max(count, 0) * 2; // each element: $len, content (the key ring's XML has no CRLF inside)
            }
            else if (line.Length > 0)
            {
                replies.Add(line);
            }
        }

        return replies;
    }
}

/// <summary>On the embedded store: the key files are encrypted, the keys folder is owner-only.</summary>
[Collection(EmbeddedStackCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtRestOnEmbeddedTests(EmbeddedStackFixture stack)
{
    [Fact]
    public void The_key_files_are_encrypted_and_their_folder_is_owner_only()
    {
        var keys = Directory.GetFiles(stack.KeysPath, "*.xml");

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            var xml = File.ReadAllText(key);
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(stack.KeysPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stack.KeyRingCertificatePath));
    }
}
