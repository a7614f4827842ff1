using Microsoft.Data.Sqlite;
using Platform.Login.Store;

namespace Platform.Login.Drain;

/// <summary>
/// Open sessions in the embedded store's SQLite file, in tables of their own beside Dapr's <c>state</c> table (a
/// Dapr sidecar on the same file ignores them): one row per session and one per pinned version, with the expiry on
/// both, so counting is one indexed query from now. Recording a session is one transaction: one write at sign-in.
/// </summary>
internal sealed class SqliteOpenSessionStore : IOpenSessionStore
{
    private readonly SqliteStateStore database;

    public SqliteOpenSessionStore(SqliteStateStore database)
    {
        this.database = database;
        CreateSchema();
    }

    public async Task RecordAsync(OpenSession session, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Sessions expired by now leave as new ones come, so the tables stay as large as the sessions still open.
        var versions = string.Join(", ", session.AppIds.Select((_, i) => $"($id, $app{i}, $expires)"));
        command.CommandText = $"""
            DELETE FROM drain_session_versions WHERE expires <= $issued;
            DELETE FROM drain_sessions WHERE expires <= $issued;
            INSERT OR REPLACE INTO drain_sessions (session_id, user, issued, expires) VALUES ($id, $user, $issued, $expires);
            {(session.AppIds.Count == 0 ? "" : $"INSERT OR REPLACE INTO drain_session_versions (session_id, app_id, expires) VALUES {versions};")}
            """;
        command.Parameters.AddWithValue("$id", session.SessionId);
        command.Parameters.AddWithValue("$user", session.User.ToLowerInvariant());
        command.Parameters.AddWithValue("$issued", session.IssuedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$expires", session.Expires.ToUnixTimeMilliseconds());
        for (var i = 0; i < session.AppIds.Count; i++)
        {
            command.Parameters.AddWithValue($"$app{i}", session.AppIds[i]);
        }

        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public Task EndSessionAsync(string sessionId, CancellationToken ct) =>
        EndAsync("session_id = $id", command => command.Parameters.AddWithValue("$id", sessionId), ct);

    public Task EndUserSessionsAsync(string user, DateTimeOffset issuedBefore, CancellationToken ct) =>
        EndAsync("user = $user AND issued < $before", command =>
        {
            command.Parameters.AddWithValue("$user", user.ToLowerInvariant());
            command.Parameters.AddWithValue("$before", issuedBefore.ToUnixTimeMilliseconds());
        }, ct);

    public async Task<IReadOnlyDictionary<string, long>> CountOpenAsync(IReadOnlyCollection<string> appIds, DateTimeOffset now, CancellationToken ct)
    {
        var counts = appIds.Distinct(StringComparer.Ordinal).ToDictionary(a => a, _ => 0L, StringComparer.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT app_id, COUNT(*) FROM drain_session_versions WHERE expires > $now GROUP BY app_id";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (counts.ContainsKey(reader.GetString(0)))
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    // Both tables in one transaction, so no reader sees a session without its versions or the other way round.
    private async Task EndAsync(string which, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            DELETE FROM drain_session_versions WHERE session_id IN (SELECT session_id FROM drain_sessions WHERE {which});
            DELETE FROM drain_sessions WHERE {which};
            """;
        bind(command);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private void CreateSchema()
    {
        using var connection = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        // IF NOT EXISTS: several login instances may start on one file at once.
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS drain_sessions (
              session_id TEXT NOT NULL PRIMARY KEY,
              user TEXT NOT NULL,
              issued INTEGER NOT NULL,
              expires INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS drain_sessions_user ON drain_sessions (user, issued);
            CREATE INDEX IF NOT EXISTS drain_sessions_expires ON drain_sessions (expires);
            CREATE TABLE IF NOT EXISTS drain_session_versions (
              session_id TEXT NOT NULL,
              app_id TEXT NOT NULL,
              expires INTEGER NOT NULL,
              PRIMARY KEY (session_id, app_id)
            );
            CREATE INDEX IF NOT EXISTS drain_session_versions_count ON drain_session_versions (app_id, expires);
            CREATE INDEX IF NOT EXISTS drain_session_versions_expires ON drain_session_versions (expires);
            """;
        command.ExecuteNonQuery();
    }
}
