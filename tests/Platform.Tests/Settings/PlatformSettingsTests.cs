using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Settings;

namespace Platform.Tests.Settings;

public sealed class PlatformSettingsTests
{
    [Fact]
    public void A_section_binds_case_insensitively_with_defaults_for_what_is_not_set()
    {
        var store = PlatformSettings.Read<StoreOptions>(Config(("Store:Kind", "embedded"), ("Store:SqlitePath", "/data/platform.db")));

        Assert.Equal(StoreKind.Embedded, store.Kind);
        Assert.Equal("/data/platform.db", store.SqlitePath);
        Assert.Equal(TimeSpan.FromHours(8), PlatformSettings.Read<SessionOptions>(Config()).Lifetime);
    }

    [Fact]
    public void An_unknown_value_is_refused_naming_the_section_the_key_and_the_value()
    {
        var error = Assert.Throws<SettingsException>(() => PlatformSettings.Read<StoreOptions>(Config(("Store:Kind", "mongo"))));

        Assert.Contains("'Store'", error.Message);
        Assert.Contains("Store:Kind", error.Message);
        Assert.Contains("mongo", error.Message);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var error = Assert.Throws<SettingsException>(() => PlatformSettings.Read<TelemetryOptions>(Config(("Telemetry:TraceSampleRatio", "1.5"))));

        Assert.Contains("TraceSampleRatio must be from 0 to 1, not 1.5", error.Message);
    }

    [Fact]
    public void The_environment_variable_of_a_setting_is_its_section_and_key()
    {
        Assert.Equal("Store__Kind", PlatformSettings.EnvironmentVariable<StoreOptions>(nameof(StoreOptions.Kind)));
        Assert.Equal("Dapr__Mode", PlatformSettings.EnvironmentVariable<DaprOptions>(nameof(DaprOptions.Mode)));
    }

    [Fact]
    public void Settings_added_to_a_host_are_validated_when_it_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddSettings<LoginOptions>();
        builder.Configuration.AddInMemoryCollection([new("Login:AttemptsPerMinute", "0")]);
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LoginOptions>>().Value);
        Assert.Contains("Login: AttemptsPerMinute must be at least 1", error.Message);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();
}
