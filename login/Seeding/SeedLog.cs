namespace Platform.Login.Seeding;

/// <summary>What seeding and its guard do, for operators. Passwords are never logged.</summary>
internal sealed partial class SeedLog
{
    private SeedLog()
    {
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Development seed: {Written} documents written, the rest were already there.")]
    public static partial void Seeded(ILogger logger, int written);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Another instance updated the tenant and ring lists while seeding; keeping its version.")]
    public static partial void IndexesChangedWhileSeeding(ILogger logger);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Critical, Message = "Demo accounts {Accounts} still have the published demo password; login will not start outside Development.")]
    public static partial void DemoPasswordInUse(ILogger logger, string accounts);
}
