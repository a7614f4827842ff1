using Aspire.Hosting;
using Platform.AppHost.Store;
using Platform.Settings;

namespace Platform.Stack.Tests.Embedded;

/// <summary>Which store the AppHost picks from its settings (no stack is started).</summary>
public sealed class StoreSelectionTests : IDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("platform-select-").FullName;

    public void Dispose() => Directory.Delete(dataPath, recursive: true);

    [Fact]
    public void Auto_without_redis_server_or_connection_string_is_the_embedded_store_in_the_data_folder()
    {
        var store = Select();

        Assert.Equal(StoreKind.Embedded, store.Kind);
        Assert.Null(store.Redis);
        Assert.Equal(Path.Combine(dataPath, "platform.db"), store.SqlitePath);
        Assert.Equal(Path.Combine(dataPath, "keys"), store.KeysPath);
    }

    [Fact]
    public void Auto_with_a_connection_string_is_redis()
    {
        var store = Select("--ConnectionStrings:redis=localhost:6399");

        Assert.Equal(StoreKind.Redis, store.Kind);
        Assert.NotNull(store.Redis);
    }

    [Fact]
    public void Embedded_can_be_forced_even_with_a_connection_string()
    {
        Assert.Equal(StoreKind.Embedded, Select("--Store:Kind=embedded", "--ConnectionStrings:redis=localhost:6399").Kind);
    }

    [Fact]
    public void Forcing_redis_without_redis_server_fails_with_one_line_naming_the_install_command()
    {
        var error = Assert.Throws<PlatformStoreException>(() => Select("--Store:Kind=redis"));

        Assert.Contains("sudo apt-get install -y redis-server", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_redis_server_path_that_does_not_exist_is_an_error_not_a_silent_fallback()
    {
        var error = Assert.Throws<PlatformStoreException>(() => Select("--Store:RedisServerPath=/nonexistent/redis-server"));

        Assert.Contains("/nonexistent/redis-server", error.Message);
    }

    [Fact]
    public void Redis_server_found_on_path_is_run_by_the_apphost()
    {
        var store = PlatformStore.Choose(DistributedApplication.CreateBuilder([$"--Store:DataPath={dataPath}"]), _ => "/usr/bin/redis-server");

        Assert.Equal(StoreKind.Redis, store.Kind);
        Assert.IsType<RedisServerResource>(store.Redis!.Resource);
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        Assert.Contains("Store", Assert.Throws<SettingsException>(() => Select("--Store:Kind=mongo")).Message);
    }

    /// <summary>Selects the store as on a machine without redis-server on PATH.</summary>
    private PlatformStore Select(params string[] args) =>
        PlatformStore.Choose(DistributedApplication.CreateBuilder([$"--Store:DataPath={dataPath}", .. args]), _ => null);
}
