using Aspire.Hosting;
using Microsoft.Extensions.Configuration;
using Platform.AppHost.Dapr;
using Platform.Settings;

namespace Platform.Stack.Tests.AppModel;

/// <summary>How the AppHost chooses Dapr or direct mode (a pure function of settings, PATH and home).</summary>
public sealed class DaprModeTests
{
    private const string Home = "/home/dev";

    [Fact]
    public void Auto_uses_daprd_from_PATH()
    {
        var choice = Choose(null, "/usr/bin:/opt/dapr", ["/opt/dapr/daprd", "/home/dev/.dapr/bin/daprd"]);

        Assert.Equal("/opt/dapr/daprd", choice.DaprdPath);
        Assert.StartsWith("Dapr: daprd at /opt/dapr/daprd", choice.Message);
    }

    [Fact]
    public void Auto_finds_daprd_where_dapr_init_slim_puts_it() =>
        Assert.Equal("/home/dev/.dapr/bin/daprd", Choose(null, "/usr/bin", ["/home/dev/.dapr/bin/daprd"]).DaprdPath);

    [Fact]
    public void Auto_without_daprd_is_direct_mode_and_says_what_was_looked_for_and_how_to_get_Dapr()
    {
        var choice = Choose(null, "/usr/bin", []);

        Assert.False(choice.Enabled);
        Assert.Contains("looked for Dapr:DaprdPath, daprd on PATH, ~/.dapr/bin/daprd", choice.Message);
        Assert.Contains("dapr init --slim", choice.Message);
    }

    [Fact]
    public void Off_is_direct_mode_even_with_daprd() =>
        Assert.False(Choose(new() { ["Dapr:Mode"] = "off" }, "/opt/dapr", ["/opt/dapr/daprd"]).Enabled);

    [Fact]
    public void On_without_daprd_fails_with_how_to_get_it() =>
        Assert.Contains("dapr init --slim", Assert.Throws<DistributedApplicationException>(() => Choose(new() { ["Dapr:Mode"] = "on" }, "/usr/bin", [])).Message);

    [Fact]
    public void An_explicit_daprd_path_that_does_not_exist_fails() =>
        Assert.Throws<DistributedApplicationException>(() => Choose(new() { ["Dapr:DaprdPath"] = "/nowhere/daprd" }, "/opt/dapr", ["/opt/dapr/daprd"]));

    [Fact]
    public void An_explicit_daprd_path_wins_over_PATH() =>
        Assert.Equal("/custom/daprd", Choose(new() { ["Dapr:DaprdPath"] = "/custom/daprd" }, "/opt/dapr", ["/opt/dapr/daprd", "/custom/daprd"]).DaprdPath);

    [Fact]
    public void An_unknown_mode_fails() =>
        Assert.Throws<SettingsException>(() => Choose(new() { ["Dapr:Mode"] = "maybe" }, "", []));

    private static DaprChoice Choose(Dictionary<string, string?>? settings, string path, string[] files) =>
        DaprModeChoice.Choose(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build(), path, Home, files.Contains);
}
