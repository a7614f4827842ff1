using Platform.Login.Store;
using YamlDotNet.RepresentationModel;

namespace Platform.Tests.Dapr;

/// <summary>
/// The Dapr components and configuration in <c>dapr/</c> say what the code relies on: the state store's name and key
/// layout, who may load it, and resiliency and tracing being there at all. (No daprd runs here to load them.)
/// </summary>
public sealed class DaprResourcesTests
{
    private static readonly string DaprFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "dapr"));

    [Fact]
    public void The_assignments_store_is_Redis_with_keyPrefix_name_as_login_expects()
    {
        var component = Load("stores/redis/assignments.yaml");

        Assert.Equal("Component", Scalar(component, "kind"));
        Assert.Equal(StateStoreNames.Assignments, Scalar(component, "metadata", "name"));
        Assert.Equal("state.redis", Scalar(component, "spec", "type"));
        Assert.Equal("name", Metadata(component)["keyPrefix"]);
        Assert.Equal(["login"], Sequence(component, "scopes"));
    }

    [Fact]
    public void The_Redis_address_comes_from_the_sidecars_environment_through_the_env_secret_store()
    {
        var component = Load("stores/redis/assignments.yaml");
        var secretStore = Load("components/platform-env.yaml");

        var redisHost = ((YamlSequenceNode)Node(component, "spec", "metadata")).Children.Cast<YamlMappingNode>()
            .Single(m => m.Children[new YamlScalarNode("name")].ToString() == "redisHost");
        Assert.Equal("PLATFORM_REDIS_HOST", Scalar(redisHost, "secretKeyRef", "name"));
        Assert.Equal(Scalar(secretStore, "metadata", "name"), Scalar(component, "auth", "secretStore"));
        Assert.Equal("secretstores.local.env", Scalar(secretStore, "spec", "type"));
    }

    [Fact]
    public void On_the_embedded_store_the_assignments_store_is_state_sqlite_with_the_same_name_and_key_layout()
    {
        var sqlite = Load("stores/sqlite/assignments.yaml");
        var redis = Load("stores/redis/assignments.yaml");

        Assert.Equal("state.sqlite", Scalar(sqlite, "spec", "type"));
        Assert.Equal(Scalar(redis, "metadata", "name"), Scalar(sqlite, "metadata", "name"));
        Assert.Equal("name", Metadata(sqlite)["keyPrefix"]);
        // The table login's embedded store (SqliteStateStore) writes.
        Assert.Equal("state", Metadata(sqlite)["tableName"]);
        Assert.Equal(["login"], Sequence(sqlite, "scopes"));
        var connection = ((YamlSequenceNode)Node(sqlite, "spec", "metadata")).Children.Cast<YamlMappingNode>()
            .Single(m => m.Children[new YamlScalarNode("name")].ToString() == "connectionString");
        Assert.Equal("PLATFORM_SQLITE_PATH", Scalar(connection, "secretKeyRef", "name"));
        Assert.Contains("PLATFORM_SQLITE_PATH", Load("config.yaml").ToString());
    }

    [Fact]
    public void Resiliency_has_default_timeout_retry_and_circuit_breaker_policies_for_service_invocation()
    {
        var resiliency = Load("components/resiliency.yaml");

        Assert.Equal("Resiliency", Scalar(resiliency, "kind"));
        Assert.NotNull(Scalar(resiliency, "spec", "policies", "timeouts", "DefaultAppTimeoutPolicy"));
        Assert.Equal("502,503", Scalar(resiliency, "spec", "policies", "retries", "DefaultAppRetryPolicy", "matching", "httpStatusCodes"));
        Assert.NotNull(Scalar(resiliency, "spec", "policies", "circuitBreakers", "DefaultAppCircuitBreakerPolicy", "trip"));
    }

    [Fact]
    public void Tracing_samples_every_span()
    {
        var configuration = Load("config.yaml");

        Assert.Equal("Configuration", Scalar(configuration, "kind"));
        Assert.Equal("1", Scalar(configuration, "spec", "tracing", "samplingRate"));
    }

    [Fact]
    public void Every_sidecars_API_is_cut_to_invocation_over_HTTP_and_state_over_gRPC()
    {
        var allowed = ((YamlSequenceNode)Node(Load("config.yaml"), "spec", "api", "allowed")).Children.Cast<YamlMappingNode>()
            .Select(rule => $"{Scalar(rule, "name")} {Scalar(rule, "version")} {Scalar(rule, "protocol")}");

        // No metadata, no shutdown, no secrets: what the platform does not call does not answer.
        Assert.Equal(["invoke v1.0 http", "state v1 grpc"], allowed);
    }

    private static YamlMappingNode Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(DaprFolder, relativePath));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlNode Node(YamlMappingNode root, params string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode root, params string[] path) => ((YamlScalarNode)Node(root, path)).Value;

    private static IEnumerable<string?> Sequence(YamlMappingNode root, params string[] path) =>
        ((YamlSequenceNode)Node(root, path)).Children.Select(c => ((YamlScalarNode)c).Value);

    private static Dictionary<string, string?> Metadata(YamlMappingNode component) =>
        ((YamlSequenceNode)Node(component, "spec", "metadata")).Children.Cast<YamlMappingNode>()
            .Where(m => m.Children.ContainsKey(new YamlScalarNode("value")))
            .ToDictionary(m => m.Children[new YamlScalarNode("name")].ToString(), m => ((YamlScalarNode)m.Children[new YamlScalarNode("value")]).Value);
}
