using Platform.Stack.Tests.Infrastructure;

namespace Platform.Stack.Tests.Reliability;

/// <summary>
/// A stack of its own for fault tests (they kill instances and freeze the store, which other collections must not
/// see), on Redis run by the AppHost, as in production-like use: forced, so a machine without redis-server fails
/// loudly instead of silently testing the embedded store.
/// </summary>
public sealed class RedisStackFixture : StackFixture
{
    protected override IEnumerable<string> AppHostArguments => ["--Store:Kind=redis"];
}

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<RedisStackFixture>
{
    public const string Name = "reliability";
}
