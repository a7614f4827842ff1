using Microsoft.Extensions.Configuration;
using Platform.Gateway.Transport;
using Platform.Settings;
using Platform.Sidecars;
using Platform.Tests.TestSupport;

namespace Platform.Tests.Gateway.Transport;

public sealed class TransportSelectionTests
{
    [Theory]
    [InlineData(null, "direct")]
    [InlineData("Off", "direct")]
    [InlineData("on", "dapr")]
    public void Dapr_Mode_chooses_the_transport(string? setting, string expected)
    {
        var configuration = Config(("Dapr:Mode", setting));

        Assert.Equal(expected, TransportSelection.Create(PlatformSettings.Read<DaprOptions>(configuration), configuration).Name);
    }

    [Fact]
    public void An_unknown_mode_fails_at_startup_naming_the_setting() =>
        Assert.Contains("Dapr", Assert.Throws<SettingsException>(() => PlatformSettings.Read<DaprOptions>(Config(("Dapr:Mode", "grpc")))).Message);

    [Theory]
    [InlineData(null, null, "http://127.0.0.1:3500/")]
    [InlineData(null, "3601", "http://127.0.0.1:3601/")]
    [InlineData("http://sidecar:3502", "3601", "http://sidecar:3502/")]
    public void The_sidecar_is_found_as_the_Dapr_SDKs_find_it(string? endpoint, string? port, string expected) =>
        Assert.Equal(expected, DaprTransport.SidecarAddress(Config(("DAPR_HTTP_ENDPOINT", endpoint), ("DAPR_HTTP_PORT", port))).ToString());

    [Fact]
    public void Every_version_cluster_has_the_sidecars_invoke_API_of_its_app_id_as_its_only_destination_and_the_app_id_as_its_id()
    {
        var transport = new DaprTransport(new Uri("http://127.0.0.1:3601"), apiToken: null);

        var clusters = TestMatrix.Create().AllVersions.Select(transport.CreateCluster).ToList();

        Assert.Equal(["contacts-v1", "contacts-v2", "insights-v1", "insights-v2"], clusters.Select(c => c.ClusterId));
        // YARP appends the request's path: /api/contacts/x -> .../method/x, so no client path is a sidecar API path.
        Assert.All(clusters, c => Assert.Equal($"http://127.0.0.1:3601/v1.0/invoke/{c.ClusterId}/method", Assert.Single(c.Destinations!).Value.Address));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("s3cret", true)]
    public void The_sidecars_API_token_is_sent_when_DAPR_API_TOKEN_is_set(string? token, bool sent)
    {
        var configuration = Config(("Dapr:Mode", "On"), (DaprTokens.ApiTokenVariable, token));

        var transport = Assert.IsType<DaprTransport>(TransportSelection.Create(PlatformSettings.Read<DaprOptions>(configuration), configuration));

        Assert.Equal(sent, transport.SendsApiToken);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
