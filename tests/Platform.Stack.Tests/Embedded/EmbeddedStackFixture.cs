using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Embedded;

/// <summary>
/// The whole stack on the embedded store, as on a machine with only the .NET SDK: assignments in SQLite and the key
/// ring in a folder, both in this stack's data folder. Forced with <c>Store:Kind=embedded</c> so it runs the same on
/// machines that do have redis-server.
/// </summary>
public sealed class EmbeddedStackFixture : StackFixture
{
    public string SqlitePath => Path.Combine(DataPath, "platform.db");

    public string KeysPath => Path.Combine(DataPath, "keys");

    protected override IEnumerable<string> AppHostArguments => ["--Store:Kind=embedded"];

    public override Task<Dictionary<string, string?>> KeyRingConfigurationAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Session:KeysPath"] = KeysPath,
        ["Session:CertificatePath"] = KeyRingCertificatePath,
    });
}

[CollectionDefinition(Name)]
public sealed class EmbeddedStackCollection : ICollectionFixture<EmbeddedStackFixture>
{
    public const string Name = "embedded-stack";
}
