using Microsoft.Data.Sqlite;
using Platform.Login.Store;

namespace Platform.Tests.Login.Store;

/// <summary>The store contract on the embedded store, on a fresh temporary database file.</summary>
public sealed class SqliteStateStoreTests : StateStoreContract
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-sqlite-").FullName;

    private string DatabasePath => Path.Combine(folder, "platform.db");

    protected override Task<IStateStore> OpenStoreAsync() => Task.FromResult<IStateStore>(Track(new SqliteStateStore(DatabasePath)));

    protected override Task StopBackendAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Layout_is_daprs_state_sqlite_so_a_dapr_sidecar_reads_the_same_file()
    {
        await Store.TrySaveAsync("tenant:acme", """{"tenant":"acme"}""", null);
        var entry = await Store.GetAsync("tenant:acme");

        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal("1", Scalar(connection, "SELECT value FROM metadata WHERE key = 'migrations'"));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value, is_binary, etag, expiration_time, update_time FROM state";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("assignments||tenant:acme", reader.GetString(0));
        Assert.Equal("""{"tenant":"acme"}""", reader.GetString(1));
        Assert.False(reader.GetBoolean(2));
        Assert.Equal(entry!.ETag, reader.GetString(3));
        Assert.True(Guid.TryParse(reader.GetString(3), out _));
        Assert.True(reader.IsDBNull(4));
        Assert.False(reader.IsDBNull(5));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Rows_dapr_wrote_are_read_binary_included_and_expired_ones_are_missing()
    {
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO state (key, value, is_binary, etag) VALUES
                  ('assignments||from-dapr', '{"a":1}', 0, 'e1'),
                  ('assignments||binary', 'eyJiIjoyfQ==', 1, 'e2');
                INSERT INTO state (key, value, is_binary, etag, expiration_time) VALUES
                  ('assignments||expired', '{"c":3}', 0, 'e3', DATETIME(CURRENT_TIMESTAMP, '-1 seconds'));
                """;
            command.ExecuteNonQuery();
        }

        Assert.Equal(new StateEntry("""{"a":1}""", "e1"), await Store.GetAsync("from-dapr"));
        Assert.Equal(new StateEntry("""{"b":2}""", "e2"), await Store.GetAsync("binary"));
        Assert.Null(await Store.GetAsync("expired"));
        Assert.False(await Store.TrySaveAsync("expired", """{"c":4}""", "e3"));
    }

    [Fact]
    public async Task A_second_store_opened_on_the_same_file_sees_the_data()
    {
        await Store.TrySaveAsync("k", """{"n":1}""", null);

        using var second = new SqliteStateStore(DatabasePath);

        Assert.NotNull(await second.GetAsync("k"));
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
