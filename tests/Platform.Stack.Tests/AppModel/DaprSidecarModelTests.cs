using Aspire.Hosting.ApplicationModel;
using Platform.AppHost.Dapr;
using Platform.Sidecars;

namespace Platform.Stack.Tests.AppModel;

/// <summary>
/// Dapr mode as the AppHost builds it (nothing is started, so no lock is needed): a daprd per instance, with the
/// arguments and environment it should have. daprd itself is a placeholder file: no Dapr runs here.
/// </summary>
public sealed class DaprSidecarModelTests(DaprModelFixture fixture) : IClassFixture<DaprModelFixture>
{
    private static readonly string RepoDapr = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "dapr"));
    private readonly AppModelReader model = fixture.Model;
    private readonly string fakeDaprd = fixture.FakeDaprd;

    [Fact]
    public void Every_instance_login_and_the_gateway_get_a_sidecar_with_the_app_id_of_their_version()
    {
        var sidecars = model.Model.Resources.OfType<DaprSidecarResource>().ToDictionary(s => s.Name, s => (s.AppId, App: s.App.Name));

        Assert.Equal(new Dictionary<string, (string, string)>
        {
            ["contacts-v1-1-dapr"] = ("contacts-v1", "contacts-v1-1"),
            ["contacts-v1-2-dapr"] = ("contacts-v1", "contacts-v1-2"),
            ["contacts-v2-1-dapr"] = ("contacts-v2", "contacts-v2-1"),
            ["contacts-v2-2-dapr"] = ("contacts-v2", "contacts-v2-2"),
            ["contacts-v2-3-dapr"] = ("contacts-v2", "contacts-v2-3"),
            ["insights-v1-1-dapr"] = ("insights-v1", "insights-v1-1"),
            ["insights-v2-1-dapr"] = ("insights-v2", "insights-v2-1"),
            ["login-dapr"] = ("login", "login"),
            ["gateway-dapr"] = ("gateway", "gateway"),
        }, sidecars);
        Assert.All(model.Model.Resources.OfType<DaprSidecarResource>(), s => Assert.Equal(fakeDaprd, s.Command));
    }

    [Theory]
    [InlineData("contacts-v2-3", "contacts-v2")]
    [InlineData("contacts-v1-1", "contacts-v1")]
    [InlineData("login", "login")]
    [InlineData("gateway", "gateway")]
    public async Task The_daprd_arguments_name_the_app_id_the_app_port_its_own_ports_and_the_repo_components(string instance, string appId)
    {
        var args = await model.ArgsAsync(model.Resource<DaprSidecarResource>($"{instance}-dapr"));

        Assert.Equal(
        [
            "--app-id", appId,
            "--app-port", $"{{{instance}.http.Port}}",
            "--app-protocol", "http",
            "--dapr-http-port", $"{{{instance}-dapr.http.TargetPort}}",
            "--dapr-grpc-port", $"{{{instance}-dapr.grpc.TargetPort}}",
            "--dapr-internal-grpc-port", $"{{{instance}-dapr.internal-grpc.TargetPort}}",
            "--metrics-port", $"{{{instance}-dapr.metrics.TargetPort}}",
            "--dapr-listen-addresses", "127.0.0.1",
            "--resources-path", Path.Combine(RepoDapr, "components"),
            "--resources-path", Path.Combine(RepoDapr, "stores", "redis"),
            "--config", Path.Combine(RepoDapr, "config.yaml"),
            "--enable-app-health-check=true",
            "--app-health-check-path", "/health",
            "--log-level", "info",
        ], args);
    }

    [Fact]
    public void Each_sidecar_has_its_own_endpoints_so_many_run_on_one_machine()
    {
        foreach (var sidecar in model.Model.Resources.OfType<DaprSidecarResource>())
        {
            var endpoints = sidecar.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name).Order();
            Assert.Equal(["grpc", "http", "internal-grpc", "metrics"], endpoints);
        }
    }

    [Theory]
    [InlineData("contacts-v2-2")]
    [InlineData("login")]
    [InlineData("gateway")]
    public async Task The_app_is_told_its_sidecars_ports(string instance)
    {
        var environment = await model.EnvironmentAsync(model.Resource<ProjectResource>(instance));

        Assert.Equal($"{{{instance}-dapr.http.Port}}", environment["DAPR_HTTP_PORT"]);
        Assert.Equal($"{{{instance}-dapr.grpc.Port}}", environment["DAPR_GRPC_PORT"]);
    }

    [Theory]
    [InlineData("contacts-v2-2")]
    [InlineData("login")]
    [InlineData("gateway")]
    public async Task The_sidecar_and_its_app_share_an_API_token_and_an_app_token_of_their_own(string instance)
    {
        var sidecar = model.Resource<DaprSidecarResource>($"{instance}-dapr");
        var sidecarEnvironment = await model.EnvironmentAsync(sidecar);
        var appEnvironment = await model.EnvironmentAsync(model.Resource<ProjectResource>(instance));

        Assert.Equal(sidecar.ApiToken, sidecarEnvironment[DaprTokens.ApiTokenVariable]);
        Assert.Equal(sidecar.AppToken, sidecarEnvironment[DaprTokens.AppTokenVariable]);
        Assert.Equal(sidecar.ApiToken, appEnvironment[DaprTokens.ApiTokenVariable]);
        Assert.Equal(sidecar.AppToken, appEnvironment[DaprTokens.AppTokenVariable]);
        Assert.Matches("^[0-9A-F]{64}$", sidecar.ApiToken);
        Assert.NotEqual(sidecar.ApiToken, sidecar.AppToken);
        // Never on the command line, where every process on the machine can read it.
        Assert.DoesNotContain(await model.ArgsAsync(sidecar), a => a.Contains(sidecar.ApiToken, StringComparison.Ordinal) || a.Contains(sidecar.AppToken, StringComparison.Ordinal));
    }

    [Fact]
    public void No_two_sidecars_share_a_token()
    {
        var tokens = model.Model.Resources.OfType<DaprSidecarResource>().SelectMany(s => new[] { s.ApiToken, s.AppToken }).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Login_uses_the_Dapr_state_store_and_waits_for_its_sidecar_which_gets_the_Redis_address()
    {
        var login = model.Resource<ProjectResource>("login");
        var sidecar = model.Resource<DaprSidecarResource>("login-dapr");

        var environment = await model.EnvironmentAsync(login);
        Assert.Equal("On", environment["Dapr__Mode"]);
        Assert.Equal("Redis", environment["Store__Kind"]);
        Assert.Contains("login-dapr", AppModelReader.WaitsFor(login));
        Assert.Contains("redis", AppModelReader.WaitsFor(sidecar));
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port}", (await model.EnvironmentAsync(sidecar))[DaprSidecarExtensions.RedisHostVariable]);
    }

    [Fact]
    public async Task The_gateway_uses_Dapr_invocation_and_waits_for_its_sidecar()
    {
        var gateway = model.Resource<ProjectResource>("gateway");

        Assert.Equal("On", (await model.EnvironmentAsync(gateway))["Dapr__Mode"]);
        Assert.Contains("gateway-dapr", AppModelReader.WaitsFor(gateway));
    }

    [Fact]
    public async Task Service_sidecars_get_no_Redis_and_wait_for_nothing()
    {
        var sidecar = model.Resource<DaprSidecarResource>("contacts-v1-1-dapr");

        Assert.DoesNotContain(DaprSidecarExtensions.RedisHostVariable, (await model.EnvironmentAsync(sidecar)).Keys);
        Assert.Empty(AppModelReader.WaitsFor(sidecar));
    }

    [Fact]
    public void The_components_and_configuration_the_sidecars_are_given_exist_in_the_repo()
    {
        Assert.True(File.Exists(Path.Combine(RepoDapr, "config.yaml")));
        Assert.True(File.Exists(Path.Combine(RepoDapr, "stores", "redis", "assignments.yaml")));
        Assert.True(File.Exists(Path.Combine(RepoDapr, "stores", "sqlite", "assignments.yaml")));
        Assert.True(File.Exists(Path.Combine(RepoDapr, "components", "resiliency.yaml")));
    }
}

/// <summary>The model built once for all Dapr-mode model tests (building it takes seconds).</summary>
public sealed class DaprModelFixture : IAsyncLifetime
{
    public string FakeDaprd { get; } = Path.Combine(Directory.CreateTempSubdirectory("fake-daprd-").FullName, "daprd");

    public AppModelReader Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(FakeDaprd, "#!/bin/sh\nexit 1\n");
        // Three instances of contacts v2 (the sample has two), to see that replicas each get a sidecar.
        Model = await AppModelReader.BuildAsync("--Dapr:Mode=on", $"--Dapr:DaprdPath={FakeDaprd}", "--VersionMatrix:contacts:Versions:v2:Instances=3");
    }

    public async Task DisposeAsync()
    {
        await Model.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(FakeDaprd)!, recursive: true);
    }
}

/// <summary>
/// Dapr mode on the embedded store: the same sidecars, with Dapr's own state.sqlite component over the embedded
/// store's file instead of Redis, and login on the same Dapr code path.
/// </summary>
public sealed class DaprOnEmbeddedStoreModelTests
{
    private static readonly string RepoDapr = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "dapr"));

    [Fact]
    public async Task Login_sidecar_gets_the_sqlite_component_and_the_file_and_login_stays_on_the_Dapr_state_store()
    {
        var folder = Directory.CreateTempSubdirectory("fake-daprd-").FullName;
        var daprd = Path.Combine(folder, "daprd");
        await File.WriteAllTextAsync(daprd, "#!/bin/sh\nexit 1\n");
        try
        {
            await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=on", $"--Dapr:DaprdPath={daprd}", "--Store:Kind=embedded", $"--Store:DataPath={folder}");
            var sidecar = model.Resource<DaprSidecarResource>("login-dapr");
            var environment = await model.EnvironmentAsync(sidecar);
            var args = await model.ArgsAsync(sidecar);

            Assert.Equal(Path.Combine(folder, "platform.db"), environment[DaprSidecarExtensions.SqlitePathVariable]);
            Assert.DoesNotContain(DaprSidecarExtensions.RedisHostVariable, environment.Keys);
            Assert.Contains(Path.Combine(RepoDapr, "stores", "sqlite"), args);
            Assert.DoesNotContain(Path.Combine(RepoDapr, "stores", "redis"), args);
            var loginEnvironment = await model.EnvironmentAsync(model.Resource<ProjectResource>("login"));
            Assert.Equal("On", loginEnvironment["Dapr__Mode"]);
            Assert.Equal("Embedded", loginEnvironment["Store__Kind"]);
            Assert.DoesNotContain(model.Model.Resources, r => r.Name == "redis");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Direct mode builds no sidecar and leaves the gateway and login as they were.</summary>
public sealed class DirectModeModelTests
{
    [Fact]
    public async Task With_Dapr_off_there_are_no_sidecars()
    {
        await using var model = await AppModelReader.BuildAsync("--Dapr:Mode=off");

        Assert.Empty(model.Model.Resources.OfType<DaprSidecarResource>());
        Assert.DoesNotContain("Dapr__Mode", (await model.EnvironmentAsync(model.Resource<ProjectResource>("gateway"))).Keys);
        var login = await model.EnvironmentAsync(model.Resource<ProjectResource>("login"));
        Assert.DoesNotContain("Dapr__Mode", login.Keys);
        Assert.Equal("Redis", login["Store__Kind"]);
    }
}
