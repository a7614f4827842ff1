using Microsoft.Data.Sqlite;

namespace Platform.Login.Store;

/// <summary>
/// The embedded state store: one SQLite file, in the table layout of Dapr's <c>state.sqlite</c> component (table
/// <c>state</c>, a UUID ETag per write, keys <c>assignments||{key}</c>, migration level recorded in <c>metadata</c>),
/// so Dapr mode with <c>state.sqlite</c> over the same file reads and writes the same data.
/// </summary>
/// <remarks>
/// Several processes (login instances, a Dapr sidecar) may open the file at once: WAL mode lets readers run beside
/// the one writer, a busy timeout makes a writer wait for the lock instead of failing, and every write is a single
/// statement (or, for several at once, one transaction), so a compare-and-set cannot interleave with another write.
/// </remarks>
internal sealed class SqliteStateStore : IStateStore, IDisposable
{
    private readonly int busyTimeoutMilliseconds;

    // Dapr's state.sqlite records its schema version under metadata.migrations; 1 means "the state table exists".
    // Writing it lets a Dapr sidecar open a file this store created without trying to create the table again.
    private const string DaprMigrationLevel = "1";

    private readonly string connectionString;

    /// <param name="busyTimeout">
    /// How long a write waits for another process's lock before failing (then answered 503): long enough for any
    /// other writer's single statement, short enough that a stuck lock does not hold a sign-in for seconds.
    /// </param>
    public SqliteStateStore(string path, TimeSpan? busyTimeout = null)
    {
        busyTimeoutMilliseconds = (int)(busyTimeout ?? TimeSpan.FromSeconds(1)).TotalMilliseconds;
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Whole seconds only; at least one.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeoutMilliseconds / 1000.0)),
        }.ToString();
        DatabasePath = fullPath;
        CreateSchema();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    public async Task<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT value, is_binary, etag FROM state
            WHERE key = $key AND (expiration_time IS NULL OR expiration_time > CURRENT_TIMESTAMP)
            """;
        command.Parameters.AddWithValue("$key", Prefixed(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var value = reader.GetString(0);
        // Dapr stores raw bytes base64-encoded with is_binary set; what it stores for JSON is the JSON text itself.
        var json = reader.GetBoolean(1) ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(value)) : value;
        return new StateEntry(json, reader.GetString(2));
    }

    public async Task<bool> TrySaveAsync(string key, string json, string? etag, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = WriteCommand(connection, new StateWrite(key, json, etag));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> TrySaveAllAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // BEGIN IMMEDIATE: the write lock is taken up front, so no other writer's statement lands between these.
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var write in writes)
        {
            await using var command = WriteCommand(connection, write);
            command.Transaction = transaction;
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM state WHERE key = $key";
        command.Parameters.AddWithValue("$key", Prefixed(key));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand WriteCommand(SqliteConnection connection, StateWrite write)
    {
        var command = connection.CreateCommand();
        // One statement each way: the condition and the write happen under one write lock, so of many writers
        // holding the same ETag exactly one matches. An expired row counts as missing, as it does for reads.
        command.CommandText = write switch
        {
            { CreateOnly: true } => """
                INSERT INTO state (key, value, is_binary, etag, update_time, expiration_time)
                VALUES ($key, $value, 0, $newEtag, CURRENT_TIMESTAMP, NULL)
                ON CONFLICT (key) DO UPDATE SET
                  value = excluded.value, is_binary = 0, etag = excluded.etag,
                  update_time = CURRENT_TIMESTAMP, expiration_time = NULL
                WHERE state.expiration_time IS NOT NULL AND state.expiration_time <= CURRENT_TIMESTAMP
                """,
            { ETag: null } => """
                INSERT INTO state (key, value, is_binary, etag, update_time, expiration_time)
                VALUES ($key, $value, 0, $newEtag, CURRENT_TIMESTAMP, NULL)
                ON CONFLICT (key) DO UPDATE SET
                  value = excluded.value, is_binary = 0, etag = excluded.etag,
                  update_time = CURRENT_TIMESTAMP, expiration_time = NULL
                """,
            _ => """
                UPDATE state SET value = $value, is_binary = 0, etag = $newEtag,
                  update_time = CURRENT_TIMESTAMP, expiration_time = NULL
                WHERE key = $key AND etag = $etag
                  AND (expiration_time IS NULL OR expiration_time > CURRENT_TIMESTAMP)
                """,
        };
        command.Parameters.AddWithValue("$key", Prefixed(write.Key));
        command.Parameters.AddWithValue("$value", write.Json);
        command.Parameters.AddWithValue("$newEtag", Guid.NewGuid().ToString());
        if (write is { CreateOnly: false, ETag: { } etag })
        {
            command.Parameters.AddWithValue("$etag", etag);
        }

        return command;
    }

    /// <summary>Closes the pooled connections to the file (tests delete it afterwards).</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// A connection to the file with this store's busy timeout, for features that keep tables of their own beside
    /// Dapr's <c>state</c> table (the drain view's open sessions).
    /// </summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // Per connection: wait for another process's write lock rather than fail with SQLITE_BUSY.
            pragma.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private void CreateSchema()
    {
        using var connection = OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        // WAL is a property of the file, kept once set. The table definitions are Dapr's migration 1, verbatim in
        // shape; IF NOT EXISTS and OR IGNORE make this safe when several processes start on one file at once.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            BEGIN IMMEDIATE;
            CREATE TABLE IF NOT EXISTS metadata (
              key TEXT NOT NULL PRIMARY KEY,
              value TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS state (
              key TEXT NOT NULL PRIMARY KEY,
              value TEXT NOT NULL,
              is_binary BOOLEAN NOT NULL,
              etag TEXT NOT NULL,
              expiration_time TIMESTAMP DEFAULT NULL,
              update_time TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
            );
            INSERT OR IGNORE INTO metadata (key, value) VALUES ('migrations', $migrations);
            COMMIT;
            """;
        command.Parameters.AddWithValue("$migrations", DaprMigrationLevel);
        command.ExecuteNonQuery();
    }

    private static string Prefixed(string key) => $"{StateStoreNames.Assignments}||{key}";
}
